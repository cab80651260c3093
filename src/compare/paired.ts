import { comparisonOf } from "./compare.ts";
import { applyBudgets } from "./apply-budgets.ts";
import { baseRow, type Judged } from "./judge-change.ts";
import { FDR, verdictOf } from "./verdict-rules.ts";
import type { Comparison, Row } from "../report/comparison.ts";
import { thresholdFor, type Policy } from "./policy.ts";
import type { Metric, Report } from "../report/schema.ts";
import { estimate as estimateOf, valuesByRound } from "./stats/estimate.ts";
import { benjaminiHochberg } from "./stats/fdr.ts";
import { blockedChange, pairedChange, type PairedEstimate, pairedRounds, roundLogRatios } from "./stats/paired.ts";
import { sortRows } from "./verdicts.ts";

/** The block (pair of processes) of each round of a metric's samples, when it has them. */
export function roundBlocks(report: Report, metric: Metric): Map<number, number> {
  const out = new Map<number, number>();
  const set = metric.samples ? report.samples[metric.samples] : undefined;
  if (!set?.rounds || !set.blocks || set.blocks.length !== set.values.length) return out;
  set.rounds.forEach((r, i) => out.set(r, set.blocks![i]!));
  return out;
}

/** The metric's estimator applied to each round of its samples, keyed by round. */
export function perRoundValues(report: Report, metric: Metric): Map<number, number> {
  const out = new Map<number, number>();
  const set = metric.samples ? report.samples[metric.samples] : undefined;
  if (!set) return out;
  const estimator = metric.estimator ?? { kind: "mean" as const };
  for (const [round, values] of valuesByRound(set)) {
    const value = estimateOf(estimator, values);
    if (Number.isFinite(value)) out.set(round, value);
  }
  return out;
}

/**
 * The paired estimate of one metric: from the spread between blocks when the
 * rounds came from several pairs of processes, else from the rounds alone.
 */
export function pairedEstimate(base: ReadonlyMap<number, number>, head: ReadonlyMap<number, number>, blocks: ReadonlyMap<number, number>): PairedEstimate | undefined {
  if (blocks.size === 0) return pairedChange(roundLogRatios(base, head));
  const byBlock = new Map<number, number[]>();
  for (const [round, ratio] of pairedRounds(base, head)) {
    const block = blocks.get(round);
    if (block === undefined) continue;
    const list = byBlock.get(block);
    if (list) list.push(ratio);
    else byBlock.set(block, [ratio]);
  }
  return blockedChange([...byBlock.values()]);
}

function judgePaired(base: Metric, head: Metric, baseReport: Report, headReport: Report, threshold: number): Judged {
  const row: Row = { ...baseRow(head, threshold), baseline: base.value, current: head.value, verdict: "unchanged", source: "paired" };
  const estimate = pairedEstimate(perRoundValues(baseReport, base), perRoundValues(headReport, head), roundBlocks(headReport, head));
  if (!estimate) {
    if (base.value === 0) return { row: { ...row, verdict: head.value === 0 ? "unchanged" : "inconclusive", reason: head.value === 0 ? undefined : { kind: "zero-baseline" } } };
    return { row: { ...row, change: head.value / base.value - 1 } };
  }
  return {
    row: { ...row, change: estimate.change, interval: estimate.interval },
    estimate: { change: estimate.change, interval: estimate.interval, pValue: estimate.pValue, replicates: [estimate.pairs, estimate.pairs], method: "paired" },
  };
}

/**
 * Compares head with base measured paired on one runner: both Reports come
 * from the same rounds, so each metric's per-round values pair up by round and
 * its change is judged on their log-ratios (Hodges-Lehmann estimate,
 * signed-rank interval and p-value), with the false discovery rate held across
 * the metrics as in `compare`. The verdict rule is the same: past the threshold
 * and credible is a regression. Pure and deterministic.
 */
export function comparePaired(base: Report, head: Report, policy: Policy): Comparison {
  const baseById = new Map(base.metrics.map((m) => [m.id, m]));
  const judged: Judged[] = head.metrics.map((m) => {
    const threshold = thresholdFor(policy, m.id);
    const b = baseById.get(m.id);
    if (!b) return { row: { ...baseRow(m, threshold), current: m.value, verdict: "new", source: "paired" } };
    return judgePaired(b, m, base, head, threshold);
  });
  const tested = judged.filter((j) => j.estimate);
  const discoveries = benjaminiHochberg(
    tested.map((j) => j.estimate!.pValue),
    FDR,
  );
  const discovered = new Set(tested.filter((_, i) => discoveries[i]));
  const rows = judged.map((j, i) => applyBudgets(verdictOf(j, discovered.has(j)), policy, head.metrics[i]!));
  sortRows(rows);
  return comparisonOf(rows, [...head.notes], policy, base.environment, head.environment);
}
