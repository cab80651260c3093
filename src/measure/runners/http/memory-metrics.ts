import { linearRegression, mean } from "simple-statistics";
import type { Metric, SampleSet } from "../../../report/schema.ts";
import { formatValue } from "../../../report/units.ts";
import type { Checkpoint } from "./memory.ts";

/** Benchmark name of the server-wide memory metrics, e.g. `api/server.rss-peak`. */
export const MEMORY_BENCHMARK = "server";
export const MEMORY_STAT_NAMES = ["rss-idle", "rss-peak", "heap-idle", "heap-peak", "heap-growth", "rss-growth", "gc-time", "gc-count"];

export interface MemoryOutput {
  metrics: Metric[];
  samples: Record<string, SampleSet>;
  notes: string[];
  /** Set when idle memory rose after every round by more than the tolerance. */
  leak?: string;
}

type Field = "idleRss" | "peakRss" | "idleHeap" | "peakHeap";

/**
 * What each memory statistic means (all bytes, lower is better; one value per
 * round, the metric is their mean):
 * - rss-idle: resident memory of the server's process group once a round's load
 *   has stopped (after a GC in Node servers)
 * - rss-peak: highest resident memory of the group while a round ran
 * - heap-idle: V8 heap used by the group's Node processes after a GC: live objects
 * - heap-peak: highest V8 heap used while a round ran, garbage included
 * Plus one growth statistic (heap-growth, or rss-growth without heap figures):
 * bytes per round of a likely leak, 0 when idle memory did not keep rising (see below).
 */
const STATS: Array<{ stat: string; field: Field }> = [
  { stat: "rss-idle", field: "idleRss" },
  { stat: "rss-peak", field: "peakRss" },
  { stat: "heap-idle", field: "idleHeap" },
  { stat: "heap-peak", field: "peakHeap" },
];

/** Least-squares slope of values over their round index: bytes per round. */
export function growthPerRound(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return linearRegression(values.map((v, i) => [i, v])).m;
}

/** A leak signal: idle memory rose after every round, by more than `tolerance` bytes per round on average. */
export function looksLikeLeak(values: readonly number[], tolerance: number): boolean {
  if (values.length < 3) return false;
  const risesEveryRound = values.every((v, i) => i === 0 || v > values[i - 1]!);
  return risesEveryRound && growthPerRound(values) > tolerance;
}

function values(checkpoints: readonly Checkpoint[], field: Field): number[] | undefined {
  const all = checkpoints.map((c) => c[field]);
  return all.every((v): v is number => v !== undefined && Number.isFinite(v)) ? all : undefined;
}

/**
 * GC pauses per round (from the probe's running totals): time in ms and count.
 * The first round counts from the checkpoint after warm-up.
 */
function gcMetrics(suite: string, rounds: readonly Checkpoint[], afterWarmup: Checkpoint | undefined, extra: Record<string, number | boolean>, out: MemoryOutput): void {
  for (const { stat, field, unit } of [
    { stat: "gc-time", field: "gcTime", unit: "ms" },
    { stat: "gc-count", field: "gcCount", unit: "count" },
  ] as const) {
    const totals = [afterWarmup?.[field], ...rounds.map((c) => c[field])];
    if (totals.some((v) => v === undefined)) continue;
    const series = rounds.map((_, i) => Math.max(0, totals[i + 1]! - totals[i]!));
    if (series.length === 0) continue;
    const id = `${suite}/${MEMORY_BENCHMARK}.${stat}`;
    out.samples[id] = { unit, values: series, rounds: series.map((_, i) => i) };
    out.metrics.push({
      id,
      suite,
      benchmark: MEMORY_BENCHMARK,
      stat,
      kind: "memory",
      unit,
      direction: "lower-is-better",
      value: mean(series),
      samples: id,
      estimator: { kind: "mean" },
      extra: { ...extra, per: "round" },
    });
  }
}

/**
 * Memory metrics of a server from the checkpoints taken after each round.
 * Growth is measured on heap used after GC when every round has it (Node
 * servers: it moves only with live objects), else on idle RSS, which also moves
 * with allocator and GC behaviour and so is a rougher signal.
 */
export function memoryMetrics(suite: string, rounds: readonly Checkpoint[], leakTolerance: number, afterWarmup?: Checkpoint): MemoryOutput {
  const out: MemoryOutput = { metrics: [], samples: {}, notes: [] };
  const extra = {
    rounds: rounds.length,
    nodeProcesses: Math.max(0, ...rounds.map((c) => c.nodeProcesses)),
    gc: rounds.length > 0 && rounds.every((c) => c.gc),
  };
  for (const { stat, field } of STATS) {
    const series = values(rounds, field);
    if (!series?.length) continue;
    const id = `${suite}/${MEMORY_BENCHMARK}.${stat}`;
    out.samples[id] = { unit: "B", values: series, rounds: series.map((_, i) => i) };
    const more: Record<string, string | number> = {};
    if (field === "peakRss" && rounds.some((c) => !c.peakSinceLast)) more.peak = "lifetime high-water mark (reset refused)";
    // The idle reading taken after warm-up, before the first round: the starting point of growth.
    const start = field.startsWith("idle") ? afterWarmup?.[field] : undefined;
    if (start !== undefined) more.afterWarmup = start;
    out.metrics.push({
      id,
      suite,
      benchmark: MEMORY_BENCHMARK,
      stat,
      kind: "memory",
      unit: "B",
      direction: "lower-is-better",
      value: mean(series),
      samples: id,
      estimator: { kind: "mean" },
      extra: { ...extra, ...more },
    });
  }
  gcMetrics(suite, rounds, afterWarmup, extra, out);
  const heap = values(rounds, "idleHeap");
  const basis = heap ? { stat: "heap-growth", series: heap, what: "heap used after GC" } : { stat: "rss-growth", series: values(rounds, "idleRss"), what: "idle RSS" };
  if (basis.series && basis.series.length >= 2) {
    const slope = growthPerRound(basis.series);
    const leaking = looksLikeLeak(basis.series, leakTolerance);
    // The value is the growth attributed to a leak: the fitted slope when idle memory
    // rose after every round past the tolerance, else 0. A healthy server's slope is
    // noise around zero (and may be negative), which a relative threshold would turn
    // into random verdicts; the raw slope is kept in `extra.slope`.
    out.metrics.push({
      id: `${suite}/${MEMORY_BENCHMARK}.${basis.stat}`,
      suite,
      benchmark: MEMORY_BENCHMARK,
      stat: basis.stat,
      kind: "memory",
      unit: "B",
      direction: "lower-is-better",
      value: leaking ? slope : 0,
      extra: { ...extra, slope, per: "round", tolerance: leakTolerance },
    });
    if (leaking) {
      const first = basis.series[0]!;
      const last = basis.series[basis.series.length - 1]!;
      out.leak = `${suite}: possible memory leak: ${basis.what} of the server rose after every one of ${basis.series.length} rounds, from ${formatValue(first, "B")} to ${formatValue(last, "B")} (${formatValue(slope, "B")} per round, tolerance ${formatValue(leakTolerance, "B")})`;
      out.notes.push(out.leak);
    }
  }
  if (!rounds.some((c) => c.idleRss !== undefined)) {
    out.notes.push(`${suite}: no RSS measured (RSS is read from Linux /proc, or from Node servers through the memory probe)`);
  }
  return out;
}
