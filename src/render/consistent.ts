import type { Comparison } from "../report/comparison.ts";
import { countVerdicts, overallVerdict } from "../compare/verdicts.ts";

/**
 * The comparison with its overall verdict and counts taken from its rows: a
 * comparison read from an artifact could claim "pass" and zero regressions
 * above a table of regressions, and the title must say what the table shows.
 */
export function consistent(c: Comparison): Comparison {
  return { ...c, verdict: overallVerdict(c.rows), counts: countVerdicts(c.rows) };
}
