import { FAILING, type Row, type Verdict, Verdict as VerdictEnum } from "../report/comparison.ts";

/** Order that puts what needs attention first. */
export const VERDICT_RANK: Record<Verdict, number> = { regression: 0, "over-budget": 1, inconclusive: 2, improvement: 3, new: 4, missing: 5, unchanged: 6 };

export function countVerdicts(rows: readonly Row[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VerdictEnum.options.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const row of rows) counts[row.verdict] += 1;
  return counts;
}

export function overallVerdict(rows: readonly Row[]): "pass" | "fail" {
  return rows.some((r) => FAILING.has(r.verdict)) ? "fail" : "pass";
}

/** Attention first; within a verdict, suites together in the order they first appear. */
export function sortRows(rows: Row[]): Row[] {
  const suiteOrder = new Map<string, number>();
  for (const row of rows) if (!suiteOrder.has(row.suite)) suiteOrder.set(row.suite, suiteOrder.size);
  return rows.sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || suiteOrder.get(a.suite)! - suiteOrder.get(b.suite)!);
}
