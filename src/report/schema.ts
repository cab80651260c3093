import { z } from "zod";
import { finiteNumbers, indexNumbers } from "./number-array.ts";
import { Shard } from "./shard.ts";

/** Version tag of the Report format; bump on any incompatible change. */
export const REPORT_SCHEMA = "perf-gate/report@1";

export const Direction = z.enum(["lower-is-better", "higher-is-better"]);
export type Direction = z.infer<typeof Direction>;

export const BenchmarkKind = z.enum(["function", "http", "memory", "import", "calibration"]);
export type BenchmarkKind = z.infer<typeof BenchmarkKind>;

/**
 * How a metric's value is derived from its sample set, so that statistics can
 * resample the raw samples and recompute the same estimator.
 */
export const Estimator = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("mean") }),
  z.object({ kind: z.literal("median") }),
  z.object({ kind: z.literal("quantile"), q: z.number().gt(0).lt(1) }),
  /** `scale / mean(samples)`, e.g. ops/s from per-iteration milliseconds (scale 1000). */
  z.object({ kind: z.literal("rate"), scale: z.number().positive() }),
  z.object({ kind: z.literal("max") }),
]);
export type Estimator = z.infer<typeof Estimator>;

/**
 * Caps on the sizes of what a Report or Comparison may hold, so that a hostile
 * or broken file cannot blow up memory, rendering or a comment.
 */
export const LIMITS = {
  /** Metric ids, suite, benchmark and stat names, sample keys. */
  name: 512,
  unit: 32,
  /** Environment fields (cpu model, node version, ...). */
  env: 256,
  note: 2000,
  /** Budget texts, e.g. "< 200 ms". */
  budget: 200,
  notes: 200,
  metrics: 200_000,
  /** Earlier runs a baseline carries per metric. */
  historyRuns: 100,
} as const;

/** A string no longer than `max`. */
export const text = (max: number) => z.string().max(max);
const name = z.string().min(1).max(LIMITS.name);

const finite = z.number().refine(Number.isFinite, "must be a finite number");

/** Raw observations shared by the metrics derived from them (one per task or scenario). */
export const SampleSet = z.object({
  unit: z.string().min(1).max(LIMITS.unit),
  values: finiteNumbers(),
  /** Index of the measuring round each value came from, when the runner measured in rounds. */
  rounds: indexNumbers().optional(),
  /**
   * Index of the process (paired measurements: the pair of worker processes)
   * each value came from, when the rounds were spread over several: each
   * process carries effects of its own, so intervals come from the spread between them.
   */
  blocks: indexNumbers().optional(),
});
export type SampleSet = z.infer<typeof SampleSet>;

export const Metric = z.object({
  /** Stable identity used to match baseline and current, e.g. `strings/slugify.p95`. */
  id: name,
  suite: name,
  benchmark: name,
  /** Which statistic of the benchmark this is: mean, p50, p95, p99, ops, rps, rss-peak, ... */
  stat: name,
  kind: BenchmarkKind,
  unit: z.string().min(1).max(LIMITS.unit),
  direction: Direction,
  value: finite,
  /** Key into `Report.samples`; absent when the runner has no raw samples. */
  samples: name.optional(),
  estimator: Estimator.optional(),
  /** Free-form extra facts shown as notes (e.g. sample count, errors). */
  extra: z.record(text(LIMITS.name), z.union([text(LIMITS.note), z.number(), z.boolean()])).optional(),
});
export type Metric = z.infer<typeof Metric>;

export const Environment = z.object({
  node: text(LIMITS.env),
  os: text(LIMITS.env),
  platform: text(LIMITS.env),
  arch: text(LIMITS.env),
  cpuModel: text(LIMITS.env),
  cores: z.number().int().nonnegative(),
  memoryBytes: z.number().nonnegative(),
  commit: text(LIMITS.env).optional(),
  ref: text(LIMITS.env).optional(),
  runner: text(LIMITS.env).optional(),
  timestamp: text(LIMITS.env),
});
export type Environment = z.infer<typeof Environment>;

/** A fixed workload timed alongside every run, to compare machine speed between Reports. */
export const Calibration = z.object({
  workload: text(LIMITS.note),
  /** Milliseconds per repetition of the workload; lower means a faster machine. */
  samples: z.array(finite).min(1),
  value: finite,
});
export type Calibration = z.infer<typeof Calibration>;

/** One earlier run of the baseline branch: which commit, and when it was measured. */
export const HistoryRun = z.object({ commit: text(LIMITS.env).optional(), time: text(LIMITS.env) });
export type HistoryRun = z.infer<typeof HistoryRun>;

export const Report = z.object({
  schema: z.literal(REPORT_SCHEMA),
  tool: z.object({ name: text(LIMITS.env), version: text(LIMITS.env) }),
  set: z.enum(["quick", "full"]),
  environment: Environment,
  calibration: Calibration.optional(),
  metrics: z.array(Metric).max(LIMITS.metrics),
  samples: z.record(name, SampleSet).default({}),
  /**
   * Values of each metric in the runs that came before this one on the same
   * branch (oldest first), carried from baseline to baseline: the run-to-run
   * spread that the samples of a single run cannot show.
   */
  history: z.record(name, z.array(finite).max(LIMITS.historyRuns)).optional(),
  /**
   * The runs behind `history`, oldest first: each metric's values line up with
   * the last entries of this list (a metric that is newer than the oldest run
   * has fewer values). Absent in Reports from before it was kept.
   */
  runs: z.array(HistoryRun).max(LIMITS.historyRuns).optional(),
  notes: z.array(text(LIMITS.note)).max(LIMITS.notes).default([]),
  /** Which part of the set this Report holds, when the set was split over several jobs (`--shard i/n`). */
  shard: Shard.optional(),
});
export type Report = z.infer<typeof Report>;
export type ReportInput = z.input<typeof Report>;
