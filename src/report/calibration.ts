import type { Calibration } from "./schema.ts";

/** The name of the fixed workload timed alongside every run (measure/calibration.ts). */
export const CALIBRATION_WORKLOAD = "sort-and-hash-v1";

/**
 * One calibration from several timed at different moments of a run: all
 * samples, and the fastest as the value. Noise only ever adds time to a fixed
 * workload (a cold JIT at start-up, a busy neighbour), so the best of many is
 * the steadiest reading of the machine's speed: measured here, medians moved
 * by ±20% between runs of one machine, minima by ±5%.
 */
export function mergeCalibrations(...parts: Calibration[]): Calibration {
  return calibrationOf(parts.flatMap((p) => p.samples));
}

/** A calibration from its timed samples: the fastest is the value. */
export function calibrationOf(samples: number[]): Calibration {
  return { workload: CALIBRATION_WORKLOAD, samples, value: samples.reduce((a, b) => Math.min(a, b)) };
}
