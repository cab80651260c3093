import { setTimeout as sleep } from "node:timers/promises";
import type { RunnerOutput } from "../measure/runners/types.ts";
import { emptyOutput, selectsBenchmark } from "../measure/runners/types.ts";
import { DEFAULT_DURATION, expandCases, type LoadCase } from "../measure/runners/http/cases.ts";
import { type RoundResult, runLoad } from "../measure/runners/http/load.ts";
import type { Checkpoint } from "../measure/runners/http/memory.ts";
import { MEMORY_BENCHMARK, MEMORY_STAT_NAMES } from "../measure/runners/http/memory-metrics.ts";
import { LOAD_STAT_NAMES, LOAD_STATS } from "../measure/runners/http/metrics.ts";
import { suiteOutput } from "../measure/runners/http/output.ts";
import { SETTLE_MS } from "../measure/runners/http/run.ts";
import { openServer, type ServerSession } from "../measure/runners/http/session.ts";
import type { HttpSpec } from "../config/http-spec.ts";
import { formatPercent } from "../report/units.ts";
import { groupMembers } from "../measure/runners/http/process-group.ts";
import type { PairContext, PairedOutput } from "./functions.ts";
import { emptySeries, type PairedSeries, settleState } from "./settle.ts";
import { type Side, shuffled, sideOrder } from "./settings.ts";

/** The load statistics whose intervals decide when a scenario has enough rounds. */
const SETTLING_STATS = ["rps", "p50"];

interface PairedCase {
  c: LoadCase;
  results: Record<Side, RoundResult[]>;
  /** Round index of each result, so that both sides' samples line up. */
  rounds: Record<Side, number[]>;
  series: Map<string, PairedSeries>;
  settled: boolean;
  halfWidth: number;
}

function sliceOf(c: LoadCase): { duration?: number; amount?: number } {
  return c.scenario.amount === undefined ? { duration: c.scenario.duration ?? DEFAULT_DURATION } : { amount: c.scenario.amount };
}

/** One side's metrics, each result tagged with its paired round; memory notes say which side. */
function output(spec: HttpSpec, cases: PairedCase[], side: Side, checkpoints: Checkpoint[], afterWarmup: Checkpoint | undefined, wantMemory: boolean, selected: Set<LoadCase>): RunnerOutput {
  const loads = cases.filter((pc) => selected.has(pc.c)).map((pc) => ({ c: pc.c, results: pc.results[side], rounds: pc.rounds[side] }));
  const suite = suiteOutput(spec, loads, wantMemory ? { checkpoints, afterWarmup } : undefined);
  return { metrics: suite.metrics, samples: suite.samples, notes: suite.notes.map((n) => `${side}: ${n}`) };
}

/**
 * An http suite measured paired: the base and head servers run at the same
 * time, each on its own port in its own process group, both warmed alike. The
 * load alternates between them in slices (one scenario on one side), scenarios
 * shuffled and sides in a random order every round, and memory is read from
 * both after each round. A scenario stops once its rps and median latency
 * intervals have settled against their thresholds (after the suite's `rounds`),
 * at twice `rounds`, or at the deadline.
 */
export async function pairHttp(spec: HttpSpec, ctx: PairContext): Promise<PairedOutput> {
  const out: PairedOutput = { base: emptyOutput(), head: emptyOutput(), rounds: {}, unsettled: [] };
  const all = expandCases(spec);
  const chosen = all.filter((c) => selectsBenchmark(ctx, spec.name, c.name, LOAD_STAT_NAMES));
  const wantMemory = selectsBenchmark(ctx, spec.name, MEMORY_BENCHMARK, MEMORY_STAT_NAMES);
  if (chosen.length === 0 && !wantMemory) return out;
  const cases: PairedCase[] = (chosen.length ? chosen : all).map((c) => ({
    c,
    results: { base: [], head: [] },
    rounds: { base: [], head: [] },
    series: new Map(SETTLING_STATS.map((s) => [s, emptySeries()])),
    settled: false,
    halfWidth: Number.POSITIVE_INFINITY,
  }));
  const { clock } = ctx;
  const minRounds = spec.rounds;
  const maxRounds = spec.rounds * 2;
  const checkpoints: Record<Side, Checkpoint[]> = { base: [], head: [] };
  const afterWarmup: Partial<Record<Side, Checkpoint>> = {};
  const sessions: Partial<Record<Side, ServerSession>> = {};
  try {
    for (const side of ["base", "head"] as const) {
      const checkout = ctx.sides[side];
      const session = await openServer(spec, { root: checkout.root, progress: ctx.progress, env: { ...checkout.env, PERF_GATE_SIDE: side } }, `${spec.name} (${side})`);
      if (!session) return out;
      sessions[side] = session;
      // Both servers on one CPU: the load generator (this process) keeps the others.
      await ctx.pinning.pin(groupMembers(session.pgid));
    }
    const crashed = (what: string) => {
      for (const side of ["base", "head"] as const) sessions[side]!.crashed(`${what} (${side} side)`);
    };
    if (spec.warmup > 0) {
      const each = Math.max(0.1, spec.warmup / cases.length);
      ctx.progress(`  ${spec.name}: warming up both servers alike`);
      for (const pc of cases) {
        for (const side of sideOrder(clock.random)) await runLoad(pc.c, { origin: sessions[side]!.origin, duration: each, stop: sessions[side]!.stop });
      }
      crashed("while warming up");
    }
    await sleep(SETTLE_MS);
    for (const side of sideOrder(clock.random)) afterWarmup[side] = await sessions[side]!.memory.checkpoint();
    // Each server's processes, listed once after warm-up, for its CPU use per slice.
    const members = { base: groupMembers(sessions.base!.pgid), head: groupMembers(sessions.head!.pgid) };

    for (let round = 0; round < maxRounds; round++) {
      const active = cases.filter((pc) => !pc.settled);
      if (active.length === 0) break;
      if (clock.now() >= clock.deadline) {
        for (const item of active.map((pc) => `${spec.name}/${pc.c.name}`)) out.unsettled.push(item);
        break;
      }
      for (const pc of shuffled(active, clock.random)) {
        for (const side of sideOrder(clock.random)) {
          const result = await runLoad(pc.c, { origin: sessions[side]!.origin, ...sliceOf(pc.c), stop: sessions[side]!.stop, server: members[side] });
          crashed(`during "${pc.c.name}" (round ${round + 1})`);
          pc.results[side].push(result);
          pc.rounds[side].push(round);
          for (const stat of SETTLING_STATS) {
            const value = LOAD_STATS.find((s) => s.stat === stat)!.of(result);
            if (value !== undefined && Number.isFinite(value)) pc.series.get(stat)![side].set(round, value);
          }
        }
        if (round + 1 >= minRounds) {
          const states = SETTLING_STATS.map((stat) => {
            const def = LOAD_STATS.find((s) => s.stat === stat)!;
            return settleState(pc.series.get(stat)!, def.direction, ctx.thresholdOf(`${spec.name}/${pc.c.name}.${stat}`));
          });
          pc.settled = states.every((s) => s.settled);
          pc.halfWidth = Math.max(...states.map((s) => s.halfWidth));
        }
      }
      await sleep(SETTLE_MS);
      for (const side of sideOrder(clock.random)) checkpoints[side].push(await sessions[side]!.memory.checkpoint());
      crashed(`after round ${round + 1}`);
      const open = cases.filter((pc) => !pc.settled);
      const widest = open.reduce<PairedCase | undefined>((w, pc) => (!w || pc.halfWidth > w.halfWidth ? pc : w), undefined);
      const detail = widest && Number.isFinite(widest.halfWidth) ? `; widest interval ±${formatPercent(widest.halfWidth).replace(/^\+/, "")} (${widest.c.name})` : "";
      ctx.progress(`  ${spec.name} round ${round + 1}/${maxRounds}: ${cases.length - open.length} of ${cases.length} scenarios settled${detail}`);
    }
  } finally {
    await Promise.all([sessions.base?.dispose(), sessions.head?.dispose()]);
  }
  const selected = new Set(chosen);
  for (const side of ["base", "head"] as const) out[side] = output(spec, cases, side, checkpoints[side], afterWarmup[side], wantMemory, selected);
  for (const pc of cases) out.rounds[`${spec.name}/${pc.c.name}`] = pc.results.head.length;
  return out;
}
