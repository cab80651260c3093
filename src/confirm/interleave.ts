import type { Report } from "../report.ts";

export type Side = "base" | "head";

export interface InterleaveOptions {
  /** Rounds wanted; each round measures base and head once, in random order. */
  rounds: number;
  /** Rounds needed for a usable answer; fewer when the budget runs out means "exhausted". */
  minRounds: number;
  budgetMs: number;
  now: () => number;
  random: () => number;
  measure: (side: Side, round: number) => Promise<Report>;
  progress?: (line: string) => void;
}

export interface Interleaved {
  base: Report[];
  head: Report[];
  /** Order the runs happened in, e.g. ["head", "base", "base", "head"]. */
  order: Side[];
  /** True when the time budget stopped the rounds before `minRounds`. */
  exhausted: boolean;
}

/**
 * Measures base and head alternately on the same machine, in a random order within
 * each round, so that drift of the machine (thermal, noisy neighbours) hits both alike.
 */
export async function interleave(options: InterleaveOptions): Promise<Interleaved> {
  const result: Interleaved = { base: [], head: [], order: [], exhausted: false };
  const started = options.now();
  let roundMs = 0;
  for (let round = 0; round < options.rounds; round++) {
    const elapsed = options.now() - started;
    // Stop before a round that would overrun the budget, judging by the slowest round so far.
    if (round > 0 && elapsed + roundMs > options.budgetMs) break;
    const roundStart = options.now();
    const order: Side[] = options.random() < 0.5 ? ["base", "head"] : ["head", "base"];
    for (const side of order) {
      options.progress?.(`confirm: round ${round + 1}/${options.rounds}, ${side}`);
      result[side].push(await options.measure(side, round));
      result.order.push(side);
    }
    roundMs = Math.max(roundMs, options.now() - roundStart);
  }
  result.exhausted = result.base.length < options.minRounds;
  return result;
}
