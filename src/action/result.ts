import { z } from "zod";

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
      branch: z.string().regex(/^[\w./-]{1,255}$/).optional(),
    })
    .optional(),
});
export type ResultMeta = z.infer<typeof ResultMeta>;
