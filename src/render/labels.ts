import type { Comparison, Row, Verdict } from "../comparison.ts";
import { formatNumber, formatPercent, formatValue, isKnownUnit } from "../units.ts";
import { TEXT_CAP } from "./escape.ts";

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

export function headline(c: Comparison): string {
  const total = c.rows.length;
  const summary = countsLine(c.counts) || "no metrics";
  if (c.verdict === "fail") return `perf-gate: performance got worse (${summary}; ${total} metrics)`;
  if (!c.baseline) return `perf-gate: no baseline yet (${total} metrics measured)`;
  return `perf-gate: no regressions (${summary})`;
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

/** Short environment line: "Linux x64, AMD EPYC 7763 (4 cores), node v24.1.0, commit abc1234". */
export function environmentLine(env: NonNullable<Comparison["baseline"]>, escape: Escape): string {
  const commit = env.commit ? `, commit ${escape(env.commit.slice(0, 7), 7)}` : "";
  const field = (text: string) => escape(text, TEXT_CAP.env);
  return `${field(env.platform)} ${field(env.arch)}, ${field(env.cpuModel)} (${env.cores} cores), node ${field(env.node)}${commit}`;
}

/** A row's budget and note, joined. */
export function noteText(row: Row, escape: Escape): string {
  const budget = row.budget ? `budget ${escape(row.budget.text, TEXT_CAP.budget)}` : "";
  const note = row.note ? escape(row.note, TEXT_CAP.note) : "";
  return budget && note ? `${budget}; ${note}` : budget || note;
}
