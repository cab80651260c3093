import { mean } from "simple-statistics";
import type { Estimator, SampleSet } from "../../report/schema.ts";
import { estimate, groupByRound } from "./estimate.ts";
import { MULBERRY32_UNIT, mulberry32, mulberry32Bits, mulberry32Next } from "./random.ts";
import { neighbouringOrderStatistics } from "./select.ts";

export interface ChangeEstimate {
  /** current / baseline - 1 of the estimator over all values. */
  change: number;
  /** Percentile-bootstrap interval of `change` at the requested confidence. */
  interval: [number, number];
  /** Two-sided bootstrap p-value for "no change". */
  pValue: number;
  /** Independent replicates used per side: rounds, or single observations. */
  replicates: [number, number];
  /** What the interval rests on: resampled rounds, single observations, or only the baseline's run history. */
  method: "rounds" | "observations" | "history" | "paired";
}

export interface ChangeOptions {
  seed: number;
  resamples?: number;
  confidence?: number;
}

/** Fewest replicates per side for an interval worth reporting. */
export const MIN_REPLICATES = 3;
/** Observations resampled per side in the single-observation bootstrap (keeps it fast). */
const MAX_OBSERVATIONS = 600;

/**
 * One side of the bootstrap. Resamples whole rounds when the sample set has
 * them: between-round variation is what separates two runs, so it is what the
 * interval must carry. Without rounds every value is taken as an independent
 * observation (e.g. imported per-run times).
 */
type Side =
  | { method: "rounds"; n: number; point: number; perRound: Float64Array; rateScale: number | undefined }
  | { method: "observations"; n: number; point: number; values: number[]; scratch: number[]; estimator: Estimator };

function side(set: SampleSet, estimator: Estimator): Side | undefined {
  const rounds = groupByRound(set);
  if (rounds.length >= MIN_REPLICATES) {
    // Per-round estimates, computed once; the mean of a resampled set of rounds approximates the pooled estimator.
    const perRound = rounds.map((r) => (estimator.kind === "rate" ? mean(r) : estimate(estimator, r)));
    const rateScale = estimator.kind === "rate" ? estimator.scale : undefined;
    const m = mean(perRound);
    return { method: "rounds", n: rounds.length, point: rateScale === undefined ? m : rateScale / m, perRound: Float64Array.from(perRound), rateScale };
  }
  if (set.values.length < MIN_REPLICATES) return undefined;
  const step = Math.max(1, Math.ceil(set.values.length / MAX_OBSERVATIONS));
  const values = set.values.filter((_, i) => i % step === 0);
  return { method: "observations", n: set.values.length, point: estimate(estimator, set.values), values, scratch: new Array<number>(values.length), estimator };
}

/** One bootstrap replicate of a side's estimator; draws exactly as many random numbers as it resamples. */
function draw(s: Side, random: () => number): number {
  if (s.method === "rounds") {
    const { perRound, rateScale } = s;
    const n = perRound.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += perRound[Math.floor(random() * n)]!;
    return rateScale === undefined ? total / n : rateScale / (total / n);
  }
  const { values, scratch } = s;
  for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)]!;
  return estimate(s.estimator, scratch);
}

/** Reused room for the bootstrap ratios (one comparison computes thousands of intervals, one at a time). */
let kept = new Float64Array(2000);

/**
 * Fills `out` with bootstrap ratios current / base and returns how many are
 * finite. Per replicate the current side draws first: the order fixes which
 * random numbers each side gets, and so the seeded results.
 */
function resampleAny(current: Side, base: Side, seed: number, out: Float64Array): number {
  const random = mulberry32(seed);
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    const top = draw(current, random);
    const ratio = top / draw(base, random);
    if (Number.isFinite(ratio)) out[count++] = ratio;
  }
  return count;
}

/**
 * resampleAny for two sides resampled by rounds, the common case and the hot
 * loop of a large comparison: the same random stream and arithmetic, with
 * mulberry32's state kept in a local instead of a closure.
 */
function resampleRounds(current: Extract<Side, { method: "rounds" }>, base: Extract<Side, { method: "rounds" }>, seed: number, out: Float64Array): number {
  const top = current.perRound;
  const bottom = base.perRound;
  const nTop = top.length;
  const nBottom = bottom.length;
  const rateTop = current.rateScale ?? 0;
  const rateBottom = base.rateScale ?? 0;
  // floor(random() * n), exactly: random() is bits * 2^-32, and bits * (n * 2^-32) is the same
  // double (every step is exact: bits * n < 2^53, and scaling by 2^-32 is exact); it lies in
  // [0, n), far below 2^31, so `| 0` floors it.
  const scaleTop = nTop * MULBERRY32_UNIT;
  const scaleBottom = nBottom * MULBERRY32_UNIT;
  let state = seed | 0;
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    let totalTop = 0;
    for (let j = 0; j < nTop; j++) {
      state = mulberry32Next(state);
      totalTop += top[(mulberry32Bits(state) * scaleTop) | 0]!;
    }
    let totalBottom = 0;
    for (let j = 0; j < nBottom; j++) {
      state = mulberry32Next(state);
      totalBottom += bottom[(mulberry32Bits(state) * scaleBottom) | 0]!;
    }
    const t = rateTop === 0 ? totalTop / nTop : rateTop / (totalTop / nTop);
    const ratio = t / (rateBottom === 0 ? totalBottom / nBottom : rateBottom / (totalBottom / nBottom));
    if (Number.isFinite(ratio)) out[count++] = ratio;
  }
  return count;
}

/** Linear-interpolated percentile, as over the sorted values, found by selection. May reorder `values`. */
function percentile(values: Float64Array, p: number): number {
  const pos = (values.length - 1) * p;
  const lo = Math.floor(pos);
  const [low, next] = neighbouringOrderStatistics(values, lo);
  const high = Math.ceil(pos) === lo ? low : next;
  return low + (high - low) * (pos - lo);
}

/**
 * Confidence interval and p-value of the relative change between two sample
 * sets under one estimator; undefined when either side has too few replicates.
 */
export function estimateChange(base: SampleSet, current: SampleSet, estimator: Estimator, options: ChangeOptions): ChangeEstimate | undefined {
  const a = side(base, estimator);
  const b = side(current, estimator);
  if (!a || !b || a.method !== b.method) return undefined;
  // Location from the statistic over all values (what the table shows); spread from the bootstrap.
  const baseValue = estimate(estimator, base.values);
  const currentValue = estimate(estimator, current.values);
  // Zero on either side (all-zero samples) leaves no ratio to resample: no interval, not [-∞%, -∞%].
  if (!(baseValue > 0) || !(currentValue > 0) || !(a.point > 0) || !(b.point > 0)) return undefined;
  const resamples = options.resamples ?? 2000;
  if (kept.length < resamples) kept = new Float64Array(resamples);
  const out = kept.subarray(0, resamples);
  const count = a.method === "rounds" && b.method === "rounds" ? resampleRounds(b, a, options.seed, out) : resampleAny(b, a, options.seed, out);
  if (count < resamples / 2) return undefined;
  const ratios = out.subarray(0, count);
  let below = 0;
  let above = 0;
  for (let i = 0; i < count; i++) {
    if (ratios[i]! <= 1) below++;
    if (ratios[i]! >= 1) above++;
  }
  const alpha = 1 - (options.confidence ?? 0.95);
  const pValue = Math.min(1, (2 * (Math.min(below, above) + 1)) / (ratios.length + 1));
  const ratio = currentValue / baseValue;
  // Re-centre the bootstrap's relative spread on the overall ratio, so the interval always brackets it.
  const centre = b.point / a.point;
  const interval: [number, number] = [(ratio * percentile(ratios, alpha / 2)) / centre - 1, (ratio * percentile(ratios, 1 - alpha / 2)) / centre - 1];
  if (!interval.every(Number.isFinite)) return undefined;
  return {
    change: ratio - 1,
    interval,
    pValue,
    replicates: [a.n, b.n],
    method: a.method,
  };
}
