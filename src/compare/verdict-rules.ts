// The second pass of a comparison: the verdict of one judged metric, once the false-discovery
// control has said which changes are credible, and what would settle an inconclusive one.
import type { Row } from "../report/comparison.ts";
import type { Reason, Settle } from "../report/reason.ts";
import type { Metric } from "../report/schema.ts";
import type { Judged } from "./judge-change.ts";

/** False discovery rate across the metrics of one comparison. */
export const FDR = 0.05;

/** Signed degradation: positive when the metric got worse, whatever its direction. */
export function degradation(metric: Pick<Metric, "direction">, change: number): number {
  return metric.direction === "lower-is-better" ? change : -change;
}

/** What would settle an inconclusive verdict: more samples, or a same-runner re-measurement when run-to-run noise dominates. */
function settleHint(judged: Judged, worse: number, limit: number): Settle {
  const { estimate, runNoise } = judged;
  if (estimate?.method === "paired") {
    const have = Math.min(...estimate.replicates);
    const halfWidth = (estimate.interval[1] - estimate.interval[0]) / 2;
    const need = Math.ceil(have * (halfWidth / Math.max(Math.abs(worse - limit), limit / 10)) ** 2);
    return { kind: "paired-rounds", need, have };
  }
  if (runNoise?.dominates || !estimate || estimate.method === "history") {
    return { kind: "pair", noise: runNoise ? { runs: runNoise.runs, halfWidth: runNoise.halfWidth } : undefined };
  }
  const halfWidth = (estimate.interval[1] - estimate.interval[0]) / 2;
  const gap = Math.max(Math.abs(worse - limit), limit / 10);
  const have = Math.min(estimate.replicates[0], estimate.replicates[1]);
  const need = Math.ceil(have * (halfWidth / gap) ** 2);
  return { kind: "more", unit: estimate.method === "rounds" ? "rounds" : "samples", need, have };
}

/** Second pass, after the false-discovery control: the verdict. */
export function verdictOf(judged: Judged, discovery: boolean): Row {
  const { row, estimate } = judged;
  if (row.verdict !== "unchanged" || row.change === undefined) return row;
  const limit = row.threshold / 100;
  const worse = degradation(row, row.change);
  if (!estimate) {
    // Single values: nothing tells noise from change, so only the threshold decides.
    if (worse > limit) return { ...row, verdict: "regression", reason: { kind: "single-values" } };
    if (-worse > limit) return { ...row, verdict: "improvement", reason: { kind: "single-values" } };
    return row;
  }
  const [lo, hi] = row.direction === "lower-is-better" ? estimate.interval : [-estimate.interval[1], -estimate.interval[0]];
  if (worse > limit && lo > 0 && discovery) return { ...row, verdict: "regression" };
  if (-worse > limit && hi < 0 && discovery) return { ...row, verdict: "improvement" };
  // Inconclusive when the estimate leans toward a regression (half the threshold or more) and the
  // interval cannot rule one out; an estimate near zero stays unchanged, its interval shown.
  if (hi > limit && worse >= limit / 2) {
    const settle = settleHint(judged, worse, limit);
    const reason: Reason =
      worse > limit
        ? { kind: "not-credible", threshold: row.threshold, pValue: estimate.pValue, cutOff: estimate.pValue < FDR, settle }
        : { kind: "reaches-threshold", threshold: row.threshold, settle };
    return { ...row, verdict: "inconclusive", credible: discovery && lo > 0, reason };
  }
  return row;
}
