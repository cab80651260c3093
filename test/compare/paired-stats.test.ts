import { describe, expect, it } from "vitest";
import { comparePaired } from "../../src/compare/paired.ts";
import { defaultPolicy, policyFromConfig } from "../../src/compare/policy.ts";
import type { Metric, Report } from "../../src/report/schema.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";
import { MIN_PAIRS, pairedChange, roundLogRatios, signedRankPValue, walshCut } from "../../src/compare/stats/paired.ts";
import { Config } from "../../src/config/schema.ts";
import { metric, reportWith } from "../helpers/reports.ts";

const random = mulberry32(1011);
function normal(): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
/** Student's t with 2 degrees of freedom: heavy tails, infinite variance. */
function heavy(): number {
  const z = normal();
  const chi = normal() ** 2 + normal() ** 2;
  return z / Math.sqrt(chi / 2);
}

describe("signed-rank test and Hodges-Lehmann interval", () => {
  it("matches the exact p-value of a known example (scipy/R: 0.0390625)", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const d = x.map((v, i) => v - y[i]!);
    expect(signedRankPValue(d)).toBeCloseTo(0.0390625, 7);
    // R's wilcox.test(x, y, paired = TRUE, conf.int = TRUE): pseudomedian 0.46, interval from the 6th smallest and largest Walsh averages.
    expect(walshCut(9, 0.95)).toBe(6);
    const estimate = pairedChange(d)!;
    expect(Math.log1p(estimate.change)).toBeCloseTo(0.46, 2);
  });

  it("needs at least MIN_PAIRS pairs and finite ratios", () => {
    expect(pairedChange([0.1, 0.2, 0.1, 0.2, 0.1])).toBeUndefined();
    expect(pairedChange([0.1, 0.2, 0.1, 0.2, 0.1, Number.NaN])).toBeUndefined();
    expect(pairedChange(new Array(MIN_PAIRS).fill(0.1))).toBeDefined();
  });

  it("zero variance: the interval collapses on the value; identical sides give p = 1", () => {
    const same = pairedChange(new Array(20).fill(0))!;
    expect(same.change).toBe(0);
    expect(same.interval).toEqual([0, 0]);
    expect(same.pValue).toBe(1);
    const shifted = pairedChange(new Array(20).fill(Math.log(1.2)))!;
    expect(shifted.change).toBeCloseTo(0.2, 10);
    expect(shifted.interval[0]).toBeCloseTo(0.2, 10);
    expect(shifted.interval[1]).toBeCloseTo(0.2, 10);
    // All 20 of one sign: exact two-sided p = 2 / 2^20.
    expect(shifted.pValue).toBeCloseTo(2 / 2 ** 20, 12);
  });

  it("heavy-tailed noise (t with 2 df) around a +15% shift: estimate near +15%, interval covers it", () => {
    const shift = Math.log(1.15);
    let covered = 0;
    const estimates: number[] = [];
    for (let trial = 0; trial < 200; trial++) {
      const ratios = Array.from({ length: 40 }, () => shift + 0.05 * heavy());
      const e = pairedChange(ratios)!;
      estimates.push(e.change);
      if (e.interval[0] <= 0.15 && 0.15 <= e.interval[1]) covered++;
    }
    estimates.sort((a, b) => a - b);
    expect(estimates[100]!).toBeGreaterThan(0.13);
    expect(estimates[100]!).toBeLessThan(0.17);
    // A 95% interval: coverage within binomial error of 190/200.
    expect(covered).toBeGreaterThanOrEqual(180);
  });

  it("A/A under heavy tails: p < 0.05 about 5% of the time, never far more", () => {
    let significant = 0;
    for (let trial = 0; trial < 400; trial++) {
      const ratios = Array.from({ length: 30 }, () => 0.08 * heavy());
      if (pairedChange(ratios)!.pValue < 0.05) significant++;
    }
    expect(significant / 400).toBeLessThan(0.08);
  });

  it("uses the normal approximation past the exact limit, consistently with the exact one", () => {
    const ratios = Array.from({ length: 300 }, () => 0.01 + 0.05 * normal());
    const e = pairedChange(ratios)!;
    expect(e.pairs).toBe(300);
    expect(e.interval[0]).toBeLessThan(e.change);
    expect(e.interval[1]).toBeGreaterThan(e.change);
    expect(e.pValue).toBeGreaterThan(0);
    expect(e.pValue).toBeLessThanOrEqual(1);
  });

  it("pairs only the rounds both sides measured (unequal numbers of rounds)", () => {
    const base = new Map([
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    const head = new Map([
      [1, 11],
      [3, 12],
      [5, 99],
    ]);
    expect(roundLogRatios(base, head)).toEqual([Math.log(1.1), Math.log(1.2)]);
    // Non-positive values cannot form a ratio and are skipped.
    expect(roundLogRatios(new Map([[0, 0]]), new Map([[0, 1]]))).toEqual([]);
  });
});

/** Two Reports of one paired run: per round, `perRound` samples per side; head = base x factor x noise. */
function pairedReports(rounds: number, factor: number, noise: number, seed: number): { base: Report; head: Report } {
  const r = mulberry32(seed);
  const draw = () => {
    const u = 1 - r();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  };
  const sides = { base: { values: [] as number[], rounds: [] as number[] }, head: { values: [] as number[], rounds: [] as number[] } };
  for (let round = 0; round < rounds; round++) {
    // Machine speed of this round: shared by both sides (what pairing cancels).
    const machine = Math.exp(0.3 * draw());
    for (let i = 0; i < 20; i++) {
      sides.base.values.push(machine * Math.exp(noise * draw()));
      sides.base.rounds.push(round);
      sides.head.values.push(machine * factor * Math.exp(noise * draw()));
      sides.head.rounds.push(round);
    }
  }
  const report = (side: "base" | "head"): Report => {
    const values = sides[side].values;
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const m: Metric = metric("lib/task.mean", mean, { samples: "lib/task", estimator: { kind: "mean" } });
    return reportWith([m], { samples: { "lib/task": { unit: "ms", values, rounds: sides[side].rounds } } });
  };
  return { base: report("base"), head: report("head") };
}

describe("comparePaired", () => {
  it("calls a planted 30% slowdown a regression through 30% of shared machine noise", () => {
    const { base, head } = pairedReports(30, 1.3, 0.05, 7);
    const c = comparePaired(base, head, defaultPolicy());
    const row = c.rows[0]!;
    expect(row.verdict).toBe("regression");
    expect(row.source).toBe("paired");
    expect(row.change!).toBeGreaterThan(0.25);
    expect(row.change!).toBeLessThan(0.35);
    expect(row.interval![0]).toBeGreaterThan(0.2);
    expect(c.verdict).toBe("fail");
  });

  it("reads unchanged code as unchanged, with a narrow interval, whatever the machine did between rounds", () => {
    const { base, head } = pairedReports(30, 1, 0.05, 8);
    const row = comparePaired(base, head, defaultPolicy()).rows[0]!;
    expect(row.verdict).toBe("unchanged");
    expect(Math.abs(row.change!)).toBeLessThan(0.03);
    expect(row.interval![1] - row.interval![0]).toBeLessThan(0.06);
  });

  it("is deterministic: the same Reports give the same comparison", () => {
    const { base, head } = pairedReports(20, 1.12, 0.05, 9);
    expect(comparePaired(base, head, defaultPolicy())).toEqual(comparePaired(base, head, defaultPolicy()));
  });

  it("keeps budgets: a head value past its budget is over-budget whatever the change", () => {
    const { base, head } = pairedReports(20, 1, 0.02, 10);
    const policy = policyFromConfig(Config.parse({ benchmarks: [{ kind: "tinybench", files: ["x.js"] }], budgets: { "lib/task.mean": "< 0.5 ms" } }), "config");
    const row = comparePaired(base, head, policy).rows[0]!;
    expect(row.verdict).toBe("over-budget");
    expect(row.budget).toEqual({ text: "< 0.5 ms", met: false });
  });

  it("a metric only the head has is new; one without rounds falls back to its values alone", () => {
    const { base, head } = pairedReports(10, 1, 0.02, 11);
    const extra = metric("lib/other.mean", 2);
    const single = metric("lib/single.value", 5);
    const c = comparePaired({ ...base, metrics: [...base.metrics, single] }, { ...head, metrics: [...head.metrics, extra, { ...single, value: 5.1 }] }, defaultPolicy());
    expect(c.rows.find((r) => r.id === "lib/other.mean")!.verdict).toBe("new");
    const s = c.rows.find((r) => r.id === "lib/single.value")!;
    expect(s.verdict).toBe("unchanged");
    expect(s.change).toBeCloseTo(0.02, 10);
    expect(s.interval).toBeUndefined();
  });
});

describe("Student's t far in the tail", () => {
  it("matches the closed forms for 1 and 2 degrees of freedom, however large t is", async () => {
    const { tCdf, tTail } = await import("../../src/compare/stats/student-t.ts");
    for (const t of [0.5, 2, 50, 5000, 1e6]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
      expect(tTail(t, 2) / (0.5 - t / (2 * Math.sqrt(2 + t * t)) || 1)).toBeCloseTo(1, 3);
      expect(tCdf(-t, 2)).toBeCloseTo(1 - tCdf(t, 2), 12);
    }
  });

  it("calls a slowdown that every block agrees on credible, even with three blocks", async () => {
    const { blockedChange } = await import("../../src/compare/stats/paired.ts");
    const random = mulberry32(3);
    const blocks = [0, 1, 2].map(() => Array.from({ length: 8 }, () => Math.log(1.3) + (random() - 0.5) * 1e-4));
    const estimate = blockedChange(blocks)!;
    expect(estimate.change).toBeCloseTo(0.3, 3);
    // With the CDF integrated in fixed steps this read p = 0.09 (inconclusive).
    expect(estimate.pValue).toBeLessThan(1e-3);
  });
});
