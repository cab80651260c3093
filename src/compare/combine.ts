import type { Comparison, Pairing, Row } from "../report/comparison.ts";
import { budgetScore } from "./apply-budgets.ts";
import { countVerdicts, overallVerdict, sortRows } from "./verdicts.ts";

function artifactOf(row: Row | undefined): Row["artifact"] {
  if (!row || row.verdict === "new") return undefined;
  return { verdict: row.verdict, baseline: row.baseline, change: row.change, interval: row.interval };
}

/**
 * One comparison from the paired one and the one against the baseline
 * artifact. The paired verdict decides every metric it measured (`ids`: all of
 * them, or only the flagged ones); the artifact's comparison stays beside it on
 * each row (main's value and the change against it) and decides the metrics
 * that could not be paired, and the ones main has that the head lost.
 */
export function combineComparisons(paired: Comparison, artifact: Comparison | undefined, pairing: Extract<Pairing, { status: "paired" }>): Comparison {
  const artifactById = new Map(artifact?.rows.map((r) => [r.id, r]));
  const pairedIds = new Set(paired.rows.map((r) => r.id));
  const rows: Row[] = paired.rows.map((row) => ({ ...row, source: "paired", artifact: artifactOf(artifactById.get(row.id)) }));
  for (const row of artifact?.rows ?? []) if (!pairedIds.has(row.id)) rows.push({ ...row, source: "artifact" });
  sortRows(rows);
  // The runners' own notes (a likely leak, a spent budget) come once; the artifact's statistics notes concern its column only.
  const notes = [...new Set([...paired.notes])];
  return {
    ...paired,
    verdict: overallVerdict(rows),
    counts: countVerdicts(rows),
    rows,
    notes,
    score: budgetScore(rows),
    pairing,
    artifactBaseline: artifact?.baseline,
  };
}

/**
 * The artifact's comparison with the flagged rows' verdicts replaced by the
 * paired ones (`flagged` policy): the rest keeps the artifact's verdict.
 */
export function applyPairedToFlagged(artifact: Comparison, paired: Comparison, pairing: Extract<Pairing, { status: "paired" }>): Comparison {
  const pairedById = new Map(paired.rows.map((r) => [r.id, r]));
  const rows: Row[] = artifact.rows.map((row) => {
    const again = pairedById.get(row.id);
    if (!again || again.change === undefined) return { ...row, source: "artifact" };
    return { ...again, budget: row.budget, verdict: row.verdict === "over-budget" ? row.verdict : again.verdict, source: "paired", artifact: artifactOf(row) };
  });
  sortRows(rows);
  return { ...artifact, rows, counts: countVerdicts(rows), verdict: overallVerdict(rows), pairing };
}

/** The artifact's comparison, with why pairing could not be done. */
export function withoutPairing(artifact: Comparison, reason: string): Comparison {
  return { ...artifact, pairing: { status: "unavailable", reason } };
}
