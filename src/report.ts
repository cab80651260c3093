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

const finite = z.number().refine(Number.isFinite, "must be a finite number");

/** Raw observations shared by the metrics derived from them (one per task or scenario). */
export const SampleSet = z.object({
  unit: z.string().min(1),
  values: finiteNumbers(),
  /** Index of the measuring round each value came from, when the runner measured in rounds. */
  rounds: indexNumbers().optional(),
});
export type SampleSet = z.infer<typeof SampleSet>;

export const Metric = z.object({
  /** Stable identity used to match baseline and current, e.g. `strings/slugify.p95`. */
  id: z.string().min(1),
  suite: z.string().min(1),
  benchmark: z.string().min(1),
  /** Which statistic of the benchmark this is: mean, p50, p95, p99, ops, rps, rss-peak, ... */
  stat: z.string().min(1),
  kind: BenchmarkKind,
  unit: z.string().min(1),
  direction: Direction,
  value: finite,
  /** Key into `Report.samples`; absent when the runner has no raw samples. */
  samples: z.string().optional(),
  estimator: Estimator.optional(),
  /** Free-form extra facts shown as notes (e.g. sample count, errors). */
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type Metric = z.infer<typeof Metric>;

export const Environment = z.object({
  node: z.string(),
  os: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cores: z.number().int().nonnegative(),
  memoryBytes: z.number().nonnegative(),
  commit: z.string().optional(),
  ref: z.string().optional(),
  runner: z.string().optional(),
  timestamp: z.string(),
});
export type Environment = z.infer<typeof Environment>;

/** A fixed workload timed alongside every run, to compare machine speed between Reports. */
export const Calibration = z.object({
  workload: z.string(),
  /** Milliseconds per repetition of the workload; lower means a faster machine. */
  samples: z.array(finite).min(1),
  value: finite,
});
export type Calibration = z.infer<typeof Calibration>;

export const Report = z.object({
  schema: z.literal(REPORT_SCHEMA),
  tool: z.object({ name: z.string(), version: z.string() }),
  set: z.enum(["quick", "full"]),
  environment: Environment,
  calibration: Calibration.optional(),
  metrics: z.array(Metric),
  samples: z.record(z.string(), SampleSet).default({}),
  /**
   * Values of each metric in the runs that came before this one on the same
   * branch (oldest first), carried from baseline to baseline: the run-to-run
   * spread that the samples of a single run cannot show.
   */
  history: z.record(z.string(), z.array(finite)).optional(),
  notes: z.array(z.string()).default([]),
  /** Which part of the set this Report holds, when the set was split over several jobs (`--shard i/n`). */
  shard: Shard.optional(),
});
export type Report = z.infer<typeof Report>;
export type ReportInput = z.input<typeof Report>;
