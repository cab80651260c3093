// The first pass of a comparison: how much one metric changed, and the interval around that
// change, from its samples (bootstrap) and from the baseline branch's run history.
import type { Row } from "../report/comparison.ts";
import { runValues } from "../report/history.ts";
import type { Metric, Report, SampleSet } from "../report/schema.ts";
import { type BootstrapOutcome, type ChangeEstimate, planChange, type RoundsJob } from "./stats/change.ts";
import { seedOf } from "./stats/random.ts";
import { judgeAgainstSpread, runSpread } from "./stats/run-spread.ts";
import type { SpeedAdjustment } from "./speed.ts";

export interface Judged {
  row: Row;
  estimate?: ChangeEstimate;
  /** Run-to-run noise of one run against the baseline branch's level, when its history shows it. */
  runNoise?: { halfWidth: number; runs: number; dominates: boolean };
}

export function baseRow(m: Metric, threshold: number): Omit<Row, "verdict"> {
  return { id: m.id, suite: m.suite, benchmark: m.benchmark, stat: m.stat, kind: m.kind, unit: m.unit, direction: m.direction, threshold };
}

function sampleSet(report: Report, metric: Metric, scale = 1): SampleSet | undefined {
  const set = metric.samples ? report.samples[metric.samples] : undefined;
  if (!set || scale === 1) return set;
  return { ...set, values: set.values.map((v) => v * scale) };
}

/**
 * Judges the change against the baseline branch's recent runs when its history
 * shows them: the reference becomes their level (geometric mean since the last
 * step), and the within-run interval is widened by the run-to-run spread (or
 * made from it alone, for single values). Two runs differ by more than their
 * samples say, and only past runs tell by how much.
 */
function withRunNoise(judged: Judged, baseline: Report, base: Metric): Judged {
  const { row } = judged;
  const spread = runSpread(runValues(baseline, base.id, base.value));
  if (row.change === undefined || row.baseline === undefined || !spread) return judged;
  const adjusted = (1 + row.change) * row.baseline;
  const change = adjusted / spread.level - 1;
  const noise = judgeAgainstSpread(change, spread);
  // The within-run interval was against the latest baseline value: move it onto the level.
  const shift = (1 + change) / (1 + row.change);
  const own = judged.estimate && { ...judged.estimate, change, interval: judged.estimate.interval.map((b) => (1 + b) * shift - 1) as [number, number] };
  const dominates = !own || noise.interval[1] - noise.interval[0] > own.interval[1] - own.interval[0];
  const interval: [number, number] = own ? [Math.min(own.interval[0], noise.interval[0]), Math.max(own.interval[1], noise.interval[1])] : noise.interval;
  const estimate: ChangeEstimate = own ? { ...own, interval, pValue: Math.max(own.pValue, noise.pValue) } : { change, interval, pValue: noise.pValue, replicates: [spread.runs, 1], method: "history" };
  return { row: { ...row, baseline: spread.level, change, interval }, estimate, runNoise: { halfWidth: noise.halfWidth, runs: spread.runs, dominates } };
}

/** A metric's judgement, waiting at most for one round bootstrap (see ChangePlan). */
export interface MeasurePlan {
  job?: RoundsJob;
  finish(outcome?: BootstrapOutcome): Judged;
}

/** A judgement that waits for nothing. */
export const settled = (judged: Judged): MeasurePlan => ({ finish: () => judged });

/** First pass: change, interval and p-value of one matched metric, planned so that its bootstrap can run in a batch. */
export function planMeasure(base: Metric, cur: Metric, baseline: Report, current: Report, threshold: number, speed: SpeedAdjustment): MeasurePlan {
  const row: Row = { ...baseRow(cur, threshold), baseline: base.value, current: cur.value, verdict: "unchanged" };
  if (base.value === 0) {
    return settled({ row: { ...row, verdict: cur.value === 0 ? "unchanged" : "inconclusive", reason: cur.value === 0 ? undefined : { kind: "zero-baseline" } } });
  }
  // Function timings from machines of different speed are put on the baseline machine's scale.
  const factor = cur.kind === "function" ? speed.timeFactor : 1;
  const adjusted = cur.estimator?.kind === "rate" ? cur.value / factor : cur.value * factor;
  const change = adjusted / base.value - 1;
  const baseSet = sampleSet(baseline, base);
  const curSet = sampleSet(current, cur, factor);
  const plan = base.estimator && baseSet && curSet ? planChange(baseSet, curSet, base.estimator, { seed: seedOf(cur.id) }) : undefined;
  const finish = (outcome?: BootstrapOutcome): Judged => {
    const estimate = plan?.finish(outcome);
    if (!estimate) return withRunNoise({ row: { ...row, change } }, baseline, base);
    // Stored samples are thinned, so centre the interval on the change of the reported values.
    const shift = (1 + change) / (1 + estimate.change);
    const interval: [number, number] = [(1 + estimate.interval[0]) * shift - 1, (1 + estimate.interval[1]) * shift - 1];
    return withRunNoise({ row: { ...row, change, interval }, estimate: { ...estimate, change, interval } }, baseline, base);
  };
  return { job: plan?.job, finish };
}
