import { gammaln } from "simple-statistics";

/** Density of Student's t distribution with `df` degrees of freedom. */
function density(t: number, df: number): number {
  const logC = gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log(1 + (t * t) / df));
}

/** P(T <= t): Simpson's rule over the smooth density, accurate to ~1e-7 for the df used here (>= 1). */
export function tCdf(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const x = Math.abs(t);
  // Beyond |t| = 1e4 the remaining tail is negligible for any df >= 1 at the precision needed.
  const upper = Math.min(x, 1e4);
  const steps = 2000;
  const h = upper / steps;
  let sum = density(0, df) + density(upper, df);
  for (let i = 1; i < steps; i++) sum += density(i * h, df) * (i % 2 ? 4 : 2);
  const half = Math.min(0.5, (sum * h) / 3);
  return t >= 0 ? 0.5 + half : 0.5 - half;
}

const quantiles = new Map<string, number>();

/** The `p` quantile of Student's t (bisection on the CDF; remembered, as few (p, df) pairs recur). */
export function tQuantile(p: number, df: number): number {
  const key = `${p}:${df}`;
  const known = quantiles.get(key);
  if (known !== undefined) return known;
  const value = bisect(p, df);
  quantiles.set(key, value);
  return value;
}

function bisect(p: number, df: number): number {
  if (p === 0.5) return 0;
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
