import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { InputError } from "../../errors.ts";
import { formatNumber, formatValue } from "../../units.ts";
import type { RunContext, RunnerOutput } from "../types.ts";
import { emptyOutput, selectsBenchmark } from "../types.ts";
import { DEFAULT_DURATION, expandCases, type LoadCase } from "./cases.ts";
import { type RoundResult, runLoad } from "./load.ts";
import type { Checkpoint } from "./memory.ts";
import { watchMemory } from "./memory.ts";
import { MEMORY_BENCHMARK, MEMORY_STAT_NAMES, memoryMetrics } from "./memory-metrics.ts";
import { LOAD_STAT_NAMES, LOAD_STATS, loadMetrics } from "./metrics.ts";
import { createNodeProbe } from "./node-probe.ts";
import { freeLoopbackPort, waitUntilReady } from "./ready.ts";
import { describeExit, type RunningServer, startServer } from "./server.ts";
import { fillPort, type HttpSpec } from "./spec.ts";

/** Pause after a round's load before reading idle memory, so closing connections settle. */
const SETTLE_MS = 100;
/** Shortest warm-up load per benchmark, in seconds. */
const MIN_WARMUP = 0.1;

function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** One progress line's worth of a round: "12,345 req/s, p99 3.1 ms, 0% errors". */
function summary(r: RoundResult): string {
  const stat = (name: string) => LOAD_STATS.find((s) => s.stat === name)!.of(r);
  const p99 = stat("p99");
  return `${formatNumber(stat("rps")!)} req/s, p99 ${p99 === undefined ? "n/a" : formatValue(p99, "ms")}, ${formatNumber(stat("errors")!)}% errors`;
}

/** Picks the port: `env.PORT` when the config sets one, else a free loopback port; fills `${PORT}` everywhere. */
async function serverSettings(spec: HttpSpec, root: string, source: string) {
  const chosen = await freeLoopbackPort();
  const env = Object.fromEntries(Object.entries(spec.server.env).map(([k, v]) => [k, fillPort(v, chosen)]));
  const port = env.PORT !== undefined && /^\d+$/.test(env.PORT) ? Number(env.PORT) : chosen;
  const readyUrl = fillPort(spec.server.readyUrl, port);
  const cwd = resolve(root, spec.server.cwd);
  if (!existsSync(cwd)) throw new InputError(source, `server.cwd: directory not found: ${cwd}`);
  return { port, env: { PORT: String(port), ...env }, readyUrl, origin: new URL(readyUrl).origin, cwd };
}

async function waitReady(server: RunningServer, spec: HttpSpec, readyUrl: string, source: string, ctx: RunContext): Promise<boolean> {
  const ready = await waitUntilReady(readyUrl, spec.server.readyTimeout, server.exited, ctx.signal);
  if (ready.ready) {
    ctx.progress(`  ${spec.name}: server answered ${readyUrl} after ${ready.seconds.toFixed(1)} s`);
    return true;
  }
  if (ready.reason === "aborted") return false;
  if (ready.reason === "exited") {
    throw new InputError(source, `server.command ${describeExit(ready.exit)} before server.readyUrl ${readyUrl} answered; last output: ${server.lastOutput()}`);
  }
  throw new InputError(
    source,
    `server.readyUrl ${readyUrl} did not answer with 2xx/3xx within server.readyTimeout (${spec.server.readyTimeout} s; last: ${ready.last}); last output: ${server.lastOutput()}`,
  );
}

/**
 * Runs an http suite: starts the server command in its own process group,
 * waits until `readyUrl` answers, warms up, then loads every benchmark once per
 * round with autocannon, taking a memory checkpoint after each round. The
 * server and all its processes are stopped afterwards, whatever happened.
 */
export async function runHttp(spec: HttpSpec, ctx: RunContext): Promise<RunnerOutput> {
  const out = emptyOutput();
  const source = `http suite "${spec.name}"`;
  const all = expandCases(spec);
  const selected = all.filter((c) => selectsBenchmark(ctx, spec.name, c.name, LOAD_STAT_NAMES));
  const wantMemory = selectsBenchmark(ctx, spec.name, MEMORY_BENCHMARK, MEMORY_STAT_NAMES);
  if (selected.length === 0 && !wantMemory) return out;
  // Memory under load needs load: with only memory selected, every benchmark runs.
  const cases = selected.length ? selected : all;

  const settings = await serverSettings(spec, ctx.root, source);
  const probe = spec.memory.nodeProbe ? await createNodeProbe() : undefined;
  const results = new Map<LoadCase, RoundResult[]>(cases.map((c) => [c, []]));
  const checkpoints: Checkpoint[] = [];
  let afterWarmup: Checkpoint | undefined;
  let server: RunningServer | undefined;
  try {
    const baseEnv = { ...process.env, ...settings.env };
    ctx.progress(`  ${spec.name}: starting \`${spec.server.command}\` (PORT=${settings.port})`);
    server = startServer({ command: spec.server.command, cwd: settings.cwd, env: { ...baseEnv, ...probe?.env(baseEnv) } });
    const running = server;
    const stop = Promise.race([running.exit, aborted(ctx.signal)]);
    const crashed = (what: string) => {
      const exit = running.exited();
      if (exit) throw new InputError(source, `the server ${describeExit(exit)} ${what}; last output: ${running.lastOutput()}`);
    };

    if (!(await waitReady(server, spec, settings.readyUrl, source, ctx))) return out;
    if (spec.warmup > 0) {
      const each = Math.max(MIN_WARMUP, spec.warmup / cases.length);
      ctx.progress(`  ${spec.name}: warming up (${formatNumber(spec.warmup)} s over ${cases.length} benchmark${cases.length === 1 ? "" : "s"})`);
      for (const c of cases) {
        if (ctx.signal?.aborted) break;
        await runLoad(c, { origin: settings.origin, duration: each, stop });
        crashed(`while warming up "${c.name}"`);
      }
    }
    const memory = watchMemory(server.pid, probe);
    await sleep(SETTLE_MS);
    afterWarmup = await memory.checkpoint();
    for (let round = 0; round < spec.rounds && !ctx.signal?.aborted; round++) {
      for (const c of cases) {
        if (ctx.signal?.aborted) break;
        const duration = c.scenario.amount === undefined ? (c.scenario.duration ?? DEFAULT_DURATION) : undefined;
        const result = await runLoad(c, { origin: settings.origin, duration, amount: c.scenario.amount, stop });
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
    await server?.stop();
    await probe?.dispose();
  }

  for (const c of selected) {
    const rounds = results.get(c)!;
    if (rounds.length === 0) continue;
    const metrics = loadMetrics(spec.name, c, rounds);
    for (const m of metrics.metrics) out.metrics.push(m);
    Object.assign(out.samples, metrics.samples);
  }
  if (wantMemory && checkpoints.length) {
    const mem = memoryMetrics(spec.name, checkpoints, spec.memory.leakTolerance, afterWarmup);
    for (const m of mem.metrics) out.metrics.push(m);
    Object.assign(out.samples, mem.samples);
    for (const n of mem.notes) out.notes.push(n);
    if (mem.leak) ctx.progress(`  warning: ${mem.leak}`);
  }
  return out;
}
