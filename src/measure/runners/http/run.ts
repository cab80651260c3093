import { setTimeout as sleep } from "node:timers/promises";
import { formatNumber, formatValue } from "../../../report/units.ts";
import type { RunContext, RunnerOutput } from "../types.ts";
import { emptyOutput, selectsBenchmark } from "../types.ts";
import { DEFAULT_DURATION, expandCases, type LoadCase } from "./cases.ts";
import { type RoundResult, runLoad } from "./load.ts";
import type { Checkpoint } from "./memory.ts";
import { MEMORY_BENCHMARK, MEMORY_STAT_NAMES } from "./memory-metrics.ts";
import { LOAD_STAT_NAMES, LOAD_STATS } from "./metrics.ts";
import { suiteOutput } from "./output.ts";
import { groupMembers } from "./process-group.ts";
import { openServer, type ServerSession } from "./session.ts";
import type { HttpSpec } from "../../../config/http-spec.ts";

/** Pause after a round's load before reading idle memory, so closing connections settle. */
export const SETTLE_MS = 100;
/** Shortest warm-up load per benchmark, in seconds. */
const MIN_WARMUP = 0.1;

/** One progress line's worth of a round: "12,345 req/s, p99 3.1 ms, 0% errors". */
export function summary(r: RoundResult): string {
  const stat = (name: string) => LOAD_STATS.find((s) => s.stat === name)!.of(r);
  const p99 = stat("p99");
  return `${formatNumber(stat("rps")!)} req/s, p99 ${p99 === undefined ? "n/a" : formatValue(p99, "ms")}, ${formatNumber(stat("errors")!)}% errors`;
}

/**
 * Runs an http suite: starts the server command in its own process group,
 * waits until `readyUrl` answers, warms up, then loads every benchmark once per
 * round with autocannon, taking a memory checkpoint after each round. The
 * server and all its processes are stopped afterwards, whatever happened.
 */
export async function runHttp(spec: HttpSpec, ctx: RunContext): Promise<RunnerOutput> {
  const out = emptyOutput();
  const all = expandCases(spec);
  const selected = all.filter((c) => selectsBenchmark(ctx, spec.name, c.name, LOAD_STAT_NAMES));
  const wantMemory = selectsBenchmark(ctx, spec.name, MEMORY_BENCHMARK, MEMORY_STAT_NAMES);
  if (selected.length === 0 && !wantMemory) return out;
  // Memory under load needs load: with only memory selected, every benchmark runs.
  const cases = selected.length ? selected : all;

  const results = new Map<LoadCase, RoundResult[]>(cases.map((c) => [c, []]));
  const checkpoints: Checkpoint[] = [];
  let afterWarmup: Checkpoint | undefined;
  let session: ServerSession | undefined;
  try {
    session = await openServer(spec, ctx);
    if (!session) return out;
    const { stop, crashed } = session;
    if (spec.warmup > 0) {
      const each = Math.max(MIN_WARMUP, spec.warmup / cases.length);
      ctx.progress(`  ${spec.name}: warming up (${formatNumber(spec.warmup)} s over ${cases.length} benchmark${cases.length === 1 ? "" : "s"})`);
      for (const c of cases) {
        if (ctx.signal?.aborted) break;
        await runLoad(c, { origin: session.origin, duration: each, stop });
        crashed(`while warming up "${c.name}"`);
      }
    }
    const memory = session.memory;
    await sleep(SETTLE_MS);
    afterWarmup = await memory.checkpoint();
    // The server's processes, listed once after warm-up, for its CPU use per round.
    const members = groupMembers(session.pgid);
    for (let round = 0; round < spec.rounds && !ctx.signal?.aborted; round++) {
      for (const c of cases) {
        if (ctx.signal?.aborted) break;
        const duration = c.scenario.amount === undefined ? (c.scenario.duration ?? DEFAULT_DURATION) : undefined;
        const result = await runLoad(c, { origin: session.origin, duration, amount: c.scenario.amount, stop, server: members });
        crashed(`during "${c.name}" (round ${round + 1}/${spec.rounds})`);
        results.get(c)!.push(result);
        ctx.progress(`  ${spec.name}/${c.name} round ${round + 1}/${spec.rounds}: ${summary(result)}`);
      }
      await sleep(SETTLE_MS);
      const checkpoint = await memory.checkpoint();
      crashed(`after round ${round + 1}/${spec.rounds}`);
      checkpoints.push(checkpoint);
      const heap = checkpoint.idleHeap === undefined ? "" : `, heap ${formatValue(checkpoint.idleHeap, "B")}`;
      if (checkpoint.idleRss !== undefined) ctx.progress(`  ${spec.name}/${MEMORY_BENCHMARK} after round ${round + 1}: idle RSS ${formatValue(checkpoint.idleRss, "B")}${heap}`);
    }
  } finally {
    await session?.dispose();
  }

  const suite = suiteOutput(
    spec,
    selected.map((c) => ({ c, results: results.get(c)! })),
    wantMemory ? { checkpoints, afterWarmup } : undefined,
  );
  if (suite.leak) ctx.progress(`  warning: ${suite.leak}`);
  return { metrics: suite.metrics, samples: suite.samples, notes: suite.notes };
}
