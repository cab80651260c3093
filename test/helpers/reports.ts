import { readFileSync } from "node:fs";
import { parseReport } from "../../src/report/parse.ts";
import type { Metric, Report } from "../../src/report/schema.ts";

export const EXAMPLE_BASELINE = "fixtures/example/baseline.json";

export function loadExampleBaseline(): Report {
  return parseReport(JSON.parse(readFileSync(EXAMPLE_BASELINE, "utf8")), EXAMPLE_BASELINE);
}

/**
 * The same Report as if every function had become `factor` times slower:
 * times and their samples scale up, rates scale down. Used to plant a known regression.
 */
export function slowedDown(report: Report, factor: number): Report {
  // Samples scale as their metrics do: times up, throughputs down (a rate's samples are times).
  const sampleFactor = new Map<string, number>();
  for (const m of report.metrics) {
    if (m.samples) sampleFactor.set(m.samples, m.direction === "lower-is-better" || m.estimator?.kind === "rate" ? factor : 1 / factor);
  }
  const samples = Object.fromEntries(Object.entries(report.samples).map(([key, set]) => [key, { ...set, values: set.values.map((v) => v * (sampleFactor.get(key) ?? factor)) }]));
  const metrics = report.metrics.map((m): Metric => ({ ...m, value: m.direction === "lower-is-better" ? m.value * factor : m.value / factor }));
  return { ...report, metrics, samples };
}

/** A minimal valid Report around the given metrics. */
export function reportWith(metrics: Metric[], extra: Partial<Report> = {}): Report {
  return {
    schema: "perf-gate/report@1",
    tool: { name: "perf-gate", version: "test" },
    set: "quick",
    environment: {
      node: "v24.0.0",
      os: "Linux 6.1",
      platform: "linux",
      arch: "x64",
      cpuModel: "Test CPU",
      cores: 2,
      memoryBytes: 8e9,
      commit: "0123456789abcdef",
      ref: "refs/heads/main",
      timestamp: "2026-01-01T00:00:00.000Z",
    },
    metrics,
    samples: {},
    notes: [],
    ...extra,
  };
}

export function metric(id: string, value: number, overrides: Partial<Metric> = {}): Metric {
  const [suite = "suite", rest = id] = id.split("/");
  const dot = rest.lastIndexOf(".");
  return {
    id,
    suite,
    benchmark: dot > 0 ? rest.slice(0, dot) : rest,
    stat: dot > 0 ? rest.slice(dot + 1) : "value",
    kind: "function",
    unit: "ms",
    direction: "lower-is-better",
    value,
    ...overrides,
  };
}
