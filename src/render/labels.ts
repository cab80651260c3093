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
  const unsettled = p.unsettled.length ? ` ${p.unsettled.length} benchmark${p.unsettled.length === 1 ? "" : "s"} had not settled when the rounds or the time budget ran out (${p.unsettled.slice(0, 5).map((b) => escape(b, TEXT_CAP.name)).join(", ")}${p.unsettled.length > 5 ? ", …" : ""}).` : "";
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
  const note = row.note ? escape(row.note, TEXT_CAP.note) : "";
  return budget && note ? `${budget}; ${note}` : budget || note;
}
