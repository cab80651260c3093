import { describe, expect, it } from "vitest";
import { meetsBudget, parseBudget } from "../../src/compare/budget.ts";
import { compileGlob, matchesGlob } from "../../src/config/glob.ts";
import { defaultPolicy, thresholdFor } from "../../src/compare/policy.ts";
import { convert, formatPercent, formatValue, isKnownUnit } from "../../src/report/units.ts";

describe("units", () => {
  it("converts within a family and refuses across families", () => {
    expect(convert(1500, "us", "ms")).toBeCloseTo(1.5);
    expect(convert(2, "s", "ms")).toBe(2000);
    expect(convert(1, "MiB", "B")).toBe(1048576);
    expect(convert(1, "ms", "B")).toBeUndefined();
    expect(convert(5, "ops/s", "ops/s")).toBe(5);
  });

  it("formats values at a readable scale", () => {
    expect(formatValue(0.000123, "ms")).toBe("123 ns");
    expect(formatValue(0.35, "ms")).toBe("350 µs");
    expect(formatValue(1234.5, "ms")).toBe("1.23 s");
    expect(formatValue(2_500_000, "B")).toBe("2.5 MB");
    expect(formatValue(4692.12, "ops/s")).toBe("4,692.1 ops/s");
    expect(formatValue(0.5, "%")).toBe("0.5%");
  });

  it("formats signed percentages", () => {
    expect(formatPercent(0.25)).toBe("+25.0%");
    expect(formatPercent(-0.123)).toBe("−12.3%");
    expect(formatPercent(0.0001)).toBe("±0.0%");
  });
});

describe("budgets", () => {
  it("parses comparisons with and without units", () => {
    expect(parseBudget("a", "< 200 ms", "cfg")).toMatchObject({ op: "<", limit: 200, unit: "ms" });
    expect(parseBudget("a", ">=5000 ops/s", "cfg")).toMatchObject({ op: ">=", limit: 5000, unit: "ops/s" });
    expect(parseBudget("a", "<= 1.5", "cfg")).toMatchObject({ op: "<=", limit: 1.5, unit: undefined });
  });

  it("names the config and pattern of an unreadable budget", () => {
    expect(() => parseBudget("api/*.p95", "fast please", "perf-gate.config.json")).toThrow('perf-gate.config.json: budgets.api/*.p95: cannot read "fast please"');
  });

  it("checks values in the metric's unit", () => {
    const budget = parseBudget("x", "< 200 ms", "cfg");
    expect(meetsBudget(budget, 150, "ms")).toBe(true);
    expect(meetsBudget(budget, 0.25, "s")).toBe(false);
    expect(meetsBudget(budget, 150_000, "us")).toBe(true);
    expect(meetsBudget(budget, 10, "req/s")).toBeUndefined();
  });
});

describe("globs and thresholds", () => {
  it("lets * cross slashes and escapes regex characters", () => {
    expect(matchesGlob("http/get.c10.p95", "*.p95")).toBe(true);
    expect(matchesGlob("http/get.c10.p95", "http/*")).toBe(true);
    expect(matchesGlob("httpxget", "http.get")).toBe(false);
    expect(compileGlob("a+b?").test("a+bc")).toBe(true);
  });

  it("uses the most specific matching threshold", () => {
    const policy = {
      ...defaultPolicy(10),
      thresholds: [
        { pattern: "*.p99", percent: 25 },
        { pattern: "text/*.p99", percent: 40 },
      ],
    };
    expect(thresholdFor(policy, "numbers/x.p99")).toBe(25);
    expect(thresholdFor(policy, "text/x.p99")).toBe(40);
    expect(thresholdFor(policy, "text/x.mean")).toBe(10);
  });
});

describe("known units", () => {
  it("knows perf-gate's own units and no inherited object keys", () => {
    for (const unit of ["ms", "ns", "µs", "s", "B", "MiB", "B/s", "MB/s", "ops/s", "req/s", "%", "allocs"]) expect(isKnownUnit(unit)).toBe(true);
    for (const unit of ["constructor", "__proto__", "toString", "parsecs", "ms |"]) expect(isKnownUnit(unit)).toBe(false);
    expect(convert(1, "constructor", "ms")).toBeUndefined();
  });
});
