import { max, mean } from "simple-statistics";
import type { Estimator, SampleSet } from "../report.ts";
import { neighbouringOrderStatistics } from "./select.ts";

/** Reused copy space: a large comparison takes hundreds of thousands of quantiles. */
let scratch = new Float64Array(1024);

/**
 * Quantile by numpy's linear method (type 7), with the arithmetic of
 * simple-statistics' quantileSorted, from the two order statistics it needs
 * (selected, not sorted).
 */
export function quantileOf(values: readonly number[], p: number): number {
  if (scratch.length < values.length) scratch = new Float64Array(values.length * 2);
  const x = scratch.subarray(0, values.length);
  for (let i = 0; i < values.length; i++) x[i] = values[i]!;
  const idx = (x.length - 1) * p;
  if (idx % 1 !== 0) {
    const lower = Math.floor(idx);
    const [low, high] = neighbouringOrderStatistics(x, lower);
    return low + (idx - lower) * (high - low);
  }
  return neighbouringOrderStatistics(x, idx)[0];
}

/** The estimator of a metric applied to raw values (sorted or not). */
export function estimate(estimator: Estimator, values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  switch (estimator.kind) {
    case "mean":
      return mean(values as number[]);
    case "rate":
      return estimator.scale / mean(values as number[]);
    case "max":
      return max(values as number[]);
    case "median":
      return quantileOf(values, 0.5);
    case "quantile":
      return quantileOf(values, estimator.q);
  }
}

/**
 * Values grouped by measuring round, in the order the rounds first appear.
 * Rounds are the independent replicates: iterations inside one round share
 * JIT, GC and CPU-frequency state.
 */
export function groupByRound(set: SampleSet): number[][] {
  const { rounds, values } = set;
  if (!rounds || rounds.length !== values.length) return [];
  // Runners write each round's values together, rounds in increasing order: then the groups are
  // slices, with no lookups. Any other order goes by the map.
  const groups: number[][] = [];
  let start = 0;
  for (let i = 1; i <= rounds.length; i++) {
    if (i < rounds.length && rounds[i] === rounds[i - 1]) continue;
    if (i < rounds.length && rounds[i]! < rounds[i - 1]!) return [...valuesByRound(set).values()];
    groups.push(values.slice(start, i));
    start = i;
  }
  return groups;
}

/** Values keyed by their round, rounds in the order they first appear; empty without round tags. */
export function valuesByRound(set: SampleSet): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  const rounds = set.rounds;
  if (!rounds || rounds.length !== set.values.length) return groups;
  // Runners write a round's values together: look the group up only when the round changes.
  let last = -1;
  let group: number[] = [];
  for (let i = 0; i < rounds.length; i++) {
    const r = rounds[i]!;
    if (r !== last) {
      last = r;
      const known = groups.get(r);
      if (known) group = known;
      else groups.set(r, (group = []));
    }
    group.push(set.values[i]!);
  }
  return groups;
}
