import { z } from "zod";
import { BenchmarkKind, Direction, Environment } from "./report.ts";

export const COMPARISON_SCHEMA = "perf-gate/comparison@1";

export const Verdict = z.enum(["regression", "over-budget", "inconclusive", "improvement", "new", "missing", "unchanged"]);
export type Verdict = z.infer<typeof Verdict>;

/** Verdicts that fail the check. */
export const FAILING: ReadonlySet<Verdict> = new Set(["regression", "over-budget"]);

export const Row = z.object({
  id: z.string(),
  suite: z.string(),
  benchmark: z.string(),
  stat: z.string(),
  kind: BenchmarkKind,
  unit: z.string(),
  direction: Direction,
  baseline: z.number().optional(),
  current: z.number().optional(),
  /** current / baseline - 1, in the value's own sense (+ means the number went up). */
  change: z.number().optional(),
  /** Confidence interval of `change`, when the samples allow one. */
  interval: z.tuple([z.number(), z.number()]).optional(),
  /** Percent of degradation tolerated for this metric. */
  threshold: z.number(),
  verdict: Verdict,
  budget: z.object({ text: z.string(), met: z.boolean() }).optional(),
  /** One short sentence: why the verdict, or what would settle an inconclusive one. */
  note: z.string().optional(),
  /** The verdict against the baseline artifact, kept when a same-machine re-measurement replaced it. */
  artifact: z.object({ verdict: Verdict, change: z.number().optional(), interval: z.tuple([z.number(), z.number()]).optional() }).optional(),
});
export type Row = z.infer<typeof Row>;

export const Comparison = z.object({
  schema: z.literal(COMPARISON_SCHEMA),
  verdict: z.enum(["pass", "fail"]),
  threshold: z.number(),
  counts: z.record(Verdict, z.number().int()),
  rows: z.array(Row),
  notes: z.array(z.string()),
  /** Percent of budgets met (0-100); absent when the config sets no budget. */
  score: z.number().optional(),
  baseline: Environment.optional(),
  current: Environment,
});
export type Comparison = z.infer<typeof Comparison>;
