import { median } from "simple-statistics";
import { tQuantile, tTail } from "./student-t.ts";

/** Fewest baseline runs (history plus the baseline itself) that give a usable run-to-run spread. */
export const MIN_RUNS = 4;
/** A jump between successive runs larger than this many robust deviations is a step (a real change landed). */
const STEP = 5;

/**
 * What the baseline branch's last runs say about a metric: how much one whole
 * run differs from the next (another runner, another hour), which the samples
 * of one run cannot show, and the level the metric sits at. Log scale, so both
 * are relative.
 */
export interface RunSpread {
  /** Standard deviation of log(value) from one run to the next. */
  sdLog: number;
  runs: number;
  /** Geometric mean of the runs since the last step: the reference a new run is judged against. */
  level: number;
  levelRuns: number;
}

/**
 * The spread comes from successive differences (von Neumann), not the plain
 * standard deviation: a real change that landed on the branch a few runs ago is
 * a step, which successive differences mostly ignore, where it would inflate
 * the spread. The level is taken over the runs after the last such step.
 */
export function runSpread(values: readonly number[]): RunSpread | undefined {
  if (values.length < MIN_RUNS || values.some((v) => !(v > 0))) return undefined;
  const logs = values.map(Math.log);
  const steps = logs.slice(1).map((v, i) => v - logs[i]!);
  const sdLog = Math.sqrt(steps.reduce((s, d) => s + d * d, 0) / (2 * steps.length));
  // Robust scale of one run's deviation from the median absolute successive difference.
  const robust = median(steps.map(Math.abs)) / (0.6745 * Math.SQRT2);
  let start = 0;
  steps.forEach((d, i) => {
    if (robust > 0 && Math.abs(d) > STEP * robust) start = i + 1;
  });
  const level = logs.slice(start);
  return { sdLog, runs: values.length, level: Math.exp(level.reduce((s, v) => s + v, 0) / level.length), levelRuns: level.length };
}

export interface SpreadJudgement {
  /** Interval of the relative change against the level that run-to-run noise allows around the observed change. */
  interval: [number, number];
  /** Two-sided p-value of "no change" against that noise (Student's t, runs - 1 degrees of freedom). */
  pValue: number;
  /** Relative half-width of that interval, for notes (e.g. 0.06 = ±6%). */
  halfWidth: number;
}

/**
 * Judges an observed change of one new run against the level of the branch's
 * runs (current / level - 1): its noise is one run's, plus the level's own
 * uncertainty from the runs it averages.
 */
export function judgeAgainstSpread(change: number, spread: RunSpread, confidence = 0.95): SpreadJudgement {
  const r = Math.log1p(change);
  const se = spread.sdLog * Math.sqrt(1 + 1 / spread.levelRuns);
  const df = spread.runs - 1;
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  const pValue = se === 0 ? (r === 0 ? 1 : 0) : 2 * tTail(r / se, df);
  return { interval: [Math.expm1(r - half), Math.expm1(r + half)], pValue: Math.min(1, Math.max(0, pValue)), halfWidth: Math.expm1(half) };
}
