import { z } from "zod";
import { Comparison, FAILING, Row, Verdict } from "../report/comparison.ts";
import { parseWith } from "../report/parse.ts";

/** File names inside the baseline and result artifacts. */
export const RESULT_FILES = {
  report: "report.json",
  comparison: "comparison.json",
  markdown: "comment.md",
  meta: "result.json",
} as const;

const Sha = z.string().regex(/^[0-9a-f]{7,64}$/i, "expected a commit sha");

/**
 * What a pull request run leaves for the trusted workflow_run job: which pull
 * request and head it measured, and which baseline it compared with.
 */
export const ResultMeta = z.object({
  schema: z.literal("perf-gate/result@1"),
  pullRequest: z.number().int().positive(),
  headSha: Sha,
  baseRef: z.string().regex(/^[\w./-]{1,255}$/, "expected a branch name"),
  runId: z.number().int().positive().optional(),
  /** The baseline-run-id input of that run, if one was given. */
  baselineRunId: z.number().int().positive().optional(),
  baseline: z
    .object({
      artifactId: z.number().int().positive(),
      runId: z.number().int().positive().optional(),
      commit: Sha.optional(),
      branch: z
        .string()
        .regex(/^[\w./-]{1,255}$/)
        .optional(),
    })
    .optional(),
});
export type ResultMeta = z.infer<typeof ResultMeta>;

/** Caps on a result artifact's comparison: a fork produced it, and it becomes a comment. */
export const RESULT_CAPS = { rows: 2000, notes: 50, text: 1000 } as const;

/** At most this many result artifacts of one run are posted (one comment each). */
export const MAX_RESULTS = 20;

/** A comparison as a pull request run left it: the schema, plus caps on the number of rows and notes and on every string's length. */
export const UntrustedComparison = Comparison.extend({
  rows: z.array(Row).max(RESULT_CAPS.rows),
  notes: z.array(z.string()).max(RESULT_CAPS.notes),
}).superRefine((comparison, ctx) => {
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === "string") {
      if (value.length > RESULT_CAPS.text) ctx.addIssue({ code: "custom", path, message: `longer than ${RESULT_CAPS.text} characters` });
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(comparison, []);
});

/**
 * The comparison of a result artifact, validated and capped, with its verdict
 * and counts derived again from its rows: totals the artifact states itself are
 * ignored, so they cannot be forged into the outputs or the comment's headline.
 */
export function trustedComparison(data: unknown, source: string): Comparison {
  const parsed = parseWith(UntrustedComparison, data, source, "perf-gate comparison");
  const counts = Object.fromEntries(Verdict.options.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const row of parsed.rows) counts[row.verdict]++;
  const failing = parsed.rows.some((row) => FAILING.has(row.verdict));
  return { ...parsed, counts, verdict: failing ? "fail" : "pass" };
}
