import type { Comparison, Row } from "../comparison.ts";
import { formatPercent } from "../units.ts";
import { countVerdicts, overallVerdict, sortRows } from "../verdicts.ts";

/** Rows whose artifact verdict asks for a same-machine re-measurement. */
export function rowsToConfirm(comparison: Comparison, options: { policy: "off" | "on-regression" | "always"; inconclusive: boolean }): Row[] {
  if (options.policy === "off") return [];
  return comparison.rows.filter((r) => {
    if (r.baseline === undefined || r.current === undefined) return false;
    if (options.policy === "always") return r.verdict !== "over-budget";
    return r.verdict === "regression" || (options.inconclusive && r.verdict === "inconclusive");
  });
}

function changeText(row: Pick<Row, "change" | "interval">): string {
  if (row.change === undefined) return "n/a";
  return row.interval ? `${formatPercent(row.change)} [${formatPercent(row.interval[0])}, ${formatPercent(row.interval[1])}]` : formatPercent(row.change);
}

export interface Confirmation {
  /** Comparison of base vs head measured on this machine, for the re-measured metrics. */
  confirmed: Comparison;
  baseCommit: string;
  rounds: number;
}

/**
 * Replaces the artifact verdicts of re-measured rows with the same-machine
 * verdicts, keeping the artifact's in `Row.artifact` and both in the note.
 */
export function applyConfirmation(comparison: Comparison, ids: ReadonlySet<string>, confirmation: Confirmation): Comparison {
  const byId = new Map(confirmation.confirmed.rows.map((r) => [r.id, r]));
  const rows = comparison.rows.map((row): Row => {
    const again = ids.has(row.id) ? byId.get(row.id) : undefined;
    if (!again || again.change === undefined) return row;
    const held = again.verdict === "regression";
    const flagged = `flagged against the baseline artifact: ${formatPercent(row.change ?? 0)}`;
    const verdictWord = row.verdict === "regression" ? (held ? "confirmed" : "not confirmed") : "re-measured";
    return {
      ...again,
      threshold: row.threshold,
      budget: row.budget,
      verdict: row.verdict === "over-budget" ? row.verdict : again.verdict,
      artifact: { verdict: row.verdict, change: row.change, interval: row.interval },
      note: `${flagged}; ${verdictWord} on this runner: ${changeText(again)}`,
    };
  });
  sortRows(rows);
  const note = `${ids.size} metric${ids.size === 1 ? "" : "s"} re-measured on this runner against base commit ${confirmation.baseCommit.slice(0, 7)} (${confirmation.rounds} rounds, base and head alternating in random order); their verdicts come from that re-measurement.`;
  return { ...comparison, rows, counts: countVerdicts(rows), verdict: overallVerdict(rows), notes: [...comparison.notes, note] };
}

/** Keeps the artifact verdicts and says why they could not be confirmed. */
export function confirmationUnavailable(comparison: Comparison, reason: string): Comparison {
  return { ...comparison, notes: [...comparison.notes, `Could not re-measure on this runner (${reason}); verdicts are against the baseline artifact.`] };
}
