import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { estimate } from "../compare/stats/estimate.ts";
import type { TinybenchSpec } from "../config/schema.ts";
import { type RunnerOutput, emptyOutput, selectsBenchmark } from "../measure/runners/types.ts";
import type { Shard } from "../report/shard.ts";
import { TASK_STATS, taskOutput } from "../measure/runners/tinybench.ts";
import { formatPercent } from "../report/units.ts";
import type { Progress } from "../measure/progress.ts";
import { emptySeries, type PairedSeries, settleState } from "./settle.ts";
import { type PairClock, type PairSettings, type Side, shuffled, sideOrder } from "./settings.ts";
import { expectReply, type SideWorker, startSideWorker } from "./side-worker.ts";
import type { WorkerTask } from "./worker-protocol.ts";
import type { Pinning } from "./affinity.ts";

/** Where one side's code lives and the environment its processes get. */
export interface SideCheckout {
  /** Directory the config's relative paths resolve against, in this side's checkout. */
  root: string;
  env: NodeJS.ProcessEnv;
}

export interface PairContext {
  sides: Record<Side, SideCheckout>;
  settings: PairSettings;
  clock: PairClock;
  progress: Progress;
  /** Threshold (percent) of a metric id, so that sampling stops once its verdict cannot change. */
  thresholdOf: (id: string) => number;
  /** Pins both sides' processes to one CPU, so they share its contention. */
  pinning: Pinning;
  only?: string[];
  /** This job's part of the set, when the set is split over several jobs. */
  shard?: Shard;
}

export interface PairedOutput {
  base: RunnerOutput;
  head: RunnerOutput;
  /** Paired rounds measured, per benchmark (task or scenario). */
  rounds: Record<string, number>;
  /** Benchmarks whose sampling stopped at the time budget before they settled. */
  unsettled: string[];
}

const MEDIAN = { kind: "median" } as const;

/** Each batch runs at least this many calls, so a slow task still yields a distribution. */
const MIN_CALLS = 5;

interface PairedTask {
  key: string;
  rounds: Record<Side, number[][]>;
  /**
   * Per-round medians: the statistic whose interval decides when sampling stops
   * (per-call means carry the neighbours' preemptions and may never settle on a busy runner).
   */
  medians: PairedSeries;
  settled: boolean;
  halfWidth: number;
}

/**
 * The benchmark files a side loads, from the head's config. A file the base
 * does not have yet (the change adds it) is left out there: its tasks are new,
 * measured on the head alone. The head must have them all.
 */
export function sideFiles(spec: TinybenchSpec, sides: PairContext["sides"], side: Side): string[] {
  const files = spec.files.map((f) => resolve(sides[side].root, f));
  return side === "base" ? files.filter((f) => existsSync(f)) : files;
}

/** Loading imports the files and runs the setup hooks: the hook timeout bounds it, with room for the imports. */
async function loadSide(worker: SideWorker, files: string[], spec: TinybenchSpec): Promise<WorkerTask[]> {
  return expectReply(await worker.request({ type: "load", files }, (spec.hookTimeout + 60) * 1000), "loaded").tasks;
}

/** A batch that outlives the task timeout is a hung task: its worker is ended and the check says which task. */
async function runBatch(worker: SideWorker, key: string, time: number, spec: TinybenchSpec): Promise<number[]> {
  return expectReply(await worker.request({ type: "batch", key, time, iterations: MIN_CALLS }, spec.taskTimeout * 1000), "samples").samples;
}

/** A fresh pair of worker processes, pinned to the shared CPU, with both sides' files loaded. */
async function startPair(spec: TinybenchSpec, ctx: PairContext): Promise<{ workers: Record<Side, SideWorker>; loaded: Record<Side, WorkerTask[]> }> {
  const started: SideWorker[] = [];
  try {
    const workers = {} as Record<Side, SideWorker>;
    for (const side of ["base", "head"] as const) {
      const checkout = ctx.sides[side];
      workers[side] = startSideWorker({ cwd: checkout.root, env: { ...checkout.env, PERF_GATE_SIDE: side }, label: `${side} side` });
      started.push(workers[side]);
    }
    await ctx.pinning.pin(started.map((w) => w.pid).filter((p): p is number => p !== undefined));
    const loaded = {
      base: await loadSide(workers.base, sideFiles(spec, ctx.sides, "base"), spec),
      head: await loadSide(workers.head, sideFiles(spec, ctx.sides, "head"), spec),
    };
    return { workers, loaded };
  } catch (error) {
    await Promise.all(started.map((w) => w.close()));
    throw error;
  }
}

/**
 * Function benchmarks measured paired: one worker process per side, each
 * with that side's code, driven in lock-step. Every round runs each unsettled
 * task once on each side, tasks in a shuffled order and sides in a random
 * order, in batches of a few tens of milliseconds, so both see the same
 * machine. Every `restartEvery` rounds the pair of processes is replaced by a
 * fresh one (a block): a process's own effects (memory layout, JIT decisions)
 * then vary between blocks instead of biasing the whole comparison, and the
 * intervals come from the spread between blocks. Each pair is warmed alike
 * first. A task stops once its median's interval lies clearly inside or past
 * its threshold (after the minimum rounds), at the maximum
 * rounds, or at the deadline.
 */
export async function pairFunctions(spec: TinybenchSpec, ctx: PairContext): Promise<PairedOutput> {
  const out: PairedOutput = { base: emptyOutput(), head: emptyOutput(), rounds: {}, unsettled: [] };
  const { settings, clock } = ctx;
  let tasks: PairedTask[] = [];
  let fresh: WorkerTask[] = [];
  let round = 0;
  const blockOfRound = new Map<number, number>();
  for (let block = 0; round < settings.rounds.max; block++) {
    if (block > 0 && tasks.every((t) => t.settled)) break;
    if (block > 0 && clock.now() >= clock.deadline) {
      for (const t of tasks) if (!t.settled) out.unsettled.push(t.key);
      break;
    }
    const { workers, loaded } = await startPair(spec, ctx);
    try {
      if (block === 0) {
        const baseKeys = new Set(loaded.base.map((t) => t.key));
        const chosen = loaded.head.filter((t) => selectsBenchmark(ctx, t.suite, t.name, TASK_STATS));
        // A task only the head has is measured alone (it is new); one only the base has is missing.
        tasks = chosen
          .filter((t) => baseKeys.has(t.key))
          .map((t) => ({ key: t.key, rounds: { base: [], head: [] }, medians: { ...emptySeries(), blocks: blockOfRound }, settled: false, halfWidth: Number.POSITIVE_INFINITY }));
        fresh = chosen.filter((t) => !baseKeys.has(t.key));
        if (tasks.length)
          ctx.progress(
            `  pairing ${tasks.length} function task${tasks.length === 1 ? "" : "s"}: batches of ${settings.batch} ms, ${settings.rounds.min}-${settings.rounds.max} rounds, fresh worker processes every ${settings.restartEvery} rounds`,
          );
        // New tasks have no base: measured alone, in the first pair's head process.
        for (const t of fresh) {
          const rounds: number[][] = [];
          for (let i = 0; i < settings.restartEvery; i++) rounds.push(await runBatch(workers.head, t.key, settings.batch, spec));
          const built = taskOutput(t.suite, t.name, rounds);
          out.head.samples[built.key] = built.samples;
          for (const item of built.metrics) out.head.metrics.push(item);
        }
      }
      const active = tasks.filter((t) => !t.settled);
      if (active.length === 0) break;
      // Warm-up, alternating sides, so JIT tiers and caches are alike before any round counts.
      const warmBatches = Math.max(1, Math.ceil(settings.warmup / settings.batch));
      for (const task of active) {
        for (let i = 0; i < warmBatches; i++) for (const side of sideOrder(clock.random)) await runBatch(workers[side], task.key, settings.batch, spec);
      }
      for (let r = 0; r < settings.restartEvery && round < settings.rounds.max; r++, round++) {
        if (clock.now() >= clock.deadline) break;
        blockOfRound.set(round, block);
        for (const task of shuffled(active, clock.random)) {
          for (const side of sideOrder(clock.random)) {
            const samples = await runBatch(workers[side], task.key, settings.batch, spec);
            while (task.rounds[side].length < round) task.rounds[side].push([]);
            task.rounds[side].push(samples);
            task.medians[side].set(round, estimate(MEDIAN, samples));
          }
        }
      }
    } finally {
      await Promise.all([workers.base.close(), workers.head.close()]);
    }
    if (round >= settings.rounds.min) {
      for (const task of tasks.filter((t) => !t.settled)) {
        const state = settleState(task.medians, "lower-is-better", ctx.thresholdOf(`${task.key}.p50`));
        task.settled = state.settled;
        task.halfWidth = state.halfWidth;
      }
    }
    const open = tasks.filter((t) => !t.settled);
    const widest = open.reduce<PairedTask | undefined>((w, t) => (!w || t.halfWidth > w.halfWidth ? t : w), undefined);
    const detail = widest && Number.isFinite(widest.halfWidth) ? `; widest interval ±${formatPercent(widest.halfWidth).replace(/^\+/, "")} (${widest.key})` : "";
    ctx.progress(`  round ${round}/${settings.rounds.max} (${block + 1} worker pair${block ? "s" : ""}): ${tasks.length - open.length} of ${tasks.length} tasks settled${detail}`);
  }
  if (round >= settings.rounds.max) for (const t of tasks) if (!t.settled && !out.unsettled.includes(t.key)) out.unsettled.push(t.key);
  for (const task of tasks) {
    out.rounds[task.key] = task.medians.head.size;
    for (const side of ["base", "head"] as const) {
      const [suite, ...rest] = task.key.split("/");
      const built = taskOutput(suite!, rest.join("/"), task.rounds[side], (r) => blockOfRound.get(r) ?? 0);
      out[side].samples[built.key] = built.samples;
      for (const item of built.metrics) out[side].metrics.push(item);
    }
  }
  return out;
}
