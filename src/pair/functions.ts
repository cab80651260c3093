import { resolve } from "node:path";
import { mean } from "simple-statistics";
import type { TinybenchSpec } from "../config.ts";
import { type RunnerOutput, emptyOutput, selectsBenchmark } from "../runners/types.ts";
import type { Shard } from "../shard.ts";
import { taskOutput } from "../runners/tinybench.ts";
import { formatPercent } from "../units.ts";
import type { Progress } from "../progress.ts";
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

/** Seconds a single batch may take before its task counts as hung. */
const BATCH_TIMEOUT_MS = 60_000;
/** Each batch runs at least this many calls, so a slow task still yields a distribution. */
const MIN_CALLS = 5;

interface PairedTask {
  key: string;
  rounds: Record<Side, number[][]>;
  /** Per-round medians and means: the statistics whose intervals decide when sampling stops. */
  series: Record<"p50" | "mean", PairedSeries>;
  settled: boolean;
  halfWidth: number;
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function loadSide(worker: SideWorker, files: string[]): Promise<WorkerTask[]> {
  return expectReply(await worker.request({ type: "load", files }, BATCH_TIMEOUT_MS), "loaded").tasks;
}

async function runBatch(worker: SideWorker, key: string, time: number): Promise<number[]> {
  return expectReply(await worker.request({ type: "batch", key, time, iterations: MIN_CALLS }, BATCH_TIMEOUT_MS), "samples").samples;
}

/**
 * Function benchmarks measured paired: one worker process per side, each
 * with that side's code, driven in lock-step. Every round runs each unsettled
 * task once on each side, tasks in a shuffled order and sides in a random
 * order, in batches of a few tens of milliseconds, so both see the same
 * machine. Both sides are warmed alike first. A task stops once its mean's
 * paired interval lies clearly inside or past its threshold (after the
 * minimum rounds), at the maximum rounds, or at the deadline.
 */
export async function pairFunctions(spec: TinybenchSpec, ctx: PairContext): Promise<PairedOutput> {
  const out: PairedOutput = { base: emptyOutput(), head: emptyOutput(), rounds: {}, unsettled: [] };
  const { settings, clock } = ctx;
  const workers: Partial<Record<Side, SideWorker>> = {};
  try {
    for (const side of ["base", "head"] as const) {
      const checkout = ctx.sides[side];
      workers[side] = startSideWorker({ cwd: checkout.root, env: { ...checkout.env, PERF_GATE_SIDE: side }, label: `${side} side` });
    }
    await ctx.pinning.pin([workers.base!.pid, workers.head!.pid].filter((p): p is number => p !== undefined));
    const loaded = {
      base: await loadSide(workers.base!, spec.files.map((f) => resolve(ctx.sides.base.root, f))),
      head: await loadSide(workers.head!, spec.files.map((f) => resolve(ctx.sides.head.root, f))),
    };
    const baseKeys = new Set(loaded.base.map((t) => t.key));
    const chosen = loaded.head.filter((t) => selectsBenchmark(ctx, t.suite, t.name, ["mean", "p50", "p95", "p99", "ops"]));
    // A task only the head has is measured alone (it is new); one only the base has is missing.
    const both = chosen.filter((t) => baseKeys.has(t.key));
    const tasks: PairedTask[] = both.map((t) => ({ key: t.key, rounds: { base: [], head: [] }, series: { p50: emptySeries(), mean: emptySeries() }, settled: false, halfWidth: Number.POSITIVE_INFINITY }));
    if (tasks.length) ctx.progress(`  pairing ${tasks.length} function task${tasks.length === 1 ? "" : "s"}: batches of ${settings.batch} ms, ${settings.rounds.min}-${settings.rounds.max} rounds`);

    // Warm-up, alternating sides, so JIT tiers and caches are alike before any round counts.
    const warmBatches = Math.max(1, Math.ceil(settings.warmup / settings.batch));
    for (const task of tasks) {
      for (let i = 0; i < warmBatches; i++) for (const side of sideOrder(clock.random)) await runBatch(workers[side]!, task.key, settings.batch);
    }

    for (let round = 0; round < settings.rounds.max; round++) {
      const active = tasks.filter((t) => !t.settled);
      if (active.length === 0) break;
      if (clock.now() >= clock.deadline) {
        out.unsettled.push(...active.map((t) => t.key));
        break;
      }
      for (const task of shuffled(active, clock.random)) {
        for (const side of sideOrder(clock.random)) {
          const samples = await runBatch(workers[side]!, task.key, settings.batch);
          while (task.rounds[side].length < round) task.rounds[side].push([]);
          task.rounds[side].push(samples);
          task.series.mean[side].set(round, mean(samples));
          task.series.p50[side].set(round, medianOf(samples));
        }
        if (round + 1 >= settings.rounds.min) {
          const states = (["p50", "mean"] as const).map((stat) => settleState(task.series[stat], "lower-is-better", ctx.thresholdOf(`${task.key}.${stat}`)));
          task.settled = states.every((s) => s.settled);
          task.halfWidth = Math.max(...states.map((s) => s.halfWidth));
        }
      }
      if ((round + 1) % 5 === 0 || round + 1 === settings.rounds.max) {
        const open = tasks.filter((t) => !t.settled);
        const widest = open.reduce<PairedTask | undefined>((w, t) => (!w || t.halfWidth > w.halfWidth ? t : w), undefined);
        const detail = widest && Number.isFinite(widest.halfWidth) ? `; widest interval ±${formatPercent(widest.halfWidth).replace(/^\+/, "")} (${widest.key})` : "";
        ctx.progress(`  round ${round + 1}/${settings.rounds.max}: ${tasks.length - open.length} of ${tasks.length} tasks settled${detail}`);
      }
    }
    for (const task of tasks) {
      out.rounds[task.key] = task.series.mean.head.size;
      for (const side of ["base", "head"] as const) {
        const [suite, ...rest] = task.key.split("/");
        const built = taskOutput(suite!, rest.join("/"), task.rounds[side]);
        out[side].samples[built.key] = built.samples;
        out[side].metrics.push(...built.metrics);
      }
    }
    const fresh = chosen.filter((t) => !baseKeys.has(t.key));
    for (const t of fresh) {
      const rounds: number[][] = [];
      for (let i = 0; i < settings.rounds.min; i++) rounds.push(await runBatch(workers.head!, t.key, settings.batch));
      const built = taskOutput(t.suite, t.name, rounds);
      out.head.samples[built.key] = built.samples;
      out.head.metrics.push(...built.metrics);
    }
    return out;
  } finally {
    await Promise.all([workers.base?.close(), workers.head?.close()]);
  }
}
