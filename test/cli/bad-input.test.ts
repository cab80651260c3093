import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { defaultPolicy } from "../../src/compare/policy.ts";
import type { Report, SampleSet } from "../../src/report/schema.ts";
import { cli, expectOneLineError } from "../helpers/cli.ts";
import { loadExampleBaseline, metric, reportWith } from "../helpers/reports.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-bad-input-"));
});

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const times = (values: number[], rounds?: number[]): SampleSet => ({ unit: "ms", values, ...(rounds ? { rounds } : {}) });
const sampled = (id: string, values: number[], extra: Partial<Report["metrics"][number]> = {}) =>
  metric(id, values.reduce((s, v) => s + v, 0) / values.length, { samples: id, estimator: { kind: "mean" }, ...extra });

describe("Reports that the schema alone let through", () => {
  const good = reportWith([sampled("s/a.mean", [1, 1.1, 0.9, 1])], { samples: { "s/a.mean": times([1, 1.1, 0.9, 1]) } });

  it.each([
    ["a duplicate metric id", reportWith([metric("s/a.mean", 1), metric("s/a.mean", 2)]), "metrics[1].id", "appears twice"],
    ["a missing samples key", reportWith([metric("s/a.mean", 1, { samples: "nowhere" })]), "metrics[0].samples", '"nowhere"'],
    ["rounds and values of different lengths", { ...good, samples: { "s/a.mean": times([1, 1.1, 0.9, 1], [0, 1]) } }, "samples.s/a.mean.rounds", "2 entries for 4 values"],
    ["a negative time", reportWith([metric("s/a.mean", -5)]), "metrics[0].value", "negative"],
    ["negative samples", { ...good, samples: { "s/a.mean": times([1, -1.1, 0.9, 1]) } }, "samples.s/a.mean.values[1]", "negative"],
    ["a value its samples disagree with", { ...good, metrics: [{ ...good.metrics[0]!, value: 2 }] }, "metrics[0].value", "disagrees with its samples"],
    [
      "a p95 far from its samples' p95",
      reportWith([metric("s/a.p95", 5, { samples: "t", estimator: { kind: "quantile", q: 0.95 } })], { samples: { t: times([1, 1.5, 2, 1.2]) } }),
      "metrics[0].value",
      "within their range 1 to 2",
    ],
    [
      "a rate over all-zero samples",
      reportWith([metric("s/a.ops", 1000, { unit: "ops/s", direction: "higher-is-better", samples: "z", estimator: { kind: "rate", scale: 1000 } })], { samples: { z: times([0, 0, 0]) } }),
      "metrics[0].value",
      "disagrees",
    ],
  ])("refuses %s with exit 2 naming the file and field", (_, report, field, problem) => {
    const file = write("bad.json", report);
    expectOneLineError(cli(["compare", file, file]), "bad.json", field, problem);
  });

  it("accepts thinned samples whose mean is a few percent off the value", () => {
    const values = Array.from({ length: 100 }, (_, i) => 1 + i / 100);
    const report = reportWith([sampled("s/a.mean", values, { value: 1.6 })], { samples: { "s/a.mean": times(values) } });
    const file = write("thinned.json", report);
    expect(cli(["compare", file, file]).status).toBe(0);
  });

  it("all-zero samples give no infinite interval", () => {
    const base = reportWith([sampled("s/a.mean", [1, 1.1, 0.9, 1])], { samples: { "s/a.mean": times([1, 1.1, 0.9, 1]) } });
    const zero = reportWith([sampled("s/a.mean", [0, 0, 0, 0])], { samples: { "s/a.mean": times([0, 0, 0, 0]) } });
    const result = cli(["compare", write("base.json", base), write("zero.json", zero)]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/∞|NaN|Infinity/);
    expect(result.stdout).toMatch(/improvement\s+s\/a mean\s+1 ms\s+0 n?m?s\s+−100\.0%/);
  });
});

describe("a unit change between Reports", () => {
  const inMs = reportWith([sampled("s/a.mean", [10, 11, 9, 10])], { samples: { "s/a.mean": times([10, 11, 9, 10]) }, history: { "s/a.mean": [10, 10.2] } });
  const inS: Report = reportWith([sampled("s/a.mean", [0.01, 0.011, 0.009, 0.01], { unit: "s" })], { samples: { "s/a.mean": { unit: "s", values: [0.01, 0.011, 0.009, 0.01] } } });

  it("converts ms to s instead of reading a 99.9% improvement", () => {
    const c = compare(inMs, inS, defaultPolicy());
    expect(c.rows[0]).toMatchObject({ verdict: "unchanged", unit: "s" });
    expect(Math.abs(c.rows[0]!.change!)).toBeLessThan(0.05);
    const result = cli(["compare", write("ms.json", inMs), write("s.json", inS)]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("improvement");
  });

  it("refuses units that do not convert", () => {
    const ops = reportWith([metric("s/a.mean", 100, { unit: "ops/s", direction: "higher-is-better" })]);
    expectOneLineError(cli(["compare", write("ms.json", inMs), write("ops.json", ops)]), 'metric "s/a.mean"', '"ms"', '"ops/s"');
  });
});

describe("budgets that could never apply", () => {
  const report = loadExampleBaseline();
  it("refuses an unknown unit", () => {
    const config = write("parsecs.json", { budgets: { "*.p95": "< 200 parsecs" }, benchmarks: [{ kind: "tinybench", files: ["x.js"] }] });
    const file = write("example.json", report);
    expectOneLineError(cli(["compare", file, file, "--config", config]), "parsecs.json", "budgets.*.p95", 'unknown unit "parsecs"');
  });

  it("refuses a unit the metric's unit does not convert to", () => {
    const config = write("ms-on-ops.json", { budgets: { "*.ops": "> 200 ms" }, benchmarks: [{ kind: "tinybench", files: ["x.js"] }] });
    const file = write("example.json", report);
    expectOneLineError(cli(["compare", file, file, "--config", config]), "ms-on-ops.json", "budgets.*.ops", "ops/s");
  });
});

describe("duplicate metric ids from a config", () => {
  it("refuses one suite defined in two benchmark files", () => {
    const suite = `export default { name: "dup", tasks: { x: () => 1 + 1 } };\n`;
    write("one.bench.mjs", suite);
    write("two.bench.mjs", suite);
    const config = write("dup-files.json", { benchmarks: [{ kind: "tinybench", files: ["one.bench.mjs", "two.bench.mjs"], time: 5, warmupTime: 0 }] });
    expectOneLineError(cli(["run", "--config", config]), "two.bench.mjs", '"dup/x"', "one.bench.mjs");
  });

  it("refuses two http groups with one name", () => {
    const group = { kind: "http", name: "api", server: { command: "node server.js", readyUrl: "http://127.0.0.1:${PORT}/" }, scenarios: [{ name: "home" }] };
    const config = write("dup-http.json", { benchmarks: [group, group] });
    expectOneLineError(cli(["run", "--config", config]), "dup-http.json", "benchmarks[1].name", '"api"');
  });

  it("refuses the same metric id from two benchmark groups", () => {
    write("same.bench.mjs", `export default { name: "same", tasks: { x: () => 1 + 1 } };\n`);
    const one = { kind: "tinybench", files: ["same.bench.mjs"], time: 5, warmupTime: 0, rounds: { min: 2, max: 2 } };
    const config = write("dup-groups.json", { benchmarks: [one, one] });
    expectOneLineError(cli(["run", "--config", config]), "dup-groups.json", '"same/x.mean"', "two benchmark groups");
  });
});

describe("terminal output", () => {
  it("carries no escape sequence from names in Reports", () => {
    const evil = "\u001b[2J\u001b]0;pwned\u0007x";
    const report = reportWith([metric(`${evil}/a.mean`, 1)]);
    const file = write("ansi.json", report);
    const result = cli(["compare", file, file]);
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const dup = write("ansi-dup.json", reportWith([metric(`${evil}/a.mean`, 1), metric(`${evil}/a.mean`, 1)]));
    const bad = cli(["compare", dup, dup]);
    expectOneLineError(bad, "appears twice");
    expect(bad.stderr).not.toContain("\u001b");
  });
});
