// The decision rules the detector benchmark puts side by side, all on the same measurements.
import { compare, degradation } from "../../src/compare.ts";
import type { Comparison } from "../../src/comparison.ts";
import { applyConfirmation, rowsToConfirm } from "../../src/confirm/apply.ts";
import { mergeRounds } from "../../src/confirm/merge-rounds.ts";
import { thresholdFor, type Policy } from "../../src/policy.ts";
import type { Report } from "../../src/report.ts";

/** Ids a comparison calls a regression. */
export function regressions(comparison: Comparison): Set<string> {
  return new Set(comparison.rows.filter((r) => r.verdict === "regression").map((r) => r.id));
}

/** perf-gate against the artifact baseline alone. */
export function perfGate(baseline: Report, current: Report, policy: Policy): Set<string> {
  return regressions(compare(baseline, current, policy));
}

/** github-action-benchmark's rule: current/previous beyond the threshold, one number each. */
export function naive(baseline: Report, current: Report, policy: Policy): Set<string> {
  const base = new Map(baseline.metrics.map((m) => [m.id, m.value]));
  return new Set(
    current.metrics
      .filter((m) => {
        const prev = base.get(m.id);
        return prev !== undefined && degradation(m, m.value / prev - 1) > thresholdFor(policy, m.id) / 100;
      })
      .map((m) => m.id),
  );
}

/**
 * perf-gate with confirmation: metrics flagged against the artifact are judged
 * again on base and head runs measured on this machine (the same merge, compare
 * and verdict replacement as `confirmFlagged`, minus the git worktree).
 */
export function perfGateConfirmed(baseline: Report, current: Report, policy: Policy, remeasured: { base: Report[]; head: Report[] }): { flagged: Set<string>; confirmed: Set<string> } {
  const artifact = compare(baseline, current, policy);
  const rows = rowsToConfirm(artifact, { policy: "on-regression", inconclusive: false });
  const flagged = new Set(rows.map((r) => r.id));
  if (flagged.size === 0) return { flagged, confirmed: flagged };
  const confirmed = compare(mergeRounds(remeasured.base), mergeRounds(remeasured.head), policy);
  const final = applyConfirmation(artifact, flagged, { confirmed, baseCommit: "0000000", rounds: remeasured.base.length });
  return { flagged, confirmed: regressions(final) };
}
