import { budgetsFor, type Policy, thresholdFor } from "./policy.ts";
import { meetsBudget } from "./budget.ts";
import { COMPARISON_SCHEMA, type Comparison, FAILING, type Row, type Verdict, Verdict as VerdictEnum } from "./comparison.ts";
import type { Metric, Report } from "./report.ts";

/** Signed degradation: positive when the metric got worse, whatever its direction. */
export function degradation(metric: Pick<Metric, "direction">, change: number): number {
  return metric.direction === "lower-is-better" ? change : -change;
}

function relativeMad(values: readonly number[]): number {
  if (values.length < 3) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (arr: number[]) => {
    const n = arr.length;
    return n % 2 ? arr[(n - 1) / 2]! : (arr[n / 2 - 1]! + arr[n / 2]!) / 2;
  };
  const median = mid(sorted);
  if (median === 0) return 0;
  const deviations = sorted.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  return (1.4826 * mid(deviations)) / Math.abs(median);
}

function judge(base: Metric, cur: Metric, baseline: Report, current: Report, threshold: number): Pick<Row, "change" | "verdict" | "note"> {
  if (base.value === 0) {
    const verdict: Verdict = cur.value === 0 ? "unchanged" : "inconclusive";
    return { verdict, note: verdict === "inconclusive" ? "baseline is zero; relative change undefined" : undefined };
  }
  const change = cur.value / base.value - 1;
  const worse = degradation(cur, change);
  const limit = threshold / 100;
  if (Math.abs(worse) <= limit) return { change, verdict: "unchanged" };
  // First-order noise guard: a change smaller than the spread of either side's samples is not credible.
  const baseSamples = base.samples ? baseline.samples[base.samples]?.values : undefined;
  const curSamples = cur.samples ? current.samples[cur.samples]?.values : undefined;
  const noise = Math.max(baseSamples ? relativeMad(baseSamples) : 0, curSamples ? relativeMad(curSamples) : 0);
  if (noise > Math.abs(change)) {
    return { change, verdict: "inconclusive", note: `change is within the samples' spread (±${(noise * 100).toFixed(0)}%); more samples would settle it` };
  }
  return { change, verdict: worse > 0 ? "regression" : "improvement" };
}

function applyBudgets(row: Row, policy: Policy, metric: Metric): Row {
  for (const budget of budgetsFor(policy, metric.id)) {
    const met = meetsBudget(budget, metric.value, metric.unit);
    if (met === undefined) continue;
    if (!met) return { ...row, verdict: "over-budget", budget: { text: budget.text, met } };
    row = { ...row, budget: { text: budget.text, met } };
  }
  return row;
}

function baseRow(m: Metric, threshold: number): Omit<Row, "verdict"> {
  return { id: m.id, suite: m.suite, benchmark: m.benchmark, stat: m.stat, kind: m.kind, unit: m.unit, direction: m.direction, threshold };
}

/** Order that puts what needs attention first. */
const RANK: Record<Verdict, number> = { regression: 0, "over-budget": 1, inconclusive: 2, improvement: 3, new: 4, missing: 5, unchanged: 6 };

/**
 * Compares every metric of `current` with `baseline` (which may be absent: the
 * first run has none) under `policy`. Pure: no I/O, deterministic.
 */
export function compare(baseline: Report | undefined, current: Report, policy: Policy): Comparison {
  const rows: Row[] = [];
  const baseById = new Map(baseline?.metrics.map((m) => [m.id, m]));
  for (const cur of current.metrics) {
    const threshold = thresholdFor(policy, cur.id);
    const base = baseById.get(cur.id);
    let row: Row;
    if (!base) {
      row = { ...baseRow(cur, threshold), current: cur.value, verdict: "new" };
    } else {
      row = { ...baseRow(cur, threshold), baseline: base.value, current: cur.value, ...judge(base, cur, baseline!, current, threshold) };
    }
    rows.push(applyBudgets(row, policy, cur));
  }
  const currentIds = new Set(current.metrics.map((m) => m.id));
  for (const base of baseline?.metrics ?? []) {
    if (!currentIds.has(base.id)) rows.push({ ...baseRow(base, thresholdFor(policy, base.id)), baseline: base.value, verdict: "missing" });
  }
  // Attention first; within a verdict, suites together in the order the Report lists them.
  const suiteOrder = new Map<string, number>();
  for (const row of rows) if (!suiteOrder.has(row.suite)) suiteOrder.set(row.suite, suiteOrder.size);
  rows.sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || suiteOrder.get(a.suite)! - suiteOrder.get(b.suite)!);

  const counts = Object.fromEntries(VerdictEnum.options.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const row of rows) counts[row.verdict] += 1;
  const budgeted = rows.filter((r) => r.budget);
  const notes: string[] = [];
  if (!baseline) notes.push("No baseline was found, so nothing was compared; every metric is new.");
  return {
    schema: COMPARISON_SCHEMA,
    verdict: rows.some((r) => FAILING.has(r.verdict)) ? "fail" : "pass",
    threshold: policy.threshold,
    counts,
    rows,
    notes,
    score: budgeted.length ? Math.round((100 * budgeted.filter((r) => r.budget!.met).length) / budgeted.length) : undefined,
    baseline: baseline?.environment,
    current: current.environment,
  };
}
