import { dirname, resolve } from "node:path";
import { z } from "zod";
import { InputError } from "./errors.ts";
import { parseWith, readJsonFile } from "./files.ts";
import { ImportSpec } from "./runners/import-spec.ts";
import { HttpSpec } from "./runners/http/spec.ts";
import { LIMITS } from "./report.ts";

export const BenchmarkSet = z.enum(["quick", "full"]);
export type BenchmarkSet = z.infer<typeof BenchmarkSet>;

/** Which sets a benchmark belongs to; PRs run `quick`, scheduled jobs `full`. */
const Sets = z.array(BenchmarkSet).min(1).default(["quick", "full"]);

export const TinybenchSpec = z
  .object({
    kind: z.literal("tinybench"),
    /** Modules exporting suites of tasks (relative to the config file). */
    files: z.array(z.string().min(1)).min(1),
    sets: Sets,
    /** Milliseconds of measurement per task in each round. */
    time: z.number().positive().default(100),
    /** Milliseconds of warm-up per task before its first round. */
    warmupTime: z.number().nonnegative().default(100),
    /** Minimum iterations per task in each round, whatever the time. */
    iterations: z.number().int().positive().default(10),
    /**
     * Rounds: every task is measured once per round; rounds are the independent
     * replicates that intervals are built from. Sampling stops after `min` rounds
     * once every task's mean is known to `precision`, or at `max`, or when the
     * group's `budget` (seconds) is spent.
     */
    rounds: z
      .object({ min: z.number().int().min(2).max(100).default(4), max: z.number().int().min(2).max(200).default(10) })
      .strict()
      .refine((r) => r.max >= r.min, "max must be at least min")
      .default({ min: 4, max: 10 }),
    precision: z.number().positive().max(1).default(0.02),
    budget: z.number().positive().default(60),
    /** Seconds one task may take for its warm-up or its measurement in a round before the run stops. */
    taskTimeout: z.number().positive().max(86_400).default(120),
    /** Seconds a benchmark file's loading, or a suite's setup or teardown hook, may take. */
    hookTimeout: z.number().positive().max(86_400).default(60),
  })
  .strict();
export type TinybenchSpec = z.infer<typeof TinybenchSpec>;

export const BenchmarkSpec = z.discriminatedUnion("kind", [TinybenchSpec, HttpSpec, ImportSpec]);
export type BenchmarkSpec = z.infer<typeof BenchmarkSpec>;

const Percent = z.number().positive().max(10_000);

export const ConfirmPolicy = z.enum(["off", "on-regression", "always"]);
export type ConfirmPolicy = z.infer<typeof ConfirmPolicy>;

/**
 * Re-measuring flagged metrics against the base commit on the same machine,
 * base and head alternating in random order, before failing a check.
 */
export const ConfirmSpec = z
  .object({
    /** `on-regression`: confirm metrics flagged against the artifact; `always`: every run. */
    policy: ConfirmPolicy.default("on-regression"),
    /** Also re-measure inconclusive metrics. */
    inconclusive: z.boolean().default(false),
    /** Installs the base checkout (run in its worktree); empty for none. */
    install: z.string().default("npm ci"),
    /** Rounds of base+head measurements wanted. */
    rounds: z.number().int().min(2).max(100).default(6),
    /** Seconds the confirmation may take in all, install included. */
    budget: z.number().positive().default(300),
  })
  .strict();
export type ConfirmSpec = z.infer<typeof ConfirmSpec>;

export const Config = z
  .object({
    $schema: z.string().optional(),
    /** Degradation (percent) tolerated before a metric is a regression. */
    threshold: Percent.default(10),
    /** Per-metric thresholds by glob on the metric id, e.g. `{"http/*.p99": 25}`. */
    thresholds: z.record(z.string().min(1).max(LIMITS.name), Percent).default({}),
    /** Absolute targets by glob, e.g. `{"http/get-small.c10.p95": "< 200 ms"}`. */
    budgets: z.record(z.string().min(1).max(LIMITS.name), z.string().min(1).max(LIMITS.budget)).default({}),
    benchmarks: z.array(BenchmarkSpec).min(1),
    confirm: ConfirmSpec.default(ConfirmSpec.parse({})),
  })
  .strict();
export type Config = z.infer<typeof Config>;

export interface LoadedConfig {
  path: string;
  /** Directory that relative paths in the config are resolved against. */
  root: string;
  config: Config;
}

export const DEFAULT_CONFIG_PATH = "perf-gate.config.json";

/** Two http groups of one name would produce the same metric ids. */
function checkHttpNames(config: Config, source: string): void {
  const seen = new Map<string, number>();
  config.benchmarks.forEach((b, i) => {
    if (b.kind !== "http") return;
    const first = seen.get(b.name);
    if (first !== undefined) throw new InputError(source, `benchmarks[${i}].name: "${b.name}" is also the name of benchmarks[${first}]; metric ids would collide`);
    seen.set(b.name, i);
  });
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  const data = await readJsonFile(path);
  const config = parseWith(Config, data, path, "perf-gate config");
  checkHttpNames(config, path);
  return { path, root: dirname(resolve(path)), config };
}

export function benchmarksIn(config: Config, set: BenchmarkSet, source: string): BenchmarkSpec[] {
  const chosen = config.benchmarks.filter((b) => b.sets.includes(set));
  if (chosen.length === 0) throw new InputError(source, `no benchmarks belong to the "${set}" set`);
  return chosen;
}
