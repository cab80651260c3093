import { compare } from "../../src/compare/compare.ts";
import { comparePaired } from "../../src/compare/paired.ts";
import { parseBudgets } from "../../src/compare/budget.ts";
import type { Policy } from "../../src/compare/policy.ts";
import { REPORT_SCHEMA, type Estimator, type Metric, type Report, type SampleSet } from "../../src/report/schema.ts";
import { estimateChange } from "../../src/compare/stats/change.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";

/**
 * A wide, seeded spread of inputs for the statistics, and what compare,
 * comparePaired and estimateChange make of them: the guard that a faster
 * implementation keeps every result bit for bit. The recorded results live in
 * test/fixtures/stats-guard.json (see its README line).
 */

const ESTIMATORS: Array<Estimator | undefined> = [
  { kind: "mean" },
  { kind: "median" },
  { kind: "quantile", q: 0.95 },
  { kind: "quantile", q: 0.99 },
  { kind: "quantile", q: 0.25 },
  { kind: "quantile", q: 0.5 },
  { kind: "rate", scale: 1000 },
  { kind: "rate", scale: 1e6 },
  { kind: "max" },
  undefined,
];

/** Sample layouts: rounds x values per round, or single observations (rounds 0). */
const LAYOUTS: Array<{ rounds: number; per: number; shuffled?: boolean }> = [
  { rounds: 5, per: 40 },
  { rounds: 3, per: 20 },
  { rounds: 4, per: 1 },
  { rounds: 6, per: 7 },
  { rounds: 7, per: 40 },
  { rounds: 10, per: 5 },
  { rounds: 20, per: 3 },
  { rounds: 5, per: 40, shuffled: true },
  { rounds: 2, per: 50 },
  { rounds: 0, per: 3 },
  { rounds: 0, per: 40 },
  { rounds: 0, per: 601 },
  { rounds: 0, per: 1300 },
  { rounds: 0, per: 2 },
];

type Draw = () => number;

function normalOf(random: Draw): Draw {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** One metric's samples: log-normal around `level`, rounds shifted, some with outliers, ties or zeros. */
function samplesOf(random: Draw, level: number, layout: (typeof LAYOUTS)[number], shape: number): SampleSet {
  const normal = normalOf(random);
  const values: number[] = [];
  const rounds: number[] = [];
  const count = layout.rounds === 0 ? 1 : layout.rounds;
  for (let r = 0; r < count; r++) {
    const shift = 1 + 0.02 * normal();
    for (let k = 0; k < layout.per; k++) {
      let v = level * shift * Math.exp(0.05 * normal());
      if (shape === 1 && random() < 0.05) v *= 4; // outliers
      if (shape === 2) v = Math.round(v * 4) / 4; // heavy ties
      if (shape === 3) v = level; // constant
      values.push(v);
      rounds.push(r);
    }
  }
  if (layout.rounds === 0) return { unit: "ms", values };
  if (layout.shuffled) {
    // Rounds interleaved: the values of one round are not contiguous.
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
      [rounds[i], rounds[j]] = [rounds[j]!, rounds[i]!];
    }
  }
  return { unit: "ms", values, rounds };
}

function valueOf(estimator: Estimator | undefined, values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    return sorted[lo]! + (sorted[Math.ceil(pos)]! - sorted[lo]!) * (pos - lo);
  };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  switch (estimator?.kind) {
    case undefined:
    case "mean":
      return mean;
    case "median":
      return at(0.5);
    case "quantile":
      return at(estimator.q);
    case "rate":
      return estimator.scale / mean;
    case "max":
      return sorted[sorted.length - 1]!;
  }
}

const METRICS = 320;

/** How metric i differs between the runs: a factor on its level (1 = unchanged). */
function slowdown(i: number): number {
  return [1, 1, 1.2, 1, 1.06, 0.85, 1, 1.5, 1, 1.02][i % 10]!;
}

function report(seed: number, side: "base" | "current", calibrated: boolean): Report {
  const random = mulberry32(seed);
  const metrics: Metric[] = [];
  const samples: Record<string, SampleSet> = {};
  const history: Record<string, number[]> = {};
  for (let i = 0; i < METRICS; i++) {
    // A few metrics only on one side: new and missing rows.
    if (side === "base" && i % 53 === 7) continue;
    if (side === "current" && i % 61 === 11) continue;
    const estimator = ESTIMATORS[i % ESTIMATORS.length];
    // The layout cycles at a rate prime to the estimators', so every pairing occurs.
    let layout = LAYOUTS[(i * 3 + Math.floor(i / 7)) % LAYOUTS.length]!;
    // Now and then the sides disagree on rounds: no common bootstrap.
    if (side === "current" && i % 29 === 5) layout = { rounds: 0, per: 40 };
    const shape = i % 11 === 3 ? 1 : i % 13 === 4 ? 2 : i % 47 === 9 ? 3 : 0;
    const rate = estimator?.kind === "rate";
    // All-zero baselines (not for rates: their value would be infinite).
    const zero = i % 71 === 13 && side === "base" && !rate;
    const level = zero ? 0 : (0.3 + (i % 17) / 3) * (side === "current" ? slowdown(i) : 1);
    const suite = `s${i % 6}`;
    const benchmark = `task-${i}`;
    const id = `${suite}/${benchmark}.${estimator?.kind ?? "value"}`;
    const set = samplesOf(random, level, layout, shape);
    // Some baselines are in seconds where the current run says milliseconds: the units are aligned first.
    const inSeconds = side === "base" && i % 19 === 2;
    const stored = inSeconds ? { ...set, unit: "s", values: set.values.map((v) => v / 1000) } : set;
    const withSamples = i % 37 !== 17;
    if (withSamples) samples[id] = stored;
    const value = valueOf(estimator, stored.values);
    const unit = rate ? "ops/s" : inSeconds ? "s" : "ms";
    metrics.push({
      id,
      suite,
      benchmark: `${benchmark}.${estimator?.kind ?? "value"}`,
      stat: estimator?.kind ?? "value",
      kind: i % 9 === 4 ? "http" : "function",
      unit,
      direction: rate ? "higher-is-better" : "lower-is-better",
      value,
      samples: withSamples ? id : undefined,
      estimator: withSamples ? estimator : undefined,
    });
    if (side === "base" && i % 4 === 1 && value > 0) history[id] = [0.97, 1.03, 0.99, 1.01, 1.0, 0.98].slice(i % 3).map((f) => f * value * (1 + (i % 5) / 100));
  }
  return {
    schema: REPORT_SCHEMA,
    tool: { name: "perf-gate", version: "guard" },
    set: "quick",
    environment: { node: "v24.0.0", os: "linux", platform: "linux", arch: "x64", cpuModel: `cpu-${side}`, cores: 2, memoryBytes: 0, timestamp: "2026-01-01T00:00:00.000Z" },
    calibration: calibrated ? { workload: "guard", samples: [1], value: side === "base" ? 1 : 1.1 } : undefined,
    metrics,
    samples,
    history: side === "base" ? history : undefined,
    notes: [],
  };
}

/** Paired Reports: the same rounds on both sides, in blocks on half the metrics. */
function pairedReport(seed: number, side: "base" | "head"): Report {
  const random = mulberry32(seed);
  const normal = normalOf(random);
  const metrics: Metric[] = [];
  const samples: Record<string, SampleSet> = {};
  for (let i = 0; i < 60; i++) {
    const estimator = ESTIMATORS[i % 9]!;
    const roundsCount = [6, 8, 12, 30, 5][i % 5]!;
    const per = [1, 5, 20][i % 3]!;
    const level = (1 + i / 10) * (side === "head" ? slowdown(i) : 1);
    const values: number[] = [];
    const rounds: number[] = [];
    const blocks: number[] = [];
    for (let r = 0; r < roundsCount; r++) {
      const shift = 1 + 0.02 * normal();
      for (let k = 0; k < per; k++) {
        values.push(level * shift * Math.exp(0.04 * normal()));
        rounds.push(r);
        blocks.push(r % 3);
      }
    }
    const id = `paired/task-${i}.${estimator.kind}`;
    samples[id] = i % 2 ? { unit: "ms", values, rounds, blocks } : { unit: "ms", values, rounds };
    const rate = estimator.kind === "rate";
    metrics.push({
      id,
      suite: "paired",
      benchmark: `task-${i}`,
      stat: estimator.kind,
      kind: "function",
      unit: rate ? "ops/s" : "ms",
      direction: rate ? "higher-is-better" : "lower-is-better",
      value: valueOf(estimator, values),
      samples: id,
      estimator,
    });
  }
  return { ...report(0, side === "base" ? "base" : "current", false), metrics, samples, history: undefined };
}

const POLICY: Policy = {
  threshold: 10,
  thresholds: [
    { pattern: "s1/*", percent: 5 },
    { pattern: "s2/task-*.max", percent: 25 },
  ],
  budgets: parseBudgets({ "*.mean": "< 4 ms", "s4/*.median": "<= 3000 ms" }, "guard"),
};

/** Direct bootstrap results over a grid of layouts, estimators, seeds, resample counts and confidences. */
function changes(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const random = mulberry32(99);
  LAYOUTS.forEach((layout, l) => {
    ESTIMATORS.forEach((estimator, e) => {
      if (!estimator) return;
      const base = samplesOf(random, 2, layout, (l + e) % 4);
      const current = samplesOf(random, 2 * (1 + ((l * e) % 5) / 40), layout, (l + e + 1) % 4);
      const options = { seed: l * 1000 + e, resamples: [2000, 500, 3001][(l + e) % 3], confidence: [0.95, 0.9, 0.99][(l * e) % 3] };
      out[`${l}:${e}`] = estimateChange(base, current, estimator, options) ?? null;
    });
  });
  return out;
}

/** The baseline and current Reports (no calibration) and the policy of the plain comparison. */
export function guardReports(): [Report, Report, Policy] {
  return [report(1, "base", false), report(2, "current", false), POLICY];
}

/** Everything the guard pins, as JSON would carry it (undefined fields dropped). */
export function guardResults(): unknown {
  const plain = compare(report(1, "base", false), report(2, "current", false), POLICY);
  const calibrated = compare(report(1, "base", true), report(2, "current", true), POLICY);
  const paired = comparePaired(pairedReport(3, "base"), pairedReport(4, "head"), POLICY);
  return JSON.parse(JSON.stringify({ plain, calibrated, paired, changes: changes() }));
}
