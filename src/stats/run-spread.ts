import { tCdf, tQuantile } from "./student-t.ts";

/** Fewest baseline runs (history plus the baseline itself) that give a usable run-to-run spread. */
export const MIN_RUNS = 4;

/**
 * Run-to-run spread of a metric on the baseline branch, from the values of its
 * last runs: the noise between two whole runs (another runner, another hour)
 * that the samples of one run cannot show. Log scale, so it is relative.
 */
export interface RunSpread {
  /** Standard deviation of log(value) from one run to the next. */
  sdLog: number;
  runs: number;
}

/**
 * From successive differences (von Neumann), not the plain standard deviation:
 * a real change that landed on the branch a few runs ago is a step, which
 * successive differences mostly ignore, where it would inflate the spread.
 */
export function runSpread(values: readonly number[]): RunSpread | undefined {
  if (values.length < MIN_RUNS || values.some((v) => !(v > 0))) return undefined;
  const logs = values.map(Math.log);
  let squares = 0;
  for (let i = 1; i < logs.length; i++) squares += (logs[i]! - logs[i - 1]!) ** 2;
  return { sdLog: Math.sqrt(squares / (2 * (logs.length - 1))), runs: values.length };
}

export interface SpreadJudgement {
  /** Interval of the relative change that run-to-run noise alone allows around the observed change. */
  interval: [number, number];
  /** Two-sided p-value of "no change" against that noise (Student's t, runs - 1 degrees of freedom). */
  pValue: number;
  /** Relative half-width of the noise between two single runs, for notes (e.g. 0.06 = ±6%). */
  halfWidth: number;
}

/**
 * Judges an observed change (current / baseline - 1) between two single runs
 * against the run-to-run spread: the difference of two runs has twice the
 * variance of one.
 */
export function judgeAgainstSpread(change: number, spread: RunSpread, confidence = 0.95): SpreadJudgement {
  const r = Math.log1p(change);
  const se = spread.sdLog * Math.SQRT2;
  const df = spread.runs - 1;
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  const pValue = se === 0 ? (r === 0 ? 1 : 0) : 2 * (1 - tCdf(Math.abs(r) / se, df));
  return { interval: [Math.expm1(r - half), Math.expm1(r + half)], pValue: Math.min(1, Math.max(0, pValue)), halfWidth: Math.expm1(half) };
}
