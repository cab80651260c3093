import type { Report } from "./report.ts";
import { convert } from "./units.ts";

/** How many earlier runs a baseline keeps per metric. */
export const HISTORY_RUNS = 9;

/**
 * The new baseline `current` with the run history carried over from the
 * previous baseline: each metric's earlier values plus the previous baseline's
 * own value, newest last, at most `keep` of them. Metrics that are new start
 * an empty history; metrics that are gone drop theirs.
 */
export function carryHistory(previous: Report | undefined, current: Report, keep = HISTORY_RUNS): Report {
  if (!previous) return current;
  const prior = new Map(previous.metrics.map((m) => [m.id, m]));
  const history: Record<string, number[]> = {};
  for (const m of current.metrics) {
    const before = prior.get(m.id);
    if (before === undefined) continue;
    // Earlier runs in another unit are carried converted, or dropped when the units do not convert.
    const factor = convert(1, before.unit, m.unit);
    if (factor === undefined) continue;
    history[m.id] = [...(previous.history?.[m.id] ?? []), before.value].slice(-keep).map((v) => v * factor);
  }
  return { ...current, history };
}

/** The values of a metric over the baseline's runs: its history and then its own value. */
export function runValues(baseline: Report, id: string, value: number): number[] {
  return [...(baseline.history?.[id] ?? []), value];
}
