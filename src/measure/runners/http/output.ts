import { emptyOutput, type RunnerOutput } from "../types.ts";
import type { LoadCase } from "./cases.ts";
import type { RoundResult } from "./load.ts";
import type { Checkpoint } from "./memory.ts";
import { memoryMetrics } from "./memory-metrics.ts";
import { loadMetrics } from "./metrics.ts";
import type { HttpSpec } from "../../../config/http-spec.ts";

/** One benchmark's rounds of load; `rounds` gives each result's round when they are not simply 0..n-1 (paired runs). */
export interface CaseResults {
  c: LoadCase;
  results: readonly RoundResult[];
  rounds?: readonly number[];
}

/**
 * What an http suite contributes to a Report: the load metrics of each
 * benchmark that ran, and the server's memory metrics from its checkpoints.
 * `leak` is set when idle memory rose after every round.
 */
export function suiteOutput(spec: HttpSpec, loads: readonly CaseResults[], memory: { checkpoints: Checkpoint[]; afterWarmup?: Checkpoint } | undefined): RunnerOutput & { leak?: string } {
  const out: RunnerOutput & { leak?: string } = emptyOutput();
  for (const { c, results, rounds } of loads) {
    if (results.length === 0) continue;
    const metrics = loadMetrics(spec.name, c, results);
    // loadMetrics numbers rounds 0..n-1 in order; put back the round each result belongs to.
    if (rounds) for (const set of Object.values(metrics.samples)) set.rounds = set.rounds?.map((i) => rounds[i]!);
    for (const m of metrics.metrics) out.metrics.push(m);
    Object.assign(out.samples, metrics.samples);
  }
  if (memory && memory.checkpoints.length) {
    const mem = memoryMetrics(spec.name, memory.checkpoints, spec.memory.leakTolerance, memory.afterWarmup);
    for (const m of mem.metrics) out.metrics.push(m);
    Object.assign(out.samples, mem.samples);
    for (const n of mem.notes) out.notes.push(n);
    out.leak = mem.leak;
  }
  return out;
}
