import { resolve } from "node:path";
import { Bench } from "tinybench";
import type { TinybenchSpec } from "../config.ts";
import { InputError, messageOf } from "../errors.ts";
import type { Metric } from "../report.ts";
import { formatValue } from "../units.ts";
import { loadSuites } from "./suite-module.ts";
import type { RunContext, RunnerOutput } from "./types.ts";
import { emptyOutput, selectsBenchmark } from "./types.ts";

/** The time statistics reported per task; each is recomputable from the task's samples. */
const TIME_STATS: Array<Pick<Metric, "stat" | "estimator">> = [
  { stat: "mean", estimator: { kind: "mean" } },
  { stat: "p50", estimator: { kind: "median" } },
  { stat: "p95", estimator: { kind: "quantile", q: 0.95 } },
  { stat: "p99", estimator: { kind: "quantile", q: 0.99 } },
];

/** Stored samples are thinned to this many (evenly spaced ranks) to keep Reports small. */
export const MAX_STORED_SAMPLES = 4000;

export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function thin(sorted: readonly number[], max: number): number[] {
  if (sorted.length <= max) return [...sorted];
  return Array.from({ length: max }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (max - 1))]!);
}

/** Metrics of one task from its per-iteration times in milliseconds. */
export function taskMetrics(suite: string, task: string, samplesKey: string, timesMs: readonly number[]): Metric[] {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const base = { suite, benchmark: task, kind: "function" as const, samples: samplesKey, extra: { samples: sorted.length } };
  const values: Record<string, number> = {
    mean,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
  };
  const metrics: Metric[] = TIME_STATS.map(({ stat, estimator }) => ({
    ...base,
    id: `${suite}/${task}.${stat}`,
    stat,
    unit: "ms",
    direction: "lower-is-better",
    value: values[stat]!,
    estimator,
  }));
  metrics.push({ ...base, id: `${suite}/${task}.ops`, stat: "ops", unit: "ops/s", direction: "higher-is-better", value: 1000 / mean, estimator: { kind: "rate", scale: 1000 } });
  return metrics;
}

/** Runs every suite exported by the spec's files with tinybench. */
export async function runTinybench(spec: TinybenchSpec, ctx: RunContext): Promise<RunnerOutput> {
  const out = emptyOutput();
  const files = spec.files.map((f) => resolve(ctx.root, f));
  const stats = [...TIME_STATS.map((s) => s.stat), "ops"];
  const suites = (await Promise.all(files.map(async (file) => (await loadSuites(file)).map((suite) => ({ file, suite })))))
    .flat()
    .map(({ file, suite }) => ({ file, suite, tasks: Object.entries(suite.tasks).filter(([name]) => selectsBenchmark(ctx, suite.name, name, stats)) }))
    .filter(({ tasks }) => tasks.length > 0);
  const total = suites.reduce((n, { tasks }) => n + tasks.length, 0);
  let done = 0;
  for (const { file, suite, tasks } of suites) {
    const bench = new Bench({ name: suite.name, time: spec.time, warmupTime: spec.warmupTime, iterations: spec.iterations, retainSamples: true, throws: true });
    for (const [name, fn] of tasks) bench.add(name, fn);
    bench.addEventListener("cycle", (event) => {
      done += 1;
      const task = event.task;
      const result = task?.result;
      const mean = result && "latency" in result ? formatValue(result.latency.mean, "ms") : "?";
      ctx.progress(`[${done}/${total}] ${suite.name}/${task?.name ?? "?"}: ${mean} per op`);
    });
    try {
      await suite.setup?.();
      await bench.run();
    } catch (error) {
      throw new InputError(file, `suite "${suite.name}" failed: ${messageOf(error).split("\n")[0]}`);
    } finally {
      await suite.teardown?.();
    }
    for (const task of bench.tasks) {
      const result = task.result;
      if (!("latency" in result) || !result.latency.samples) throw new InputError(file, `task "${suite.name}/${task.name}" produced no samples`);
      const key = `${suite.name}/${task.name}`;
      const sorted = result.latency.samples as readonly number[];
      out.samples[key] = { unit: "ms", values: thin(sorted, MAX_STORED_SAMPLES) };
      out.metrics.push(...taskMetrics(suite.name, task.name, key, sorted));
    }
  }
  return out;
}
