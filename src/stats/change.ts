import { mean } from "simple-statistics";
import type { Estimator, SampleSet } from "../report.ts";
import { estimate, groupByRound } from "./estimate.ts";
import { mulberry32 } from "./random.ts";

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

type Resampler = (random: () => number) => number;

/**
 * Resamples whole rounds when the sample set has them: between-round variation
 * is what separates two runs, so it is what the interval must carry. Without
 * rounds every value is taken as an independent observation (e.g. imported
 * per-run times).
 */
function resampler(set: SampleSet, estimator: Estimator): { draw: Resampler; point: number; n: number; method: ChangeEstimate["method"] } | undefined {
  const rounds = groupByRound(set);
  if (rounds.length >= MIN_REPLICATES) {
    // Per-round estimates; the mean of a resampled set of rounds approximates the pooled estimator.
    const perRound = rounds.map((r) => (estimator.kind === "rate" ? mean(r) : estimate(estimator, r)));
    const finish = (m: number) => (estimator.kind === "rate" ? estimator.scale / m : m);
    return {
      n: rounds.length,
      method: "rounds",
      point: finish(mean(perRound)),
      draw: (random) => {
        let total = 0;
        for (let i = 0; i < perRound.length; i++) total += perRound[Math.floor(random() * perRound.length)]!;
        return finish(total / perRound.length);
      },
    };
  }
  if (set.values.length < MIN_REPLICATES) return undefined;
  const step = Math.max(1, Math.ceil(set.values.length / MAX_OBSERVATIONS));
  const values = set.values.filter((_, i) => i % step === 0);
  const scratch = new Array<number>(values.length);
  return {
    n: set.values.length,
    method: "observations",
    point: estimate(estimator, set.values),
    draw: (random) => {
      for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)]!;
      return estimate(estimator, scratch);
    },
  };
}

function percentile(sorted: number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  return sorted[lo]! + (sorted[Math.ceil(pos)]! - sorted[lo]!) * (pos - lo);
}

/**
 * Confidence interval and p-value of the relative change between two sample
 * sets under one estimator; undefined when either side has too few replicates.
 */
export function estimateChange(base: SampleSet, current: SampleSet, estimator: Estimator, options: ChangeOptions): ChangeEstimate | undefined {
  const a = resampler(base, estimator);
  const b = resampler(current, estimator);
  if (!a || !b || a.method !== b.method) return undefined;
  // Location from the statistic over all values (what the table shows); spread from the bootstrap.
  const baseValue = estimate(estimator, base.values);
  const currentValue = estimate(estimator, current.values);
  // Zero on either side (all-zero samples) leaves no ratio to resample: no interval, not [-∞%, -∞%].
  if (!(baseValue > 0) || !(currentValue > 0) || !(a.point > 0) || !(b.point > 0)) return undefined;
  const random = mulberry32(options.seed);
  const resamples = options.resamples ?? 2000;
  const ratios: number[] = [];
  let below = 0;
  let above = 0;
  for (let i = 0; i < resamples; i++) {
    const ratio = b.draw(random) / a.draw(random);
    if (!Number.isFinite(ratio)) continue;
    ratios.push(ratio);
    if (ratio <= 1) below++;
    if (ratio >= 1) above++;
  }
  if (ratios.length < resamples / 2) return undefined;
  ratios.sort((x, y) => x - y);
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
