import type { Comparison } from "./comparison.ts";
import { LIMITS, type HistoryRun, type Report } from "./schema.ts";
import { convert } from "./units.ts";

/** How many earlier runs a baseline keeps per metric: the trend the comment and the report draw. */
export const HISTORY_RUNS = LIMITS.historyRuns;

/** How many of the latest runs the run-to-run spread is estimated from (older ones describe older code). */
export const SPREAD_RUNS = 9;

/**
 * Stored history values keep 5 significant digits: a trend needs no more, and
 * 100 runs of 1,000 metrics stay small.
 */
export function compactValue(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(5));
}

/**
 * The new baseline `current` with the run history carried over from the
 * previous baseline: each metric's earlier values plus the previous baseline's
 * own value, newest last, at most `keep` of them, and the commit and time of
 * those runs. Metrics that are new start an empty history; metrics that are
 * gone drop theirs.
 */
export function carryHistory(previous: Report | undefined, current: Report, keep: number = HISTORY_RUNS): Report {
  if (!previous) return current;
  const prior = new Map(previous.metrics.map((m) => [m.id, m]));
  const history: Record<string, number[]> = {};
  for (const m of current.metrics) {
    const before = prior.get(m.id);
    if (before === undefined) continue;
    // Earlier runs in another unit are carried converted, or dropped when the units do not convert.
    const factor = convert(1, before.unit, m.unit);
    if (factor === undefined) continue;
    history[m.id] = [...(previous.history?.[m.id] ?? []), before.value].slice(-keep).map((v) => compactValue(v * factor));
  }
  const run: HistoryRun = { commit: previous.environment.commit, time: previous.environment.timestamp };
  return { ...current, history, runs: [...(previous.runs ?? []), run].slice(-keep) };
}

/** The values of a metric over the baseline's latest runs (at most SPREAD_RUNS earlier ones) and then its own value. */
export function runValues(baseline: Report, id: string, value: number): number[] {
  return [...(baseline.history?.[id] ?? []).slice(-SPREAD_RUNS), value];
}

/** One point of a metric's trend on the baseline branch. */
export interface TrendPoint {
  value: number;
  commit?: string;
  time?: string;
}

/**
 * A metric's values on the baseline branch, oldest first, with the commit and
 * time of each run where the baseline kept them; the baseline's own value last.
 */
export function trendOf(baseline: Report, id: string, own: number | undefined): TrendPoint[] {
  const values = baseline.history?.[id] ?? [];
  const runs = baseline.runs ?? [];
  // Values line up with the tail of `runs`; values older than the runs kept have no commit.
  const offset = runs.length - values.length;
  const points: TrendPoint[] = values.map((value, i) => ({ value, ...runs[offset + i] }));
  if (own !== undefined) points.push({ value: own, commit: baseline.environment.commit, time: baseline.environment.timestamp });
  return points;
}

/** Runs a comment's sparkline draws: enough to see a trend, few enough to read in a table cell. */
export const TREND_RUNS = 20;

/**
 * The comparison with each row's trend on the baseline branch: its latest
 * values from the baseline's history and the baseline's own value. The
 * baseline here is main's artifact (paired checks measure their base anew).
 */
export function withTrends(comparison: Comparison, baseline: Report | undefined, runs: number = TREND_RUNS): Comparison {
  if (!baseline) return comparison;
  const own = new Map(baseline.metrics.map((m) => [m.id, m.value]));
  const rows = comparison.rows.map((row) => {
    const value = own.get(row.id);
    if (value === undefined) return row;
    const trend = [...(baseline.history?.[row.id] ?? []).slice(-(runs - 1)), value];
    return trend.length > 1 ? { ...row, trend } : row;
  });
  return { ...comparison, rows };
}
