import type { Metric, SampleSet } from "../report.ts";
import { globToRegExp } from "../glob.ts";
import type { Progress } from "../progress.ts";
import { inShard, type Shard } from "../shard.ts";

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
  const patterns = ctx.only.map(globToRegExp);
  return stats.some((stat) => patterns.some((p) => p.test(`${suite}/${benchmark}.${stat}`)));
}

export function emptyOutput(): RunnerOutput {
  return { metrics: [], samples: {}, notes: [] };
}

export function mergeOutputs(outputs: RunnerOutput[]): RunnerOutput {
  const merged = emptyOutput();
  for (const o of outputs) {
    merged.metrics.push(...o.metrics);
    Object.assign(merged.samples, o.samples);
    merged.notes.push(...o.notes);
  }
  return merged;
}
