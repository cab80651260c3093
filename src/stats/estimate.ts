import { max, mean, medianSorted, quantileSorted } from "simple-statistics";
import type { Estimator, SampleSet } from "../report.ts";

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
      return medianSorted([...values].sort((a, b) => a - b));
    case "quantile":
      return quantileSorted([...values].sort((a, b) => a - b), estimator.q);
  }
}

/**
 * Values grouped by measuring round. Rounds are the independent replicates:
 * iterations inside one round share JIT, GC and CPU-frequency state.
 */
export function groupByRound(set: SampleSet): number[][] {
  return [...valuesByRound(set).values()];
}

/** Values keyed by their round, rounds in the order they first appear; empty without round tags. */
export function valuesByRound(set: SampleSet): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  if (!set.rounds || set.rounds.length !== set.values.length) return groups;
  set.values.forEach((v, i) => {
    const r = set.rounds![i]!;
    const group = groups.get(r);
    if (group) group.push(v);
    else groups.set(r, [v]);
  });
  return groups;
}
