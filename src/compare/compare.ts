import type { Finding, Reason, Settle } from "../report/reason.ts";
import { alignUnits } from "../report/align-units.ts";
import { meetsBudget } from "./budget.ts";
import { InputError } from "../errors.ts";
import { COMPARISON_SCHEMA, type Comparison, type Row } from "../report/comparison.ts";
import { budgetsFor, type Policy, thresholdFor } from "./policy.ts";
import type { Metric, Report, SampleSet } from "../report/schema.ts";
import { type ChangeEstimate, estimateChange } from "./stats/change.ts";
import { runValues } from "../report/history.ts";
import { benjaminiHochberg } from "./stats/fdr.ts";
import { seedOf } from "./stats/random.ts";
import { judgeAgainstSpread, runSpread } from "./stats/run-spread.ts";
import { machineSpeed, type SpeedAdjustment } from "./speed.ts";
import { countVerdicts, overallVerdict, sortRows } from "./verdicts.ts";

/** False discovery rate across the metrics of one comparison. */
export const FDR = 0.05;

/** Signed degradation: positive when the metric got worse, whatever its direction. */
export function degradation(metric: Pick<Metric, "direction">, change: number): number {
  return metric.direction === "lower-is-better" ? change : -change;
}

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

/** First pass: change, interval and p-value of one matched metric. */
function measureChange(base: Metric, cur: Metric, baseline: Report, current: Report, threshold: number, speed: SpeedAdjustment): Judged {
  const row: Row = { ...baseRow(cur, threshold), baseline: base.value, current: cur.value, verdict: "unchanged" };
  if (base.value === 0) {
    return { row: { ...row, verdict: cur.value === 0 ? "unchanged" : "inconclusive", reason: cur.value === 0 ? undefined : { kind: "zero-baseline" } } };
  }
  // Function timings from machines of different speed are put on the baseline machine's scale.
  const factor = cur.kind === "function" ? speed.timeFactor : 1;
  const adjusted = cur.estimator?.kind === "rate" ? cur.value / factor : cur.value * factor;
  const change = adjusted / base.value - 1;
  const baseSet = sampleSet(baseline, base);
  const curSet = sampleSet(current, cur, factor);
  const estimate = base.estimator && baseSet && curSet ? estimateChange(baseSet, curSet, base.estimator, { seed: seedOf(cur.id) }) : undefined;
  if (!estimate) return withRunNoise({ row: { ...row, change } }, baseline, base);
  // Stored samples are thinned, so centre the interval on the change of the reported values.
  const shift = (1 + change) / (1 + estimate.change);
  const interval: [number, number] = [(1 + estimate.interval[0]) * shift - 1, (1 + estimate.interval[1]) * shift - 1];
  return withRunNoise({ row: { ...row, change, interval }, estimate: { ...estimate, change, interval } }, baseline, base);
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

export function applyBudgets(row: Row, policy: Policy, metric: Metric): Row {
  for (const budget of budgetsFor(policy, metric.id)) {
    const met = meetsBudget(budget, metric.value, metric.unit);
    if (met === undefined) {
      throw new InputError(budget.source, `budgets.${budget.pattern}: "${budget.text}" is in ${budget.unit}, which does not convert to ${metric.unit}, the unit of metric "${metric.id}"`);
    }
    if (!met) return { ...row, verdict: "over-budget", budget: { text: budget.text, met } };
    row = { ...row, budget: { text: budget.text, met } };
  }
  return row;
}

/**
 * Compares every metric of `current` with `baseline` (absent on a first run)
 * under `policy`. A regression needs the change past the metric's threshold
 * AND a bootstrap interval and a false-discovery-controlled test that make it
 * credible; an interval reaching past the threshold otherwise is inconclusive.
 * Pure: no I/O, deterministic (seeded per metric).
 */
export function compare(givenBaseline: Report | undefined, current: Report, policy: Policy): Comparison {
  const baseline = givenBaseline && alignUnits(givenBaseline, current);
  const speed = machineSpeed(baseline, current);
  const baseById = new Map(baseline?.metrics.map((m) => [m.id, m]));
  const judged: Judged[] = current.metrics.map((cur) => {
    const threshold = thresholdFor(policy, cur.id);
    const base = baseById.get(cur.id);
    if (!base || !baseline) return { row: { ...baseRow(cur, threshold), current: cur.value, verdict: "new" } };
    return measureChange(base, cur, baseline, current, threshold, speed);
  });
  const tested = judged.filter((j) => j.estimate);
  const discoveries = benjaminiHochberg(
    tested.map((j) => j.estimate!.pValue),
    FDR,
  );
  const discovered = new Set(tested.filter((_, i) => discoveries[i]));
  const rows = judged.map((j, i) => applyBudgets(verdictOf(j, discovered.has(j)), policy, current.metrics[i]!));

  const currentIds = new Set(current.metrics.map((m) => m.id));
  for (const base of baseline?.metrics ?? []) {
    if (!currentIds.has(base.id)) rows.push({ ...baseRow(base, thresholdFor(policy, base.id)), baseline: base.value, verdict: "missing" });
  }
  sortRows(rows);

  // What the runners noted about this run (a likely leak, a spent time budget) belongs with its verdicts.
  const notes: string[] = [...current.notes];
  const findings: Finding[] = [];
  if (!baseline) findings.push({ kind: "no-baseline" });
  if (speed.finding) findings.push(speed.finding);
  if (tested.length > 1) findings.push({ kind: "false-discovery", tested: tested.length, rate: FDR });
  const withHistory = judged.filter((j) => j.runNoise);
  if (withHistory.length) {
    const runs = withHistory.reduce((most, j) => Math.max(most, j.runNoise?.runs ?? 0), 0);
    findings.push({ kind: "run-history", metrics: withHistory.length, runs });
  }
  return { ...comparisonOf(rows, notes, policy, baseline?.environment, current.environment), findings: findings.length ? findings : undefined };
}

/** Percent of budgets met (0-100), or undefined when no row has a budget. */
export function budgetScore(rows: readonly Row[]): number | undefined {
  const budgeted = rows.filter((r) => r.budget);
  return budgeted.length ? Math.round((100 * budgeted.filter((r) => r.budget!.met).length) / budgeted.length) : undefined;
}

/** A Comparison from judged, sorted rows: the overall verdict, counts and budget score follow from them. */
export function comparisonOf(rows: Row[], notes: string[], policy: Policy, baseline: Comparison["baseline"], current: Comparison["current"]): Comparison {
  return {
    schema: COMPARISON_SCHEMA,
    verdict: overallVerdict(rows),
    threshold: policy.threshold,
    counts: countVerdicts(rows),
    rows,
    notes,
    score: budgetScore(rows),
    baseline,
    current,
  };
}
