import { z } from "zod";
import { Finding, Reason } from "./reason.ts";
import { BenchmarkKind, Direction, Environment, LIMITS, text } from "./schema.ts";
import { Shard } from "./shard.ts";
import { FunctionRef, Profiles } from "../profile/schema.ts";

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
  /** How far past its threshold (regression) or target (budget) a failing row is. */
  severity: z.enum(["critical", "warning"]).optional(),
  budget: z.object({ text: text(LIMITS.budget), met: z.boolean() }).optional(),
  /**
   * On an inconclusive row: whether the change passed the false-discovery
   * control (a real change whose size is unclear) or not (it may be noise).
   */
  credible: z.boolean().optional(),
  /** The baseline branch's recent values of this metric, oldest first, ending with the baseline's own: the trend the comment draws. */
  trend: z
    .array(z.number())
    .max(LIMITS.historyRuns + 1)
    .optional(),
  /** Why the verdict, and what would settle an inconclusive one; render/ words it. */
  reason: Reason.optional(),
  /** One short sentence from a runner or an older comparison (perf-gate's own verdicts carry `reason`). */
  note: text(LIMITS.note).optional(),
  /**
   * Where the verdict came from: base and head measured paired on this runner,
   * or the comparison with the baseline artifact (absent in older comparisons: the artifact).
   */
  source: z.enum(["paired", "artifact"]).optional(),
  /** The comparison with the baseline artifact, kept beside a paired verdict: main's value and the change against it. */
  artifact: z.object({ verdict: Verdict, baseline: z.number().optional(), change: z.number().optional(), interval: z.tuple([z.number(), z.number()]).optional() }).optional(),
});
export type Row = z.infer<typeof Row>;

/**
 * Something to look at, with how bad it is: every regression and broken
 * budget, and the hints the data supports. `current` and `target` are in `unit`.
 */
export const Bottleneck = z.object({
  /** A metric id, or `suite/benchmark`. */
  component: z.string(),
  issue: z.enum(["regression", "over-budget", "leak", "gc", "tail-latency", "errors-under-load", "cpu-saturated"]),
  severity: z.enum(["critical", "warning"]),
  current: z.number().optional(),
  target: z.number().optional(),
  unit: z.string().optional(),
  /** A leak's allocation sites that grow. */
  sites: z.array(FunctionRef).optional(),
});
export type Bottleneck = z.infer<typeof Bottleneck>;

/** How the check measured: base and head paired on this runner, or why it could not. */
export const Pairing = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("paired"),
    /** The base commit measured beside the head. */
    baseCommit: z.string(),
    /** Fewest and most paired rounds over the benchmarks. */
    rounds: z.tuple([z.number().int(), z.number().int()]),
    /** Seconds spent measuring both sides (installing excluded). */
    seconds: z.number(),
    /** Benchmarks whose rounds stopped at the time budget before their intervals settled. */
    unsettled: z.array(z.string()),
    /** Metrics that could not be measured on both sides (e.g. imported files without a command); the artifact judges them. */
    unpaired: z.number().int(),
    /** The CPU both sides' processes shared, when they could be pinned. */
    cpu: z.number().int().optional(),
  }),
  z.object({
    status: z.literal("unavailable"),
    /** Why the base could not be measured; the artifact's verdicts stand. */
    reason: z.string(),
  }),
]);
export type Pairing = z.infer<typeof Pairing>;

export const Comparison = z.object({
  schema: z.literal(COMPARISON_SCHEMA),
  verdict: z.enum(["pass", "fail"]),
  threshold: z.number(),
  counts: z.record(Verdict, z.number().int()),
  /** Every current metric plus every missing baseline metric. */
  rows: z.array(Row).max(2 * LIMITS.metrics),
  /** What the comparison found about the runs as a whole (machine speed, the false discovery rate, ...); render/ words it. */
  findings: z.array(Finding).max(20).optional(),
  /** The Report's notes: what the runners noted about the run. */
  notes: z.array(text(LIMITS.note)).max(2 * LIMITS.notes),
  /** Percent of budgets met (0-100); absent when the config sets no budget. */
  score: z.number().optional(),
  baseline: Environment.optional(),
  current: Environment,
  /** Present on checks that tried to pair base and head. */
  pairing: Pairing.optional(),
  /** The baseline artifact's environment, when a paired comparison also compared with it. */
  artifactBaseline: Environment.optional(),
  /** Which part of the set this comparison covers, when the set was split over several jobs. */
  shard: Shard.optional(),
  /** Where the added time and memory went: profiles of the failing benchmarks, base against head. */
  profiles: Profiles.optional(),
  bottlenecks: z.array(Bottleneck).optional(),
});
export type Comparison = z.infer<typeof Comparison>;
