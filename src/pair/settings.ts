import type { PairSpec } from "../config/schema.ts";

/** The measuring settings of the config's `pair` section. */
export function pairSettingsOf(spec: PairSpec): PairSettings {
  return { rounds: spec.rounds, batch: spec.batch, warmup: spec.warmup, restartEvery: spec.restartEvery };
}

/** How a paired measurement runs; from the config's `pair` section. */
export interface PairSettings {
  /** Rounds of base+head batches per function task: at least `min`, at most `max`. */
  rounds: { min: number; max: number };
  /** Milliseconds of one batch (one side, one task, one round). */
  batch: number;
  /** Milliseconds of warm-up per task and side in each new pair of worker processes. */
  warmup: number;
  /** Rounds measured by one pair of worker processes before a fresh pair takes over. */
  restartEvery: number;
}

export interface PairClock {
  now: () => number;
  /** Time (per `now`) by which measuring must stop; unsettled metrics stay inconclusive. */
  deadline: number;
  random: () => number;
}

/** Fisher-Yates shuffle of a copy, with the given source of randomness. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type Side = "base" | "head";

/** Both sides in a random order: whichever goes first is a coin toss each time. */
export function sideOrder(random: () => number): [Side, Side] {
  return random() < 0.5 ? ["base", "head"] : ["head", "base"];
}
