import { InputError } from "../../errors.ts";
import type { Metric, SampleSet } from "../../report/schema.ts";
import { compileGlob } from "../../config/glob.ts";
import type { Progress } from "../progress.ts";
import { inShard, type Shard } from "../../report/shard.ts";

/** What one runner contributes to a Report. */
export interface RunnerOutput {
  metrics: Metric[];
  samples: Record<string, SampleSet>;
  notes: string[];
}

export interface RunContext {
  /** Directory that relative paths in the benchmark spec are resolved against. */
  root: string;
  progress: Progress;
  /** Aborts a run in progress (time budget, Ctrl-C). */
  signal?: AbortSignal;
  /** Whether to run the benchmark `suite/benchmark` (all when absent); see `selectsBenchmark`. */
  only?: string[];
  /** This job's part of the set, when the set is split over several jobs. */
  shard?: Shard;
  /** Environment of the processes a runner starts (servers, commands); perf-gate's own when absent. */
  env?: NodeJS.ProcessEnv;
  /** Runs the commands a runner starts on this CPU only (paired measurements pin both sides to one). */
  cpu?: number;
}

/**
 * Whether `--only` globs select a benchmark: some glob matches one of the metric
 * ids (`suite/benchmark.stat`) it would produce. No globs select everything.
 * A shard selects only its own benchmarks.
 */
export function selectsBenchmark(ctx: Pick<RunContext, "only" | "shard">, suite: string, benchmark: string, stats: readonly string[]): boolean {
  if (!inShard(ctx.shard, suite, benchmark)) return false;
  if (!ctx.only?.length) return true;
  const patterns = ctx.only.map(compileGlob);
  return stats.some((stat) => patterns.some((p) => p.test(`${suite}/${benchmark}.${stat}`)));
}

export function emptyOutput(): RunnerOutput {
  return { metrics: [], samples: {}, notes: [] };
}

/**
 * The outputs of several benchmark groups as one; a metric id or sample key
 * that two groups both produce is refused (one would silently replace the other).
 */
export function mergeOutputs(outputs: RunnerOutput[], source = "config"): RunnerOutput {
  const merged = emptyOutput();
  const ids = new Set<string>();
  for (const o of outputs) {
    // Loops, not push(...spread): the number of metrics is unbounded.
    for (const m of o.metrics) {
      if (ids.has(m.id)) throw new InputError(source, `metric "${m.id}" is produced by two benchmark groups; give their suites different names`);
      ids.add(m.id);
      merged.metrics.push(m);
    }
    for (const [key, set] of Object.entries(o.samples)) {
      if (Object.hasOwn(merged.samples, key)) throw new InputError(source, `samples "${key}" are produced by two benchmark groups; give their suites different names`);
      merged.samples[key] = set;
    }
    for (const note of o.notes) merged.notes.push(note);
  }
  return merged;
}
