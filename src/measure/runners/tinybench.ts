import { MAX_STORED_SAMPLES, thinSorted } from "./stored-samples.ts";
import { resolve } from "node:path";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { Bench } from "tinybench";
import type { TinybenchSpec } from "../../config/schema.ts";
import { InputError, messageOf } from "../../errors.ts";
import type { Metric, SampleSet } from "../../report/schema.ts";
import { formatValue } from "../../report/units.ts";
import { loadSuites, type Suite } from "./suite-module.ts";
import type { RunContext, RunnerOutput } from "./types.ts";
import { emptyOutput, selectsBenchmark } from "./types.ts";
import { createDeadline, type Deadline } from "./watchdog.ts";

/** The time statistics reported per task; each is recomputable from the task's samples. */
const TIME_STATS: Array<Pick<Metric, "stat" | "estimator">> = [
  { stat: "mean", estimator: { kind: "mean" } },
  { stat: "p50", estimator: { kind: "median" } },
  { stat: "p95", estimator: { kind: "quantile", q: 0.95 } },
  { stat: "p99", estimator: { kind: "quantile", q: 0.99 } },
];
/** The statistics each task yields, as metric ids end: what `--only` globs are matched against. */
export const TASK_STATS = [...TIME_STATS.map((s) => s.stat), "ops"];

export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Metrics of one task from its per-iteration times in milliseconds. */
export function taskMetrics(suite: string, task: string, samplesKey: string, timesMs: readonly number[], rounds: number): Metric[] {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const avg = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const base = { suite, benchmark: task, kind: "function" as const, samples: samplesKey, extra: { samples: sorted.length, rounds } };
  const values: Record<string, number> = { mean: avg, p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), p99: quantileSorted(sorted, 0.99) };
  const metrics: Metric[] = TIME_STATS.map(({ stat, estimator }) => ({
    ...base,
    id: `${suite}/${task}.${stat}`,
    stat,
    unit: "ms",
    direction: "lower-is-better",
    value: values[stat]!,
    estimator,
  }));
  metrics.push({ ...base, id: `${suite}/${task}.ops`, stat: "ops", unit: "ops/s", direction: "higher-is-better", value: 1000 / avg, estimator: { kind: "rate", scale: 1000 } });
  return metrics;
}

/** Relative half-width of the 95% interval of the per-round means (normal approximation). */
export function roundPrecision(roundMeans: readonly number[]): number {
  if (roundMeans.length < 2) return Number.POSITIVE_INFINITY;
  const m = mean(roundMeans);
  return (1.96 * sampleStandardDeviation(roundMeans)) / Math.sqrt(roundMeans.length) / m;
}

/**
 * A task's stored samples (thinned per round, each value tagged with its round)
 * and metrics, from its per-round per-call times. Rounds that measured nothing
 * keep their index, so that paired sides stay aligned round by round.
 */
export function taskOutput(
  suite: string,
  task: string,
  rounds: ReadonlyArray<readonly number[]>,
  /** The process block of each round, for paired measurements spread over several worker pairs. */
  blockOf?: (round: number) => number,
): { key: string; samples: SampleSet; metrics: Metric[] } {
  const key = `${suite}/${task}`;
  const measured = rounds.filter((r) => r.length > 0).length;
  const perRound = Math.max(1, Math.floor(MAX_STORED_SAMPLES / Math.max(1, measured)));
  const values: number[] = [];
  const roundIndex: number[] = [];
  const blocks: number[] = [];
  const all: number[] = [];
  rounds.forEach((samples, r) => {
    for (const v of thinSorted(
      [...samples].sort((a, b) => a - b),
      perRound,
    )) {
      values.push(v);
      roundIndex.push(r);
      if (blockOf) blocks.push(blockOf(r));
    }
    for (const v of samples) all.push(v);
  });
  const samples: SampleSet = blockOf ? { unit: "ms", values, rounds: roundIndex, blocks } : { unit: "ms", values, rounds: roundIndex };
  return { key, samples, metrics: taskMetrics(suite, task, key, all, measured) };
}

interface TaskState {
  file: string;
  suite: Suite;
  name: string;
  fn: () => unknown;
  /** Samples per round, each sorted. */
  rounds: number[][];
}

/** Runs user code (loading a file, a hook) under the hook timeout; anything it throws names the file and what ran. */
async function userCode(deadline: Deadline, spec: TinybenchSpec, file: string, what: string, work: () => Promise<unknown>): Promise<void> {
  const timedOut = new InputError(file, `${what} did not finish within hookTimeout (${spec.hookTimeout} s)`);
  try {
    await deadline.guard(spec.hookTimeout, timedOut.message, () => timedOut, work);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, `${what} failed: ${messageOf(error).split("\n")[0]}`);
  }
}

function taskTimedOut(t: TaskState, spec: TinybenchSpec): InputError {
  return new InputError(t.file, `task "${t.suite.name}/${t.name}" did not finish within taskTimeout (${spec.taskTimeout} s): it never returns, or returns a promise that never settles`);
}

async function measureRound(tasks: TaskState[], spec: TinybenchSpec, first: boolean, deadline: Deadline): Promise<void> {
  const bySuite = new Map<Suite, TaskState[]>();
  for (const t of tasks) {
    const group = bySuite.get(t.suite);
    if (group) group.push(t);
    else bySuite.set(t.suite, [t]);
  }
  for (const [suite, group] of bySuite) {
    const bench = new Bench({
      name: suite.name,
      time: spec.time,
      iterations: spec.iterations,
      warmup: first ? spec.warmupTime > 0 : true,
      warmupTime: first ? spec.warmupTime : Math.min(spec.warmupTime, 20),
      retainSamples: true,
      throws: true,
    });
    const firstTask = () => taskTimedOut(group[0]!, spec);
    try {
      await deadline.guard(spec.taskTimeout, firstTask().message, firstTask, async () => {
        for (const t of group) {
          // Each task gets its own deadline, moved on as tinybench reaches it: adding a task
          // already calls it once (to tell sync from async), then its warm-up, then its measurement.
          const error = () => taskTimedOut(t, spec);
          const extend = () => deadline.extend(spec.taskTimeout, error().message, error);
          extend();
          bench.add(t.name, t.fn);
          for (const phase of ["warmup", "start"] as const) bench.getTask(t.name)?.addEventListener(phase, extend);
        }
        await bench.run();
      });
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(group[0]!.file, `suite "${suite.name}" failed: ${messageOf(error).split("\n")[0]}`);
    }
    for (const t of group) {
      const result = bench.getTask(t.name)?.result;
      if (!result || !("latency" in result) || !result.latency.samples) throw new InputError(t.file, `task "${suite.name}/${t.name}" produced no samples`);
      t.rounds.push(Array.from(result.latency.samples as readonly number[]));
    }
  }
}

/**
 * Runs every suite exported by the spec's files with tinybench, in rounds:
 * each round measures every task once, and sampling stops when every task's
 * mean is precise enough (after the minimum rounds), at the maximum, or when
 * the time budget is spent.
 */
export async function runTinybench(spec: TinybenchSpec, ctx: RunContext): Promise<RunnerOutput> {
  const deadline = createDeadline();
  try {
    return await measureSuites(spec, ctx, deadline);
  } finally {
    deadline.close();
  }
}

async function measureSuites(spec: TinybenchSpec, ctx: RunContext, deadline: Deadline): Promise<RunnerOutput> {
  const out = emptyOutput();
  const loaded: Array<{ file: string; suite: Suite }> = [];
  for (const file of spec.files.map((f) => resolve(ctx.root, f))) {
    let suites: Suite[] = [];
    // A module's top level is user code too: it may hang or never settle a top-level await.
    await userCode(deadline, spec, file, "loading the benchmark file", async () => (suites = await loadSuites(file)));
    for (const suite of suites) loaded.push({ file, suite });
  }
  const tasks: TaskState[] = loaded.flatMap(({ file, suite }) =>
    Object.entries(suite.tasks)
      .filter(([name]) => selectsBenchmark(ctx, suite.name, name, TASK_STATS))
      .map(([name, fn]) => ({ file, suite, name, fn, rounds: [] })),
  );
  if (tasks.length === 0) return out;
  const defined = new Map<string, string>();
  for (const t of tasks) {
    const key = `${t.suite.name}/${t.name}`;
    const other = defined.get(key);
    if (other !== undefined) throw new InputError(t.file, `task "${key}" is also defined in ${other}; metric ids would collide`);
    defined.set(key, t.file);
  }
  const suites = [...new Set(tasks.map((t) => t.suite))];
  const fileOf = new Map(tasks.map((t) => [t.suite, t.file]));
  const hook = (suite: Suite, name: "setup" | "teardown") => {
    const fn = suite[name];
    return fn ? userCode(deadline, spec, fileOf.get(suite)!, `suite "${suite.name}" ${name} hook`, async () => fn()) : undefined;
  };
  const started = Date.now();
  try {
    for (const suite of suites) await hook(suite, "setup");
    for (let round = 0; round < spec.rounds.max; round++) {
      if (ctx.signal?.aborted) break;
      await measureRound(tasks, spec, round === 0, deadline);
      const precisions = tasks.map((t) => roundPrecision(t.rounds.map((r) => mean(r))));
      // A loop, not Math.max(...precisions): the number of tasks is unbounded.
      let widestAt = 0;
      for (let i = 1; i < precisions.length; i++) if (!(precisions[i]! <= precisions[widestAt]!)) widestAt = i;
      const worst = precisions[widestAt]!;
      const widest = tasks[widestAt]!;
      if (round === 0) {
        for (const t of tasks) ctx.progress(`  ${t.suite.name}/${t.name}: ${formatValue(mean(t.rounds[0]!), "ms")} per op`);
      } else {
        const precision = Number.isFinite(worst) ? `±${(worst * 100).toFixed(1)}%` : "n/a";
        ctx.progress(`  round ${round + 1}/${spec.rounds.max}: ${tasks.length} tasks, widest interval ${precision} (${widest.suite.name}/${widest.name})`);
      }
      const done = round + 1 >= spec.rounds.min && worst <= spec.precision;
      const outOfTime = (Date.now() - started) / 1000 >= spec.budget;
      if (done) break;
      if (outOfTime) {
        if (round + 1 < spec.rounds.min) out.notes.push(`tinybench: the ${spec.budget} s budget ran out after ${round + 1} round(s), fewer than the ${spec.rounds.min} wanted`);
        break;
      }
    }
  } finally {
    for (const suite of suites) await hook(suite, "teardown");
  }
  for (const t of tasks) {
    const task = taskOutput(t.suite.name, t.name, t.rounds);
    out.samples[task.key] = task.samples;
    for (const m of task.metrics) out.metrics.push(m);
  }
  return out;
}
