import { REPORT_SCHEMA, type Metric, type Report, type SampleSet } from "../../src/report/schema.ts";
import { seededSet } from "./seeded-sets.ts";

const STATS: Array<Pick<Metric, "stat" | "estimator" | "direction" | "unit">> = [
  { stat: "mean", estimator: { kind: "mean" }, direction: "lower-is-better", unit: "ms" },
  { stat: "p50", estimator: { kind: "median" }, direction: "lower-is-better", unit: "ms" },
  { stat: "p99", estimator: { kind: "quantile", q: 0.99 }, direction: "lower-is-better", unit: "ms" },
  { stat: "ops", estimator: { kind: "rate", scale: 1000 }, direction: "higher-is-better", unit: "ops/s" },
];

function report(seed: number, slower: (i: number) => number, history: boolean, count = 12): Report {
  const metrics: Metric[] = [];
  const samples: Record<string, SampleSet> = {};
  for (let i = 0; i < count; i++) {
    const spec = STATS[i % STATS.length]!;
    const id = `pin/task-${i}.${spec.stat}`;
    const set = seededSet(seed * 100 + i, (1 + (i % 12) / 4) * slower(i), 5, 30);
    samples[id] = set;
    const mean = set.values.reduce((s, v) => s + v, 0) / set.values.length;
    metrics.push({ id, suite: "pin", benchmark: `task-${i}`, kind: "function", samples: id, value: spec.stat === "ops" ? 1000 / mean : mean, ...spec });
  }
  return {
    schema: REPORT_SCHEMA,
    tool: { name: "perf-gate", version: "test" },
    set: "quick",
    environment: { node: "v24.0.0", os: "linux", platform: "linux", arch: "x64", cpuModel: "pin", cores: 2, memoryBytes: 0, timestamp: "2026-01-01T00:00:00.000Z" },
    metrics,
    samples,
    history: history ? Object.fromEntries(metrics.slice(0, 6).map((m, i) => [m.id, [0.97, 1.02, 0.99, 1.01 + i / 100].map((f) => f * m.value)])) : undefined,
    notes: [],
  };
}

/** A baseline (with run history on half its metrics) and a current run with a few metrics slower, all seeded. */
export function pinnedReports(): [Report, Report] {
  return [report(1, () => 1, true), report(2, (i) => (i % 3 === 0 ? 1.2 : i % 5 === 0 ? 1.06 : 1), false)];
}

/** The same, with `count` metrics: a comparison large enough to spread its bootstraps over threads. */
export function largeSeededReports(count: number): [Report, Report] {
  return [report(1, () => 1, true, count), report(2, (i) => (i % 3 === 0 ? 1.2 : i % 5 === 0 ? 1.06 : 1), false, count)];
}
