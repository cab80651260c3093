import { z } from "zod";
import { InputError } from "../errors.ts";
import type { Metric, Report } from "./schema.ts";
import { seedOf } from "../compare/stats/random.ts";

/** One part of a benchmark set split over several jobs: part `index` of `count` (from 1). */
export const Shard = z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).refine((s) => s.index <= s.count, "index must be at most count");
export type Shard = z.infer<typeof Shard>;

/** Parses `i/n`, e.g. `2/3`; a bad value is an InputError naming `source` (the flag or input). */
export function parseShard(text: string, source: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new InputError(source, `expected a shard as i/n with 1 <= i <= n (e.g. 1/2), got "${text}"`);
  return { index, count };
}

export const shardText = (s: Shard): string => `${s.index}/${s.count}`;

/**
 * Whether a benchmark belongs to a shard. The split hashes the benchmark's id
 * (`suite/benchmark`, FNV-1a): every job computes it alone, the same on every
 * machine, and adding a benchmark moves no other one to another shard.
 */
export function inShard(shard: Shard | undefined, suite: string, benchmark: string): boolean {
  if (!shard || shard.count === 1) return true;
  return seedOf(`${suite}/${benchmark}`) % shard.count === shard.index - 1;
}

/** Whether a metric was measured by a benchmark of the shard (runners name it in `benchmark`). */
export function metricInShard(shard: Shard | undefined, metric: Pick<Metric, "suite" | "benchmark">): boolean {
  return inShard(shard, metric.suite, metric.benchmark);
}

/** A baseline cut down to one shard's metrics, so that a shard's check does not call the others' metrics missing. */
export function baselineForShard(baseline: Report, shard: Shard | undefined): Report {
  if (!shard || shard.count === 1) return baseline;
  return { ...baseline, metrics: baseline.metrics.filter((m) => metricInShard(shard, m)) };
}
