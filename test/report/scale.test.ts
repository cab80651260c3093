import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { matchesGlob } from "../../src/config/glob.ts";
import { defaultPolicy } from "../../src/compare/policy.ts";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/render/markdown.ts";
import { renderTerminal } from "../../src/render/terminal.ts";
import type { Metric } from "../../src/report/schema.ts";
import { mergeOutputs } from "../../src/measure/runners/types.ts";
import { cli, expectOneLineError } from "../helpers/cli.ts";
import { loadExampleBaseline, metric, reportWith } from "../helpers/reports.ts";

/** Past the ~125,000 elements at which spreading an array into a call overflows the stack. */
const MANY = 150_000;

function metrics(n: number, value: (i: number) => number): Metric[] {
  return Array.from({ length: n }, (_, i) => metric(`suite/task-${i}.mean`, value(i)));
}

describe("many metrics", () => {
  it(`merges, compares and renders ${MANY.toLocaleString("en-US")} metrics without overflowing the stack`, () => {
    const merged = mergeOutputs([
      { metrics: metrics(MANY, () => 1), samples: {}, notes: [] },
      { metrics: [metric("other/x.mean", 1)], samples: {}, notes: [] },
    ]);
    expect(merged.metrics).toHaveLength(MANY + 1);
    const c = compare(reportWith(metrics(MANY, () => 1)), reportWith(metrics(MANY, (i) => (i % 10 === 0 ? 1.5 : 1))), defaultPolicy());
    expect(c.counts.regression).toBe(MANY / 10);
    expect(renderTerminal(c, { color: false }).split("\n").length).toBeGreaterThan(MANY);
  });

  it("renders the markdown of 100,000 rows in one suite in about a second, not minutes", () => {
    const c = compare(reportWith(metrics(100_000, () => 1)), reportWith(metrics(100_000, (i) => (i % 2 ? 1.5 : 1))), defaultPolicy());
    const started = performance.now();
    const md = renderMarkdown(c, { maxLength: 10_000_000 });
    const summary = renderMarkdown(c);
    const ms = performance.now() - started;
    console.log(`markdown of 100,000 rows (both renderings): ${ms.toFixed(0)} ms`);
    expect(md.split("\n").length).toBeGreaterThan(50_000);
    expect(summary.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Quadratic grouping took 100+ s here; a generous bound for a busy machine.
    expect(ms).toBeLessThan(15_000);
  });
});

describe("metric globs", () => {
  it("match a pathological pattern in linear time, not by exponential backtracking", () => {
    const id = "a".repeat(20_000);
    const started = performance.now();
    expect(matchesGlob(id, "*a*a*a*a*a*a*a*a*a*a*b")).toBe(false);
    expect(matchesGlob(id, "*a*a*a*a*a*a*a*a*a*a*")).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it.each([
    ["http/get.c10.p95", "*.p95", true],
    ["http/get.c10.p95", "http/*", true],
    ["http/get.c10.p95", "h?tp/*.c?0.*", true],
    ["httpxget", "http.get", false],
    ["a+bc", "a+b?", true],
    ["ab", "a**b", true],
    ["abc", "a*c*", true],
    ["abc", "*d", false],
    ["", "*", true],
    ["x", "", false],
  ])("%s ~ %s is %s", (id, pattern, expected) => {
    expect(matchesGlob(id, pattern)).toBe(expected);
  });
});

describe("input size caps", () => {
  it("refuses a Report over the limit before reading it, naming the file and the limit", () => {
    const dir = mkdtempSync(join(tmpdir(), "perf-gate-cap-"));
    const report = loadExampleBaseline();
    const big = join(dir, "big.json");
    // Padding in the notes: over 1 MB, yet valid.
    writeFileSync(big, JSON.stringify({ ...report, notes: Array.from({ length: 100 }, () => "x".repeat(1500)) }).padEnd(1.5 * 1024 * 1024, " "));
    expectOneLineError(cli(["compare", big, big], { env: { PERF_GATE_MAX_INPUT_MB: "1" } }), "big.json", "over the 1 MB limit", "PERF_GATE_MAX_INPUT_MB");
    expect(cli(["compare", big, big]).status).toBe(0);
    const results = join(dir, "results.json");
    writeFileSync(results, JSON.stringify([{ name: "x", unit: "ms", value: 1 }]).padEnd(1.5 * 1024 * 1024, " "));
    expectOneLineError(cli(["import", "customSmallerIsBetter", results], { env: { PERF_GATE_MAX_INPUT_MB: "1" } }), "results.json", "over the 1 MB limit");
  });
});
