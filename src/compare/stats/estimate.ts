import { max, mean } from "simple-statistics";
import type { Estimator, SampleSet } from "../../report/schema.ts";
import { neighbouringOrderStatistics } from "./select.ts";

/** Reused copy space: a large comparison takes hundreds of thousands of quantiles. */
let scratch = new Float64Array(1024);

/**
 * Quantile by numpy's linear method (type 7), with the arithmetic of
 * simple-statistics' quantileSorted, from the two order statistics it needs
 * (selected, not sorted).
 */
export function quantileOf(values: readonly number[], p: number): number {
  return quantileOfRange(values, 0, values.length, p);
}

/** quantileOf over values[from..to). */
function quantileOfRange(values: readonly number[], from: number, to: number, p: number): number {
  const n = to - from;
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  const x = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) x[i] = values[from + i]!;
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
      return mean(values);
    case "rate":
      return estimator.scale / mean(values);
    case "max":
      return max(values);
    case "median":
      return quantileOf(values, 0.5);
    case "quantile":
      return quantileOf(values, estimator.q);
  }
}

/** simple-statistics' sum (Kahan-Babuska compensated, in the same order) of x[from..to), without copying it. */
function sumRange(x: readonly number[], from: number, to: number): number {
  if (to === from) return 0;
  let sum = x[from]!;
  let correction = 0;
  for (let i = from + 1; i < to; i++) {
    const v = x[i]!;
    const transition = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) correction += sum - transition + v;
    else correction += v - transition + sum;
    sum = transition;
  }
  return sum + correction;
}

/** The estimator over values[from..to) (not empty): what estimate() gives for that slice, without the slice. */
function estimateRange(estimator: Estimator, values: readonly number[], from: number, to: number): number {
  switch (estimator.kind) {
    case "mean":
      return sumRange(values, from, to) / (to - from);
    case "rate":
      return estimator.scale / (sumRange(values, from, to) / (to - from));
    case "max": {
      let value = values[from]!;
      for (let i = from + 1; i < to; i++) if (values[i]! > value) value = values[i]!;
      return value;
    }
    case "median":
      return quantileOfRange(values, from, to, 0.5);
    case "quantile":
      return quantileOfRange(values, from, to, estimator.q);
  }
}

/**
 * Where each round's values start, and the end, when runners wrote each
 * round's values together and the rounds in increasing order (they do);
 * undefined for any other layout, or without round tags.
 */
function roundBounds(set: SampleSet): number[] | undefined {
  const { rounds, values } = set;
  if (!rounds || rounds.length !== values.length || rounds.length === 0) return undefined;
  const bounds = [0];
  for (let i = 1; i < rounds.length; i++) {
    if (rounds[i] === rounds[i - 1]) continue;
    if (rounds[i]! < rounds[i - 1]!) return undefined;
    bounds.push(i);
  }
  bounds.push(rounds.length);
  return bounds;
}

/** The estimator applied to each round's values, rounds in the order they first appear (none without round tags). */
export function perRoundEstimates(set: SampleSet, estimator: Estimator): number[] {
  const bounds = roundBounds(set);
  if (!bounds) return groupByRound(set).map((r) => estimate(estimator, r));
  const out = new Array<number>(bounds.length - 1);
  for (let i = 0; i + 1 < bounds.length; i++) out[i] = estimateRange(estimator, set.values, bounds[i]!, bounds[i + 1]!);
  return out;
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
