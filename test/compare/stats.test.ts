import { findingText, notesOf, reasonText } from "../../src/render/reasons.ts";
import { describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { defaultPolicy } from "../../src/compare/policy.ts";
import type { Metric, SampleSet } from "../../src/report/schema.ts";
import { machineSpeed } from "../../src/compare/speed.ts";
import { estimateChange } from "../../src/compare/stats/change.ts";
import { estimate, groupByRound } from "../../src/compare/stats/estimate.ts";
import { benjaminiHochberg } from "../../src/compare/stats/fdr.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";
import { metric, reportWith } from "../helpers/reports.ts";

const random = mulberry32(2024);
function normal(mean: number, sd: number): number {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `rounds` rounds of `perRound` values; each round has its own offset, like separate process runs. */
function rounds(count: number, perRound: number, draw: () => number, roundSd = 0): SampleSet {
  const values: number[] = [];
  const tags: number[] = [];
  for (let r = 0; r < count; r++) {
    const offset = normal(0, roundSd);
    for (let i = 0; i < perRound; i++) {
      values.push(Math.max(1e-6, draw() * (1 + offset)));
      tags.push(r);
    }
  }
  return { unit: "ms", values, rounds: tags };
}

const MEAN = { kind: "mean" } as const;

describe("estimators", () => {
  it("computes mean, median, quantiles, rate and max", () => {
    const v = [4, 1, 3, 2, 5];
    expect(estimate(MEAN, v)).toBe(3);
    expect(estimate({ kind: "median" }, v)).toBe(3);
    expect(estimate({ kind: "quantile", q: 0.75 }, v)).toBe(4);
    expect(estimate({ kind: "rate", scale: 1000 }, v)).toBeCloseTo(333.33, 1);
    expect(estimate({ kind: "max" }, v)).toBe(5);
  });

  it("groups values by round", () => {
    expect(groupByRound({ unit: "ms", values: [1, 2, 3, 4], rounds: [0, 1, 0, 1] })).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(groupByRound({ unit: "ms", values: [1, 2] })).toEqual([]);
  });
});

describe("estimateChange", () => {
  it("gives zero change and a tight interval for identical samples", () => {
    const set = rounds(6, 50, () => normal(10, 0.5), 0.01);
    const est = estimateChange(set, set, MEAN, { seed: 1 })!;
    expect(est.change).toBe(0);
    expect(est.interval[0]).toBeLessThanOrEqual(0);
    expect(est.interval[1]).toBeGreaterThanOrEqual(0);
    expect(est.pValue).toBeGreaterThan(0.5);
    expect(est.method).toBe("rounds");
  });

  it("finds a 20% shift of a normal, its interval covering the truth", () => {
    const base = rounds(6, 80, () => normal(10, 1), 0.01);
    const cur = rounds(6, 80, () => normal(12, 1.2), 0.01);
    const est = estimateChange(base, cur, MEAN, { seed: 2 })!;
    expect(est.change).toBeGreaterThan(0.15);
    expect(est.interval[0]).toBeLessThan(0.2);
    expect(est.interval[1]).toBeGreaterThan(0.2);
    expect(est.interval[0]).toBeGreaterThan(0.1);
    expect(est.pValue).toBeLessThan(0.01);
  });

  it("widens the interval when rounds disagree (run-to-run noise), not only iterations", () => {
    const quiet = estimateChange(
      rounds(5, 100, () => normal(10, 1), 0),
      rounds(5, 100, () => normal(10, 1), 0),
      MEAN,
      { seed: 3 },
    )!;
    const noisy = estimateChange(
      rounds(5, 100, () => normal(10, 1), 0.08),
      rounds(5, 100, () => normal(10, 1), 0.08),
      MEAN,
      { seed: 3 },
    )!;
    expect(noisy.interval[1] - noisy.interval[0]).toBeGreaterThan(3 * (quiet.interval[1] - quiet.interval[0]));
  });

  it("handles heavy tails with a median estimator", () => {
    const pareto = (scale: number) => () => scale / Math.pow(1 - random(), 1 / 1.5);
    const est = estimateChange(rounds(6, 200, pareto(1), 0), rounds(6, 200, pareto(1), 0), { kind: "median" }, { seed: 4 })!;
    expect(Math.abs(est.change)).toBeLessThan(0.1);
    expect(est.interval[0]).toBeLessThan(0.1);
  });

  it("treats values without rounds as independent observations (imported per-run times)", () => {
    const base: SampleSet = { unit: "s", values: Array.from({ length: 30 }, () => normal(2, 0.05)) };
    const cur: SampleSet = { unit: "s", values: Array.from({ length: 30 }, () => normal(2.5, 0.05)) };
    const est = estimateChange(base, cur, MEAN, { seed: 5 })!;
    expect(est.method).toBe("observations");
    expect(est.change).toBeGreaterThan(0.2);
    expect(est.interval[0]).toBeGreaterThan(0.2);
  });

  it("declines to estimate from too few replicates, zero or constant samples", () => {
    const tiny: SampleSet = { unit: "ms", values: [1, 2] };
    expect(estimateChange(tiny, tiny, MEAN, { seed: 6 })).toBeUndefined();
    const zeros: SampleSet = { unit: "ms", values: [0, 0, 0, 0] };
    expect(estimateChange(zeros, zeros, MEAN, { seed: 6 })).toBeUndefined();
    const constant: SampleSet = { unit: "ms", values: [5, 5, 5, 5, 5] };
    const est = estimateChange(constant, constant, MEAN, { seed: 6 })!;
    expect(est.change).toBe(0);
    expect(est.interval).toEqual([0, 0]);
  });

  it("is deterministic for a seed", () => {
    const a = rounds(5, 50, () => normal(10, 1), 0.02);
    const b = rounds(5, 50, () => normal(10.5, 1), 0.02);
    expect(estimateChange(a, b, MEAN, { seed: 9 })).toEqual(estimateChange(a, b, MEAN, { seed: 9 }));
  });
});

describe("Benjamini-Hochberg", () => {
  it("rejects by the step-up rule", () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.2], 0.05)).toEqual([true, false, false, false]);
    expect(benjaminiHochberg([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205], 0.05)).toEqual([true, true, false, false, false, false, false, false]);
    expect(benjaminiHochberg([], 0.05)).toEqual([]);
  });
});

/** A Report of one timed task with samples in rounds. */
function taskReport(set: SampleSet, extra: Partial<Metric> = {}, calibration?: number, cpuModel = "Test CPU") {
  const value = estimate(MEAN, set.values);
  const report = reportWith([metric("s/task.mean", value, { samples: "s/task", estimator: MEAN, ...extra })], { samples: { "s/task": set } });
  return { ...report, environment: { ...report.environment, cpuModel }, calibration: calibration ? { workload: "w", samples: [calibration], value: calibration } : undefined };
}

describe("compare verdicts from samples", () => {
  it("calls a credible 25% slowdown a regression, with its interval", () => {
    const c = compare(taskReport(rounds(6, 60, () => normal(10, 1), 0.02)), taskReport(rounds(6, 60, () => normal(12.5, 1.2), 0.02)), defaultPolicy());
    expect(c.rows[0]).toMatchObject({ verdict: "regression" });
    expect(c.rows[0]!.interval![0]).toBeGreaterThan(0.1);
    expect(c.verdict).toBe("fail");
  });

  it("calls a change within noise unchanged, and a noisy one past the threshold inconclusive with a hint", () => {
    const same = compare(taskReport(rounds(6, 60, () => normal(10, 1), 0.01)), taskReport(rounds(6, 60, () => normal(10.2, 1), 0.01)), defaultPolicy());
    expect(same.rows[0]!.verdict).toBe("unchanged");
    // Rounds that disagree by ±15%: a +12% change that the samples cannot make credible.
    const fixed = (means: number[]): SampleSet => ({ unit: "ms", values: means.flatMap((m) => Array<number>(10).fill(m)), rounds: means.flatMap((_, r) => Array<number>(10).fill(r)) });
    const noisy = compare(taskReport(fixed([10, 8.5, 11.5, 10])), taskReport(fixed([12.5, 9.5, 12, 10.8])), defaultPolicy());
    expect(noisy.rows[0]!.verdict).toBe("inconclusive");
    expect(noisy.rows[0]!.reason).toMatchObject({ settle: { kind: "more", unit: "rounds" } });
    expect(reasonText(noisy.rows[0]!.reason!)).toMatch(/more rounds than a quick run affords \(about \d+ per side\); measuring base and head paired on one runner \(pair\) would settle it/);
    expect(noisy.verdict).toBe("pass");
  });

  it("judges single values by the threshold alone, and says so", () => {
    const c = compare(reportWith([metric("s/x.value", 100)]), reportWith([metric("s/x.value", 130)]), defaultPolicy());
    expect(c.rows[0]).toMatchObject({ verdict: "regression", reason: { kind: "single-values" } });
  });

  it("respects direction: less throughput is a regression", () => {
    const hi = { direction: "higher-is-better" as const, unit: "ops/s" };
    const c = compare(reportWith([metric("s/x.ops", 1000, hi)]), reportWith([metric("s/x.ops", 700, hi)]), defaultPolicy());
    expect(c.rows[0]!.verdict).toBe("regression");
    const better = compare(reportWith([metric("s/x.ops", 1000, hi)]), reportWith([metric("s/x.ops", 1300, hi)]), defaultPolicy());
    expect(better.rows[0]!.verdict).toBe("improvement");
  });

  it("reports new, missing and over-budget metrics and a budget score", () => {
    const policy = { ...defaultPolicy(), budgets: [{ pattern: "s/*", op: "<" as const, limit: 50, unit: "ms", text: "< 50 ms", source: "cfg" }] };
    const c = compare(reportWith([metric("s/old.mean", 10), metric("s/kept.mean", 10)]), reportWith([metric("s/new.mean", 10), metric("s/kept.mean", 60)]), policy);
    const verdicts = Object.fromEntries(c.rows.map((r) => [r.id, r.verdict]));
    expect(verdicts).toEqual({ "s/old.mean": "missing", "s/new.mean": "new", "s/kept.mean": "over-budget" });
    expect(c.score).toBe(50);
  });

  it("holds the false discovery rate across metrics and says so", () => {
    const c = compare(taskReport(rounds(5, 40, () => normal(10, 1), 0.01)), taskReport(rounds(5, 40, () => normal(10, 1), 0.01)), defaultPolicy());
    expect(notesOf(c).join(" ")).not.toContain("Benjamini");
    const many = (shift: number) =>
      reportWith(
        Array.from({ length: 5 }, (_, i) => metric(`s/t${i}.mean`, 10 * shift, { samples: `s/t${i}`, estimator: MEAN })),
        { samples: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`s/t${i}`, rounds(5, 40, () => normal(10 * shift, 1), 0.01)])) },
      );
    expect(notesOf(compare(many(1), many(1), defaultPolicy())).join(" ")).toContain("Benjamini-Hochberg");
  });
});

describe("machine speed", () => {
  it("adjusts function timings when the CPU model differs, and says by how much", () => {
    const base = taskReport(
      rounds(6, 60, () => normal(10, 1), 0.01),
      {},
      10,
      "Fast CPU",
    );
    // The same code on a machine 30% slower: timings and calibration both 30% up.
    const cur = taskReport(
      rounds(6, 60, () => normal(13, 1.3), 0.01),
      {},
      13,
      "Slow CPU",
    );
    const c = compare(base, cur, defaultPolicy());
    expect(c.rows[0]!.verdict).toBe("unchanged");
    expect(notesOf(c).join(" ")).toMatch(/different CPU model \(Fast CPU vs Slow CPU here\).*adjusted by −23\.1%/);
  });

  it("still catches a real regression on a slower machine", () => {
    const base = taskReport(
      rounds(6, 60, () => normal(10, 1), 0.01),
      {},
      10,
      "Fast CPU",
    );
    const cur = taskReport(
      rounds(6, 60, () => normal(13 * 1.25, 1.5), 0.01),
      {},
      13,
      "Slow CPU",
    );
    expect(compare(base, cur, defaultPolicy()).rows[0]!.verdict).toBe("regression");
  });

  it("leaves small speed differences on one CPU model alone", () => {
    const r = (cal: number) =>
      taskReport(
        rounds(3, 5, () => 1),
        {},
        cal,
      );
    expect(machineSpeed(r(10), r(10.3))).toEqual({ timeFactor: 1 });
    const busier = machineSpeed(r(10), r(10.7)).finding;
    expect(busier).toMatchObject({ kind: "busier-machine" });
    expect(findingText(busier!)).toMatch(/7\.0% slower .* not adjusted/);
    // However large: on one CPU model the difference is load, which a few ms of calibration sample poorly.
    expect(machineSpeed(r(10), r(14))).toMatchObject({ timeFactor: 1, finding: { kind: "busier-machine" } });
    expect(findingText(machineSpeed(r(10), r(14)).finding!)).toMatch(/40\.0% slower .*busier machine.* not adjusted/);
  });
});
