import { mean } from "simple-statistics";
import type { Estimator, SampleSet } from "../../report/schema.ts";
import { estimate, perRoundEstimates } from "./estimate.ts";
import { type Replicates, replicatesOf, resampleRounds, type RoundsSide } from "./bootstrap-rounds.ts";
import { mulberry32 } from "./random.ts";
import { bootstrapTails, type Tails } from "./bootstrap-tails.ts";

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

const MEAN: Estimator = { kind: "mean" };

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
type Side = ({ method: "rounds" } & RoundsSide) | Observations;
interface Observations {
  method: "observations";
  n: number;
  point: number;
  values: number[];
  scratch: number[];
  estimator: Estimator;
}

function side(set: SampleSet, estimator: Estimator): (Side & { n: number; point: number }) | undefined {
  // Per-round estimates, computed once (a rate's are mean times); the mean of a resampled set of rounds approximates the pooled estimator.
  const perRound = perRoundEstimates(set, estimator.kind === "rate" ? MEAN : estimator);
  if (perRound.length >= MIN_REPLICATES) {
    const rate = estimator.kind === "rate" ? estimator.scale : 0;
    const m = mean(perRound);
    return { method: "rounds", n: perRound.length, point: rate === 0 ? m : rate / m, perRound: new Float64Array(perRound), rate };
  }
  if (set.values.length < MIN_REPLICATES) return undefined;
  const step = Math.max(1, Math.ceil(set.values.length / MAX_OBSERVATIONS));
  const values = set.values.filter((_, i) => i % step === 0);
  return { method: "observations", n: set.values.length, point: estimate(estimator, set.values), values, scratch: new Array<number>(values.length), estimator };
}

/** One bootstrap replicate of a side's estimator over single observations; draws exactly as many random numbers as it resamples. */
function draw(s: Observations, random: () => number): number {
  const { values, scratch } = s;
  for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)]!;
  return estimate(s.estimator, scratch);
}

/** Reused room for the single-observation bootstrap's ratios. */
let kept = new Float64Array(2000);

/**
 * Fills `out` with bootstrap ratios current / base over single observations
 * and returns how many are finite. Per replicate the current side draws
 * first: the order fixes which random numbers each side gets, and so the
 * seeded results (the round bootstrap keeps the same order).
 */
function resampleObservations(current: Observations, base: Observations, seed: number, out: Float64Array): number {
  const random = mulberry32(seed);
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    const top = draw(current, random);
    const ratio = top / draw(base, random);
    if (Number.isFinite(ratio)) out[count++] = ratio;
  }
  return count;
}

/** The bootstrap replicates current / base (the ratios are a view into reused memory, valid until the next call). */
function resample(current: Side, base: Side, seed: number, resamples: number): Replicates {
  if (current.method === "rounds" && base.method === "rounds") return resampleRounds(current, base, seed, resamples);
  if (current.method !== "observations" || base.method !== "observations") throw new Error("both sides of a bootstrap resample alike");
  if (kept.length < resamples) kept = new Float64Array(resamples);
  return replicatesOf(kept.subarray(0, resampleObservations(current, base, seed, kept.subarray(0, resamples))));
}

/** Linear-interpolated percentile at `pos` (a fractional rank) from the order statistics at floor(pos) and the next. */
function interpolate(pos: number, low: number, next: number): number {
  const lo = Math.floor(pos);
  const high = Math.ceil(pos) === lo ? low : next;
  return low + (high - low) * (pos - lo);
}

/** A round bootstrap to run: both sides' per-round estimates (current first), its seed, size and confidence. */
export interface RoundsJob {
  current: RoundsSide;
  base: RoundsSide;
  seed: number;
  resamples: number;
  confidence: number;
}

/** What an interval needs from a bootstrap: the finite ratios' count and p-value counts, and the order statistics at both ends. */
export interface BootstrapOutcome {
  count: number;
  atMostOne: number;
  atLeastOne: number;
  /** Absent when fewer than half the replicates were finite (no interval). */
  tails?: Tails;
}

/** The fractional ranks of a percentile interval's ends among `count` sorted ratios. */
function interval(count: number, confidence: number): { posLow: number; posHigh: number } {
  const alpha = 1 - confidence;
  return { posLow: (count - 1) * (alpha / 2), posHigh: (count - 1) * (1 - alpha / 2) };
}

/** Counts and both ends (by selection: linear-interpolated percentiles, as over the sorted ratios) of some replicates. */
function outcomeOf({ ratios, atMostOne, atLeastOne }: Replicates, resamples: number, confidence: number): BootstrapOutcome {
  const count = ratios.length;
  if (count < resamples / 2) return { count, atMostOne, atLeastOne };
  const { posLow, posHigh } = interval(count, confidence);
  return { count, atMostOne, atLeastOne, tails: bootstrapTails(ratios, Math.floor(posLow), Math.floor(posHigh)) };
}

/** Runs one round bootstrap: what estimateChange does between planning and finishing, and what a batch of them spreads over threads. */
export function runRoundsJob(job: RoundsJob): BootstrapOutcome {
  return outcomeOf(resampleRounds(job.current, job.base, job.seed, job.resamples), job.resamples, job.confidence);
}

/**
 * A change estimate in two steps: the round bootstrap it needs, if any, and
 * the estimate from that bootstrap's outcome. A comparison plans every
 * metric first, so that the bootstraps (most of its time) can run as one batch.
 */
export interface ChangePlan {
  job?: RoundsJob;
  /** The estimate, from the job's outcome (none is needed without a job). */
  finish(outcome?: BootstrapOutcome): ChangeEstimate | undefined;
}

const NO_ESTIMATE: ChangePlan = { finish: () => undefined };

/** Plans the confidence interval and p-value of the relative change between two sample sets under one estimator. */
export function planChange(base: SampleSet, current: SampleSet, estimator: Estimator, options: ChangeOptions): ChangePlan {
  const a = side(base, estimator);
  const b = side(current, estimator);
  if (!a || !b || a.method !== b.method) return NO_ESTIMATE;
  // Location from the statistic over all values (what the table shows); spread from the bootstrap.
  const baseValue = estimate(estimator, base.values);
  const currentValue = estimate(estimator, current.values);
  // Zero on either side (all-zero samples) leaves no ratio to resample: no interval, not [-∞%, -∞%].
  if (!(baseValue > 0) || !(currentValue > 0) || !(a.point > 0) || !(b.point > 0)) return NO_ESTIMATE;
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const finish = (outcome: BootstrapOutcome | undefined): ChangeEstimate | undefined => {
    if (!outcome?.tails) return undefined;
    const { count, atMostOne, atLeastOne, tails } = outcome;
    const { posLow, posHigh } = interval(count, confidence);
    const pValue = Math.min(1, (2 * (Math.min(atMostOne, atLeastOne) + 1)) / (count + 1));
    const ratio = currentValue / baseValue;
    // Re-centre the bootstrap's relative spread on the overall ratio, so the interval always brackets it.
    const centre = b.point / a.point;
    const bounds: [number, number] = [(ratio * interpolate(posLow, ...tails.low)) / centre - 1, (ratio * interpolate(posHigh, ...tails.high)) / centre - 1];
    if (!bounds.every(Number.isFinite)) return undefined;
    return { change: ratio - 1, interval: bounds, pValue, replicates: [a.n, b.n], method: a.method };
  };
  if (a.method === "rounds" && b.method === "rounds") return { job: { current: b, base: a, seed: options.seed, resamples, confidence }, finish };
  // Single observations: resampled now (a comparison of many metrics resamples rounds).
  const outcome = outcomeOf(resample(b, a, options.seed, resamples), resamples, confidence);
  return { finish: () => finish(outcome) };
}

/**
 * Confidence interval and p-value of the relative change between two sample
 * sets under one estimator; undefined when either side has too few replicates.
 */
export function estimateChange(base: SampleSet, current: SampleSet, estimator: Estimator, options: ChangeOptions): ChangeEstimate | undefined {
  const plan = planChange(base, current, estimator, options);
  return plan.finish(plan.job && runRoundsJob(plan.job));
}
