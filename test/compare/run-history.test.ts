import { reasonText } from "../../src/render/reasons.ts";
import type { Report } from "../../src/report/schema.ts";
import { describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { carryHistory, HISTORY_RUNS, runValues, trendOf } from "../../src/report/history.ts";
import { defaultPolicy } from "../../src/compare/policy.ts";
import { judgeAgainstSpread, runSpread } from "../../src/compare/stats/run-spread.ts";
import { tCdf, tQuantile } from "../../src/compare/stats/student-t.ts";
import { metric, reportWith } from "../helpers/reports.ts";

describe("Student's t", () => {
  it("matches published quantiles and CDF values", () => {
    // Two-sided 95% critical values from standard tables.
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
    expect(tQuantile(0.975, 3)).toBeCloseTo(3.182, 3);
    expect(tQuantile(0.975, 8)).toBeCloseTo(2.306, 3);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.962, 2);
    expect(tCdf(0, 4)).toBeCloseTo(0.5, 9);
    expect(tCdf(2, 1)).toBeCloseTo(0.852416, 5);
    expect(tCdf(-2.306, 8)).toBeCloseTo(0.025, 4);
  });
});

describe("run-to-run spread", () => {
  it("needs at least four runs and positive values", () => {
    expect(runSpread([1, 1.1, 0.9])).toBeUndefined();
    expect(runSpread([1, 0, 1, 1])).toBeUndefined();
    expect(runSpread([1, 1, 1, 1])).toEqual({ sdLog: 0, runs: 4, level: 1, levelRuns: 4 });
  });

  it("reads a step change on the branch as a step, not as noise", () => {
    const steady = runSpread([10, 10.2, 9.9, 10.1, 10, 10.1])!;
    // The same wobble, but a real 30% improvement landed three runs ago.
    const stepped = runSpread([13, 13.26, 12.87, 10.1, 10, 10.1])!;
    const plainSd = Math.sqrt([13, 13.26, 12.87, 10.1, 10, 10.1].map(Math.log).reduce((s, v, _, a) => s + (v - a.reduce((x, y) => x + y) / a.length) ** 2, 0) / 5);
    expect(stepped.sdLog).toBeLessThan(plainSd / 1.5);
    expect(steady.sdLog).toBeLessThan(0.02);
  });

  it("makes a change within the runs' own wobble not credible, and a large one credible", () => {
    const spread = runSpread([10, 10.8, 9.4, 10.5, 9.6, 10.3])!; // about 7% from one run to the next
    const small = judgeAgainstSpread(0.08, spread);
    expect(small.pValue).toBeGreaterThan(0.05);
    expect(small.interval[0]).toBeLessThan(0);
    const large = judgeAgainstSpread(0.4, spread);
    expect(large.pValue).toBeLessThan(0.05);
    expect(large.interval[0]).toBeGreaterThan(0.05);
    expect(large.interval[0]).toBeLessThan(0.4);
    expect(large.interval[1]).toBeGreaterThan(0.4);
  });
});

describe("carrying history from baseline to baseline", () => {
  it("appends the previous baseline's values, newest last, capped, for metrics still present", () => {
    let baseline = reportWith([metric("s/a.mean", 1), metric("s/gone.mean", 5)]);
    for (let run = 2; run <= HISTORY_RUNS + 3; run++) baseline = carryHistory(baseline, reportWith([metric("s/a.mean", run), metric("s/new.mean", run)]));
    expect(baseline.history!["s/a.mean"]).toEqual(Array.from({ length: HISTORY_RUNS }, (_, i) => HISTORY_RUNS + 3 - HISTORY_RUNS + i));
    expect(baseline.history!["s/gone.mean"]).toBeUndefined();
    expect(baseline.history!["s/new.mean"]!.length).toBe(HISTORY_RUNS);
    expect(carryHistory(undefined, reportWith([metric("s/a.mean", 1)])).history).toBeUndefined();
  });

  it("keeps the commit and time of each run, lined up with the tail of every metric's values", () => {
    const run = (n: number, ids: string[]): Report => {
      const r = reportWith(ids.map((id) => metric(id, n + 0.123456789)));
      return { ...r, environment: { ...r.environment, commit: `c${n}`, timestamp: `2026-01-${String(n).padStart(2, "0")}T00:00:00Z` } };
    };
    let baseline: Report = run(1, ["s/a.mean"]);
    for (let n = 2; n <= 5; n++) baseline = carryHistory(baseline, run(n, n >= 4 ? ["s/a.mean", "s/b.mean"] : ["s/a.mean"]));
    expect(baseline.runs?.map((r) => r.commit)).toEqual(["c1", "c2", "c3", "c4"]);
    // Five significant digits are kept.
    expect(baseline.history?.["s/a.mean"]).toEqual([1.1235, 2.1235, 3.1235, 4.1235]);
    expect(trendOf(baseline, "s/b.mean", 5)).toEqual([
      { value: 4.1235, commit: "c4", time: "2026-01-04T00:00:00Z" },
      { value: 5, commit: "c5", time: "2026-01-05T00:00:00Z" },
    ]);
    // The spread is judged on the latest runs only.
    expect(runValues({ ...baseline, history: { x: Array.from({ length: 50 }, (_, i) => i) } }, "x", 99)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 99]);
  });
});

describe("compare with the baseline's run history", () => {
  const withHistory = (value: number, history: number[]) => ({ ...reportWith([metric("s/x.value", value)]), history: { "s/x.value": history } });

  it("turns single values into a credible regression when the branch's runs agree", () => {
    const c = compare(withHistory(100, [99, 101, 100, 100.5, 99.5]), reportWith([metric("s/x.value", 125)]), defaultPolicy());
    expect(c.rows[0]).toMatchObject({ verdict: "regression" });
    expect(c.rows[0]!.reason).toBeUndefined();
    expect(c.rows[0]!.interval![0]).toBeGreaterThan(0.15);
  });

  it("calls the same change inconclusive when the branch's runs vary as much, and says what would settle it", () => {
    const c = compare(withHistory(100, [80, 120, 90, 115, 85]), reportWith([metric("s/x.value", 125)]), defaultPolicy());
    expect(c.rows[0]!.verdict).toBe("inconclusive");
    expect(c.rows[0]!.reason).toMatchObject({ kind: "not-credible", settle: { kind: "pair", noise: { runs: 6 } } });
    expect(reasonText(c.rows[0]!.reason!)).toMatch(/last 6 runs leave ±\d+(\.\d)?% of run-to-run noise; measuring base and head paired on one runner \(pair\) would settle it/);
    expect(c.verdict).toBe("pass");
  });

  it("without history keeps judging single values by the threshold alone", () => {
    const c = compare(reportWith([metric("s/x.value", 100)]), reportWith([metric("s/x.value", 125)]), defaultPolicy());
    expect(c.rows[0]!.reason).toEqual({ kind: "single-values" });
    expect(reasonText(c.rows[0]!.reason!)).toContain("single values");
  });
});

describe("notes of the run", () => {
  it("carries what the runners noted about the current run into the comparison", () => {
    const current = { ...reportWith([metric("api/server.heap-growth", 0, { unit: "B" })]), notes: ["api: heap kept growing after every round (likely leak)"] };
    expect(compare(undefined, current, defaultPolicy()).notes[0]).toBe("api: heap kept growing after every round (likely leak)");
  });
});
