import type { Direction } from "../report/schema.ts";
import { pairedEstimate } from "../compare/paired.ts";

/** Per-round values of one metric on both sides, keyed by round. */
export interface PairedSeries {
  base: Map<number, number>;
  head: Map<number, number>;
  /** The block (pair of processes) of each round, when rounds were spread over several. */
  blocks?: Map<number, number>;
}

export function emptySeries(): PairedSeries {
  return { base: new Map(), head: new Map() };
}

export interface SettleState {
  /** The interval no longer straddles the threshold: clearly within it, or clearly past it. */
  settled: boolean;
  /** Half-width of the interval of the change (relative), Infinity before there is one. */
  halfWidth: number;
}

/**
 * Whether more rounds could still change a metric's verdict: not once its
 * interval of degradation lies wholly below the threshold or wholly above it.
 */
export function settleState(series: PairedSeries, direction: Direction, thresholdPercent: number): SettleState {
  const estimate = pairedEstimate(series.base, series.head, series.blocks ?? new Map());
  if (!estimate) return { settled: false, halfWidth: Number.POSITIVE_INFINITY };
  const [lo, hi] = direction === "lower-is-better" ? estimate.interval : [-estimate.interval[1], -estimate.interval[0]];
  const limit = thresholdPercent / 100;
  return { settled: hi < limit || lo > limit, halfWidth: (estimate.interval[1] - estimate.interval[0]) / 2 };
}
