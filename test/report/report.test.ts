import { describe, expect, it } from "vitest";
import { parseReport } from "../../src/report/parse.ts";
import { REPORT_SCHEMA, Report } from "../../src/report/schema.ts";
import { loadExampleBaseline, metric, reportWith } from "../helpers/reports.ts";

describe("Report schema", () => {
  it("accepts the example's committed baseline and keeps raw samples per task", () => {
    const report = loadExampleBaseline();
    expect(report.schema).toBe(REPORT_SCHEMA);
    const ids = report.metrics.map((m) => m.id);
    for (const stat of ["mean", "p50", "p95", "p99", "ops"]) expect(ids).toContain(`text/word-frequency.${stat}`);
    for (const m of report.metrics.filter((m) => m.kind === "function")) {
      expect(report.samples[m.samples!]?.values.length).toBeGreaterThan(0);
    }
    expect(report.environment).toMatchObject({ platform: expect.any(String), cores: expect.any(Number) });
  });

  it("round-trips through JSON unchanged", () => {
    const report = reportWith([metric("s/a.mean", 1.5, { samples: "s/a", estimator: { kind: "mean" } })], {
      samples: { "s/a": { unit: "ms", values: [1, 2] } },
    });
    expect(Report.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it("rejects non-finite values and unknown directions with the field path", () => {
    const bad = { ...reportWith([metric("s/a.mean", 1)]), metrics: [{ ...metric("s/a.mean", 1), value: "fast" }] };
    expect(() => parseReport(bad, "r.json")).toThrow(/r\.json: not a valid Report: metrics\[0\]\.value/);
    expect(() => parseReport([], "r.json")).toThrow("r.json: not a perf-gate Report (expected a JSON object)");
    expect(() => parseReport({ metrics: [] }, "r.json")).toThrow('no "schema" field');
  });
});
