import { z } from "zod";
import { BenchmarkKind, Direction, Environment, LIMITS, text } from "./report.ts";

export const COMPARISON_SCHEMA = "perf-gate/comparison@1";

export const Verdict = z.enum(["regression", "over-budget", "inconclusive", "improvement", "new", "missing", "unchanged"]);
export type Verdict = z.infer<typeof Verdict>;

/** Verdicts that fail the check. */
export const FAILING: ReadonlySet<Verdict> = new Set(["regression", "over-budget"]);

export const Row = z.object({
  id: text(LIMITS.name),
  suite: text(LIMITS.name),
  benchmark: text(LIMITS.name),
  stat: text(LIMITS.name),
  kind: BenchmarkKind,
  unit: text(LIMITS.unit),
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
  budget: z.object({ text: text(LIMITS.budget), met: z.boolean() }).optional(),
  /** One short sentence: why the verdict, or what would settle an inconclusive one. */
  note: text(LIMITS.note).optional(),
  /** The verdict against the baseline artifact, kept when a same-machine re-measurement replaced it. */
  artifact: z.object({ verdict: Verdict, change: z.number().optional(), interval: z.tuple([z.number(), z.number()]).optional() }).optional(),
});
export type Row = z.infer<typeof Row>;

export const Comparison = z.object({
  schema: z.literal(COMPARISON_SCHEMA),
  verdict: z.enum(["pass", "fail"]),
  threshold: z.number(),
  counts: z.record(Verdict, z.number().int()),
  /** Every current metric plus every missing baseline metric. */
  rows: z.array(Row).max(2 * LIMITS.metrics),
  /** The Report's notes and those of the comparison. */
  notes: z.array(text(LIMITS.note)).max(2 * LIMITS.notes),
  /** Percent of budgets met (0-100); absent when the config sets no budget. */
  score: z.number().optional(),
  baseline: Environment.optional(),
  current: Environment,
});
export type Comparison = z.infer<typeof Comparison>;
