import type { Row, Verdict } from "../report/comparison.ts";

/**
 * What a row asks of the reader. Inconclusive rows split in two: a credible
 * change whose size is unclear needs a look; one that may be noise does not,
 * and stays folded with the unchanged rows' kind of quiet.
 */
export type Standing = Exclude<Verdict, "inconclusive"> | "unclear" | "noisy";

/** Order of the comment: what fails first, then what changed, then what needs no action. */
export const STANDING_ORDER: readonly Standing[] = ["regression", "over-budget", "improvement", "unclear", "new", "missing", "noisy", "unchanged"];

/** The standings that belong in the table everyone reads; the others are folded. */
export const ATTENTION: ReadonlySet<Standing> = new Set(["regression", "over-budget", "improvement", "unclear", "new", "missing"]);

/** Which statistic decides a benchmark's verdict when several agree: the worst one wins. */
const WORST_FIRST: readonly Standing[] = ["regression", "over-budget", "unclear", "missing", "new", "improvement", "noisy", "unchanged"];

export function standingOf(row: Row): Standing {
  if (row.verdict !== "inconclusive") return row.verdict;
  return row.credible === true ? "unclear" : "noisy";
}

/** One benchmark: its headline statistics, the verdict of its worst statistic, and the others. */
export interface BenchmarkGroup {
  suite: string;
  benchmark: string;
  standing: Standing;
  /** The row whose standing the benchmark takes (the worst statistic). */
  worst: Row;
  /** The statistics the row shows: the mean (or median) time; rps and the tail latency; the peak memory. */
  headline: Row[];
  /** Other statistics that tell a different story than the headline, shown under it. */
  differing: Row[];
  /** Every row of the benchmark, headline first. */
  rows: Row[];
}

const rank = (order: readonly Standing[]) => new Map(order.map((s, i) => [s, i]));
const WORST_RANK = rank(WORST_FIRST);
const ORDER_RANK = rank(STANDING_ORDER);

/** Headline statistics by preference, per kind of benchmark. */
function headlineRows(rows: Row[]): Row[] {
  const byStat = new Map(rows.map((r) => [r.stat, r]));
  const first = (...stats: string[]) => stats.map((s) => byStat.get(s)).find((r) => r !== undefined);
  const kind = rows[0]?.kind;
  const picked =
    kind === "http"
      ? [first("rps", "ops"), first("p99", "p97.5", "p95", "p90", "p50", "mean")]
      : kind === "memory"
        ? [first("rss-peak", "heap-peak", "peak", "heap-used", "rss-idle")]
        : [first("mean", "median", "p50", "avg", "value", "ops")];
  const chosen = picked.filter((r): r is Row => r !== undefined);
  return chosen.length ? chosen : rows.slice(0, 1);
}

/** Groups metric rows by benchmark (suite and benchmark name), in the comment's order: worst first. */
export function groupBenchmarks(rows: readonly Row[]): BenchmarkGroup[] {
  const byBenchmark = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.suite}\u0000${row.benchmark}`;
    const list = byBenchmark.get(key);
    if (list) list.push(row);
    else byBenchmark.set(key, [row]);
  }
  const groups: BenchmarkGroup[] = [];
  for (const list of byBenchmark.values()) {
    const headline = headlineRows(list);
    let worst = headline[0]!;
    for (const row of list) if (WORST_RANK.get(standingOf(row))! < WORST_RANK.get(standingOf(worst))!) worst = row;
    const standing = standingOf(worst);
    // The worst statistic is always shown, so the benchmark's verdict has its numbers beside it; so is
    // any other that needs more attention than the headline, or that moved the other way.
    const lead = WORST_RANK.get(standingOf(headline[0]!))!;
    const differing = list.filter(
      (r) => !headline.includes(r) && (r === worst || (ATTENTION.has(standingOf(r)) && (WORST_RANK.get(standingOf(r))! < lead || opposite(standingOf(r), standingOf(headline[0]!))))),
    );
    groups.push({ suite: list[0]!.suite, benchmark: list[0]!.benchmark, standing, worst, headline, differing, rows: [...headline, ...list.filter((r) => !headline.includes(r))] });
  }
  // Stable: within a standing, benchmarks keep the order they came in; regressions by severity, then size.
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => ORDER_RANK.get(a.g.standing)! - ORDER_RANK.get(b.g.standing)! || severityRank(a.g.worst) - severityRank(b.g.worst) || a.i - b.i)
    .map(({ g }) => g);
}

/** An improvement under a worsening headline, or the reverse: another story. */
function opposite(a: Standing, b: Standing): boolean {
  const worse = (s: Standing) => s === "regression" || s === "over-budget" || s === "unclear";
  return (a === "improvement" && worse(b)) || (b === "improvement" && worse(a));
}

function severityRank(row: Row): number {
  return row.severity === "critical" ? 0 : row.severity === "warning" ? 1 : 2;
}

/** How much worse a row got, in its own sense: positive is worse whatever the direction. */
export function worsening(row: Row): number {
  if (row.change === undefined) return 0;
  return row.direction === "lower-is-better" ? row.change : -row.change;
}

/** Benchmarks per standing, for the headline. */
export function standingCounts(groups: readonly BenchmarkGroup[]): Record<Standing, number> {
  const counts: Record<Standing, number> = { regression: 0, "over-budget": 0, improvement: 0, unclear: 0, new: 0, missing: 0, noisy: 0, unchanged: 0 };
  for (const g of groups) counts[g.standing] += 1;
  return counts;
}

/** The regression that got worst, to name in the headline. */
export function worstRegression(groups: readonly BenchmarkGroup[]): BenchmarkGroup | undefined {
  let worst: BenchmarkGroup | undefined;
  for (const g of groups) if (g.standing === "regression" && (!worst || worsening(g.worst) > worsening(worst.worst))) worst = g;
  return worst;
}
