import { tQuantile, tTail } from "./student-t.ts";

/**
 * Statistics of paired observations: one log-ratio log(head / base) per round,
 * base and head measured back to back in a random order. Because the order is
 * random, noise that hits one slot of a round is as likely to hit base as head,
 * so under "no change" each log-ratio is symmetric around zero: exactly what
 * Wilcoxon's signed-rank test assumes. The estimate is Hodges-Lehmann's (the
 * median of the Walsh averages), which shrugs off the heavy tails that a noisy
 * neighbour puts into single rounds; its interval is the signed-rank one.
 */

export interface PairedEstimate {
  /** exp(Hodges-Lehmann estimate of the log-ratio) - 1: head / base - 1. */
  change: number;
  /** Distribution-free interval of `change` at the requested confidence. */
  interval: [number, number];
  /** Two-sided signed-rank p-value for "no change". */
  pValue: number;
  /** Rounds (pairs) the estimate rests on. */
  pairs: number;
  /** Blocks (pairs of processes) the interval rests on, when it comes from the spread between them. */
  blocks?: number;
}

/** Fewest pairs for an estimate: with fewer, no interval can reach 95%. */
export const MIN_PAIRS = 6;

/** Exact null distribution of the signed-rank statistic up to this many pairs; normal beyond. */
const EXACT_LIMIT = 120;
/** With tied ranks the exact distribution is counted afresh each time: up to this many pairs. */
const EXACT_TIED_LIMIT = 60;

function median(sorted: ArrayLike<number>): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Standard normal upper tail P(Z > z) (Abramowitz-Stegun 7.1.26 via erfc). */
function normalUpper(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  const upper = erfc / 2;
  return z >= 0 ? upper : 1 - upper;
}

/**
 * Cumulative null distribution of the signed-rank statistic W+ for n pairs:
 * cdf[w] = P(W+ <= w). Counts subsets of {1..n} by their sum (a knapsack).
 */
function signedRankCdf(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let w = Math.min(max, (k * (k + 1)) / 2); w >= k; w--) counts[w]! += counts[w - k]!;
  }
  const total = 2 ** n;
  const cdf = new Float64Array(max + 1);
  let run = 0;
  for (let w = 0; w <= max; w++) {
    run += counts[w]!;
    cdf[w] = run / total;
  }
  return cdf;
}

const cdfCache = new Map<number, Float64Array>();
function cachedCdf(n: number): Float64Array {
  let cdf = cdfCache.get(n);
  if (!cdf) {
    cdf = signedRankCdf(n);
    cdfCache.set(n, cdf);
  }
  return cdf;
}

/**
 * How many Walsh averages to cut from each end for a two-sided interval at
 * `confidence`: the largest k with P(W+ < k) <= alpha / 2, at least 1.
 */
export function walshCut(n: number, confidence: number): number {
  const alpha = 1 - confidence;
  if (n <= EXACT_LIMIT) {
    const cdf = cachedCdf(n);
    let k = 0;
    while (k + 1 < cdf.length && cdf[k]! <= alpha / 2) k++;
    return Math.max(1, k);
  }
  const m = (n * (n + 1)) / 4;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
  return Math.max(1, Math.floor(m - normalQuantile(1 - alpha / 2) * sd));
}

/** Average ranks of |x| (ties share their mean rank). */
function absoluteRanks(values: readonly number[]): { ranks: number[]; tieCorrection: number } {
  const order = values.map((v, i) => [Math.abs(v), i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  let tieCorrection = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = rank;
    const t = j - i + 1;
    tieCorrection += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieCorrection };
}

/** Two-sided Wilcoxon signed-rank p-value for "symmetric around zero"; zeros are dropped (Wilcoxon's rule). */
export function signedRankPValue(values: readonly number[]): number {
  const nonzero = values.filter((v) => v !== 0);
  const n = nonzero.length;
  if (n === 0) return 1;
  const { ranks, tieCorrection } = absoluteRanks(nonzero);
  let wPlus = 0;
  nonzero.forEach((v, i) => {
    if (v > 0) wPlus += ranks[i]!;
  });
  const max = (n * (n + 1)) / 2;
  if (tieCorrection === 0 && n <= EXACT_LIMIT) {
    const cdf = cachedCdf(n);
    const w = Math.round(Math.min(wPlus, max - wPlus));
    return Math.min(1, 2 * cdf[w]!);
  }
  if (n <= EXACT_TIED_LIMIT) return exactTiedPValue(ranks, wPlus);
  const m = max / 2;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection / 48;
  if (variance <= 0) return 1;
  const z = (Math.abs(wPlus - m) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * normalUpper(Math.max(0, z)));
}

/**
 * Exact two-sided p-value with tied ranks: the null distribution of W+ over
 * all 2^n sign flips of these (average) ranks, counted on doubled ranks so
 * that half ranks stay integers.
 */
function exactTiedPValue(ranks: readonly number[], wPlus: number): number {
  const doubled = ranks.map((r) => Math.round(2 * r));
  const max = doubled.reduce((a, r) => a + r, 0);
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    reach += r;
    for (let w = reach; w >= r; w--) counts[w]! += counts[w - r]!;
  }
  const observed = Math.round(2 * wPlus);
  const low = Math.min(observed, max - observed);
  let tail = 0;
  for (let w = 0; w <= low; w++) tail += counts[w]!;
  return Math.min(1, (2 * tail) / 2 ** ranks.length);
}

/** Sorted Walsh averages (x_i + x_j) / 2, i <= j: n(n+1)/2 of them. */
function walshAverages(values: readonly number[]): Float64Array {
  const n = values.length;
  const out = new Float64Array((n * (n + 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) out[k++] = (values[i]! + values[j]!) / 2;
  return out.sort();
}

/**
 * Hodges-Lehmann estimate, signed-rank interval and p-value of the paired
 * log-ratios, returned as relative changes of head against base. Undefined
 * with fewer than MIN_PAIRS pairs or any non-finite log-ratio.
 */
export function pairedChange(logRatios: readonly number[], confidence = 0.95): PairedEstimate | undefined {
  const n = logRatios.length;
  if (n < MIN_PAIRS || !logRatios.every(Number.isFinite)) return undefined;
  const walsh = walshAverages(logRatios);
  const estimate = median(walsh);
  const cut = walshCut(n, confidence);
  const lo = walsh[Math.min(cut - 1, walsh.length - 1)]!;
  const hi = walsh[Math.max(walsh.length - cut, 0)]!;
  return {
    change: Math.expm1(estimate),
    interval: [Math.expm1(Math.min(lo, estimate)), Math.expm1(Math.max(hi, estimate))],
    pValue: signedRankPValue(logRatios),
    pairs: n,
  };
}

/**
 * Log-ratios of per-round values matched by round: only rounds that both
 * sides measured pair up (a side may miss a round, e.g. a failed load slice).
 */
export function roundLogRatios(base: ReadonlyMap<number, number>, head: ReadonlyMap<number, number>): number[] {
  return pairedRounds(base, head).map(([, ratio]) => ratio);
}

/** Each round both sides measured, with its log-ratio: `[round, log(head / base)]`. */
export function pairedRounds(base: ReadonlyMap<number, number>, head: ReadonlyMap<number, number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [round, b] of base) {
    const h = head.get(round);
    if (h === undefined || !(b > 0) || !(h > 0)) continue;
    out.push([round, Math.log(h / b)]);
  }
  return out;
}

/** Fewest blocks (worker pairs) for a between-block interval; with fewer, the rounds alone decide. */
export const MIN_BLOCKS = 3;

/**
 * Paired change when the rounds come in blocks, one block per pair of
 * processes that measured them. A process carries effects of its own for as
 * long as it lives (where its memory landed, what its JIT compiled): on this
 * project's machines they moved one task's A/A median by up to ±9% with a
 * tight within-process interval. So each block gives one estimate (Hodges-
 * Lehmann of its rounds), and the interval comes from the spread between
 * blocks (Student's t on the block estimates), which carries both the
 * within-block noise and the process effects. With fewer than MIN_BLOCKS
 * blocks, the rounds decide as in `pairedChange`.
 */
export function blockedChange(blocks: ReadonlyArray<readonly number[]>, confidence = 0.95): PairedEstimate | undefined {
  const usable = blocks.filter((b) => b.length > 0 && b.every(Number.isFinite));
  const all: number[] = [];
  for (const b of usable) for (const v of b) all.push(v);
  if (usable.length < MIN_BLOCKS) return pairedChange(all, confidence);
  if (all.length < MIN_PAIRS) return undefined;
  const estimates = usable.map((b) => {
    const walsh = walshAverages(b);
    return median(walsh);
  });
  const k = estimates.length;
  const mean = estimates.reduce((a, v) => a + v, 0) / k;
  const sd = Math.sqrt(estimates.reduce((a, v) => a + (v - mean) ** 2, 0) / (k - 1));
  const se = sd / Math.sqrt(k);
  const t = tQuantile(1 - (1 - confidence) / 2, k - 1);
  const pValue = se === 0 ? (mean === 0 ? 1 : 0) : Math.min(1, 2 * tTail(mean / se, k - 1));
  return { change: Math.expm1(mean), interval: [Math.expm1(mean - t * se), Math.expm1(mean + t * se)], pValue, pairs: all.length, blocks: k };
}
