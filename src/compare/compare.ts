import type { Finding } from "../report/reason.ts";
import { alignUnits } from "../report/align-units.ts";
import { COMPARISON_SCHEMA, type Comparison, type Row } from "../report/comparison.ts";
import { type Policy, thresholdFor } from "./policy.ts";
import type { Report } from "../report/schema.ts";
import { benjaminiHochberg } from "./stats/fdr.ts";
import { machineSpeed } from "./speed.ts";
import { countVerdicts, overallVerdict, sortRows } from "./verdicts.ts";
import { baseRow, type MeasurePlan, planMeasure, settled } from "./judge-change.ts";
import { type BootstrapOutcome, type RoundsJob, runRoundsJob } from "./stats/change.ts";
import { FDR, verdictOf } from "./verdict-rules.ts";
import { applyBudgets, budgetScore } from "./apply-budgets.ts";

/**
 * Compares every metric of `current` with `baseline` (absent on a first run)
 * under `policy`. A regression needs the change past the metric's threshold
 * AND a bootstrap interval and a false-discovery-controlled test that make it
 * credible; an interval reaching past the threshold otherwise is inconclusive.
 * Pure: no I/O, deterministic (seeded per metric). The round bootstraps,
 * most of a large comparison's time, run as one batch through `bootstraps`:
 * in this thread unless the caller spreads them (each job's outcome is the
 * same wherever it runs).
 */
export function compare(givenBaseline: Report | undefined, current: Report, policy: Policy, bootstraps: BootstrapBatch = runInThisThread): Comparison {
  const baseline = givenBaseline && alignUnits(givenBaseline, current);
  const speed = machineSpeed(baseline, current);
  const baseById = new Map(baseline?.metrics.map((m) => [m.id, m]));
  const plans: MeasurePlan[] = current.metrics.map((cur) => {
    const threshold = thresholdFor(policy, cur.id);
    const base = baseById.get(cur.id);
    if (!base || !baseline) return settled({ row: { ...baseRow(cur, threshold), current: cur.value, verdict: "new" } });
    return planMeasure(base, cur, baseline, current, threshold, speed);
  });
  const jobs: RoundsJob[] = [];
  for (const plan of plans) if (plan.job) jobs.push(plan.job);
  const outcomes = bootstraps(jobs);
  let next = 0;
  const judged = plans.map((plan) => plan.finish(plan.job && outcomes[next++]));
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

/** Runs round bootstraps, returning their outcomes in the jobs' order. */
export type BootstrapBatch = (jobs: readonly RoundsJob[]) => BootstrapOutcome[];

const runInThisThread: BootstrapBatch = (jobs) => jobs.map(runRoundsJob);

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
