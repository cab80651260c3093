import { z } from "zod";
import { InputError } from "../errors.ts";
import { ImportSpec } from "./import-spec.ts";
import { HttpSpec } from "./http-spec.ts";
import { LIMITS } from "../report/schema.ts";
import { ProfileSpec } from "../profile/settings.ts";
import { type BenchmarkSet, Sets } from "./sets.ts";

export { BenchmarkSet } from "./sets.ts";

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

export const PairPolicy = z.enum(["always", "flagged", "off"]);
export type PairPolicy = z.infer<typeof PairPolicy>;

/**
 * How a check measures base and head paired on its runner, interleaved in
 * short slices: the verdict of every metric comes from that, and the baseline
 * artifact keeps the history, the budgets and the fallback.
 */
export const PairSpec = z
  .object({
    /** `always`: pair every metric (the default); `flagged`: only metrics the artifact flags; `off`: artifact only. */
    policy: PairPolicy.default("always"),
    /** Installs the base checkout (run in its worktree); empty for none. */
    install: z.string().default("npm ci"),
    /** Seconds the install may take before the check falls back to the artifact. */
    installTimeout: z.number().positive().default(600),
    /** Seconds of paired measuring; metrics not settled by then stay inconclusive. */
    budget: z.number().positive().default(120),
    /** Paired rounds per function task: at least `min`, then until its interval settles, at most `max`. */
    rounds: z
      .object({ min: z.number().int().min(6).max(1000).default(32), max: z.number().int().min(6).max(5000).default(80) })
      .strict()
      .refine((r) => r.max >= r.min, "max must be at least min")
      .default({ min: 32, max: 80 }),
    /** Rounds one pair of worker processes measures before a fresh pair takes over (processes carry effects of their own). */
    restartEvery: z.number().int().min(1).max(1000).default(8),
    /** Milliseconds of one batch: one task measured on one side in one round. */
    batch: z.number().min(1).max(10_000).default(25),
    /** Milliseconds of warm-up per task and side before the first round. */
    warmup: z.number().nonnegative().max(600_000).default(100),
    /** Pin both sides' measured processes to one CPU (Linux, with taskset), so they share its contention. */
    pin: z.boolean().default(true),
  })
  .strict();
export type PairSpec = z.infer<typeof PairSpec>;

/** The settings `confirm` once had; read only to say what to write instead. */
const LEGACY_CONFIRM_POLICY: Record<string, PairPolicy> = { off: "off", "on-regression": "flagged", always: "always" };

/**
 * Configs written for `confirm` (re-measure flagged metrics) keep working: it
 * becomes `pair` with the same install command and budget, and a warning says
 * what to write instead.
 */
export function migrateConfirm(data: unknown, warn: (line: string) => void): unknown {
  if (typeof data !== "object" || data === null || Array.isArray(data) || !("confirm" in data)) return data;
  const { confirm, ...rest } = data as Record<string, unknown>;
  if ("pair" in rest) throw new InputError("config", "`confirm` and `pair` cannot both be set: `pair` replaces `confirm`; remove `confirm`");
  if (typeof confirm !== "object" || confirm === null || Array.isArray(confirm)) return { ...rest, pair: confirm };
  const old = confirm as Record<string, unknown>;
  const pair: Record<string, unknown> = {};
  if (typeof old.policy === "string") pair.policy = LEGACY_CONFIRM_POLICY[old.policy] ?? old.policy;
  if (old.install !== undefined) pair.install = old.install;
  if (old.budget !== undefined) pair.budget = old.budget;
  warn(`\`confirm\` is now \`pair\` (base and head measured paired on the runner): write ${JSON.stringify({ pair })} instead`);
  return { ...rest, pair };
}

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
    pair: PairSpec.default(PairSpec.parse({})),
    /** Profiles of regressed and over-budget benchmarks, taken after a paired check measured. */
    profile: ProfileSpec.default(ProfileSpec.parse({})),
  })
  .strict();
export type Config = z.infer<typeof Config>;

export function benchmarksIn(config: Config, set: BenchmarkSet, source: string): BenchmarkSpec[] {
  const chosen = config.benchmarks.filter((b) => b.sets.includes(set));
  if (chosen.length === 0) throw new InputError(source, `no benchmarks belong to the "${set}" set`);
  return chosen;
}
