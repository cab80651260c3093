import type { Comparison, Row, Verdict } from "../report/comparison.ts";
import { formatNumber, formatPercent, formatValue, isKnownUnit } from "../report/units.ts";
import { type BenchmarkGroup, groupBenchmarks, type Standing, STANDING_ORDER, standingCounts, worstRegression } from "./benchmarks.ts";
import { TEXT_CAP } from "./escape.ts";
import { reasonText } from "./reasons.ts";

/** Makes an untrusted string safe for one output (markdown or terminal), at most `max` characters. */
export type Escape = (text: string, max: number) => string;

export const VERDICT_ICON: Record<Verdict, string> = {
  regression: "🔴",
  "over-budget": "🚫",
  inconclusive: "❔",
  improvement: "🟢",
  new: "🆕",
  missing: "⚪",
  unchanged: "➖",
};

export const VERDICT_LABEL: Record<Verdict, string> = {
  regression: "regression",
  "over-budget": "over budget",
  inconclusive: "inconclusive",
  improvement: "improvement",
  new: "new",
  missing: "missing",
  unchanged: "unchanged",
};

const PLURAL: Record<Verdict, string> = {
  regression: "regressions",
  "over-budget": "over budget",
  inconclusive: "inconclusive",
  improvement: "improvements",
  new: "new",
  missing: "missing",
  unchanged: "unchanged",
};

/** "2 regressions, 1 improvement, 14 unchanged" in verdict order, zero counts left out. */
export function countsLine(counts: Comparison["counts"]): string {
  const order: Verdict[] = ["regression", "over-budget", "inconclusive", "improvement", "new", "missing", "unchanged"];
  return order
    .filter((v) => (counts[v] ?? 0) > 0)
    .map((v) => `${counts[v]} ${counts[v] === 1 ? VERDICT_LABEL[v] : PLURAL[v]}`)
    .join(", ");
}

/** "1 benchmark", "2,000 metrics": the count and the word, plural unless one. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
}

/** How a standing is counted in the headline, after the number of benchmarks. */
const STANDING_WORDS: Record<Standing, string> = {
  regression: "slower",
  "over-budget": "over budget",
  improvement: "faster",
  unclear: "inconclusive",
  new: "new",
  missing: "missing",
  noisy: "too noisy to call",
  unchanged: "unchanged",
};

/**
 * The one line that answers the question, counted in benchmarks: "2
 * benchmarks slower (worst: text/slugify mean +24% [+19%, +29%]); 41
 * unchanged". `grouped`: the rows' benchmark groups, when the caller has them.
 */
export function headline(c: Comparison, grouped?: readonly BenchmarkGroup[]): string {
  // Without a baseline only budgets can fail a check.
  if (!c.baseline && c.verdict !== "fail") return `perf-gate: no baseline yet (${plural(c.rows.length, "metric")} measured)`;
  const groups = grouped ?? groupBenchmarks(c.rows);
  if (groups.length === 0) return "perf-gate: no regressions (no metrics)";
  const counts = standingCounts(groups);
  const worst = worstRegression(groups);
  const budget = worst ? undefined : groups.find((g) => g.standing === "over-budget");
  const leading: Standing | undefined = worst ? "regression" : budget ? "over-budget" : undefined;
  const parts = STANDING_ORDER.filter((s) => counts[s] > 0 && s !== leading).map((s) => `${counts[s].toLocaleString("en-US")} ${STANDING_WORDS[s]}`);
  if (budget) {
    const limit = budget.worst.budget ? `, budget ${budget.worst.budget.text}` : "";
    return `perf-gate: ${plural(counts["over-budget"], "benchmark")} over budget (${budget.suite}/${budget.benchmark} ${budget.worst.stat}${limit})${parts.length ? `; ${parts.join(", ")}` : ""}`;
  }
  if (!worst) return `perf-gate: no regressions (${parts.join(", ")})`;
  const moreThanTime = groups.some((g) => g.standing === "regression" && g.worst.kind === "memory");
  const lead = `${plural(counts.regression, "benchmark")} ${moreThanTime ? "regressed" : "slower"}`;
  const name = `${worst.suite}/${worst.benchmark} ${worst.worst.stat}`;
  return `perf-gate: ${lead} (worst: ${name} ${changeCell(worst.worst)})${parts.length ? `; ${parts.join(", ")}` : ""}`;
}

export function metricLabel(row: Pick<Row, "suite" | "benchmark" | "stat">, escape: Escape): string {
  return `${escape(row.suite, TEXT_CAP.name)}/${escape(row.benchmark, TEXT_CAP.name)} ${escape(row.stat, TEXT_CAP.unit)}`;
}

/** A value in a unit perf-gate knows is scaled and shown as is; any other unit is shown escaped and short. */
export function valueCell(value: number | undefined, unit: string, escape: Escape): string {
  if (value === undefined) return "—";
  return isKnownUnit(unit) ? formatValue(value, unit) : `${formatNumber(value)} ${escape(unit, TEXT_CAP.unit)}`;
}

export function changeCell(row: Row): string {
  if (row.change === undefined) return "—";
  const interval = row.interval ? ` [${formatPercent(row.interval[0])}, ${formatPercent(row.interval[1])}]` : "";
  return `${formatPercent(row.change)}${interval}`;
}

/** Whether the table's verdicts come from base and head measured paired on this runner. */
export function isPaired(c: Comparison): boolean {
  return c.pairing?.status === "paired";
}

/** The "vs main" cell of a paired row: the change against the baseline artifact, and its verdict when that differs. */
export function artifactCell(row: Row): string {
  const a = row.artifact;
  if (!a || a.change === undefined) return "—";
  const verdict = a.verdict !== row.verdict && a.verdict !== "unchanged" ? ` (${VERDICT_LABEL[a.verdict]})` : "";
  return `${formatPercent(a.change)}${verdict}`;
}

/** One sentence on how the verdicts were reached: paired on this runner, or why not. */
export function pairingLine(c: Comparison, escape: Escape): string | undefined {
  const p = c.pairing;
  if (!p) return undefined;
  if (p.status === "unavailable") return `Base and head could not be measured paired on this runner (${escape(p.reason, TEXT_CAP.note)}); the verdicts are against the baseline artifact.`;
  const rounds = p.rounds[0] === p.rounds[1] ? `${p.rounds[0]}` : `${p.rounds[0]}–${p.rounds[1]}`;
  const cpu = p.cpu === undefined ? "" : `, both pinned to CPU ${Math.trunc(p.cpu)}`;
  const unsettled = p.unsettled.length
    ? ` ${p.unsettled.length} benchmark${p.unsettled.length === 1 ? "" : "s"} had not settled when the rounds or the time budget ran out (${p.unsettled
        .slice(0, 5)
        .map((b) => escape(b, TEXT_CAP.name))
        .join(", ")}${p.unsettled.length > 5 ? ", …" : ""}).`
    : "";
  const unpaired = p.unpaired ? ` ${p.unpaired} metric${p.unpaired === 1 ? "" : "s"} could not be re-measured on both sides and are judged against the baseline artifact.` : "";
  return `Verdicts come from base commit ${escape(p.baseCommit.slice(0, 7), 7)} and the head measured paired on this runner: ${rounds} rounds, alternating in short slices in random order${cpu}, ${p.seconds.toFixed(0)} s. The change is the median of the per-round ratios (Hodges-Lehmann) with its signed-rank 95% interval; "vs main" is the change against the baseline artifact, for the record.${unsettled}${unpaired}`;
}

/** Short environment line: "Linux x64, AMD EPYC 7763 (4 cores), node v24.1.0, commit abc1234". */
export function environmentLine(env: NonNullable<Comparison["baseline"]>, escape: Escape): string {
  const commit = env.commit ? `, commit ${escape(env.commit.slice(0, 7), 7)}` : "";
  const field = (text: string) => escape(text, TEXT_CAP.env);
  return `${field(env.platform)} ${field(env.arch)}, ${field(env.cpuModel)} (${env.cores} cores), node ${field(env.node)}${commit}`;
}

/** A row's budget and note, joined. */
export function noteText(row: Row, escape: Escape): string {
  const budget = row.budget ? `budget ${escape(row.budget.text, TEXT_CAP.budget)}` : "";
  const why = row.reason ? reasonText(row.reason) : row.note;
  const note = why ? escape(why, TEXT_CAP.note) : "";
  return budget && note ? `${budget}; ${note}` : budget || note;
}
