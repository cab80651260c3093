import { KERNEL_RESULTS } from "./bootstrap-rounds.ts";
import { align16, bootstrapKernel } from "./kernel.ts";
import { BRACKETED, bySelection, sampleBrackets, twoNeighbouringOrderStatistics } from "./select.ts";

/** What a bootstrap's p-value and percentile interval need from its ratios. */
export interface Tails {
  /** Ratios <= 1 and >= 1 (no change lies between them). */
  atMostOne: number;
  atLeastOne: number;
  /** The order statistics at rank kLow and the next, and at kHigh and the next (as twoNeighbouringOrderStatistics). */
  low: [number, number];
  high: [number, number];
}

/** The JavaScript pass: counts, then both ends by selection. May reorder `ratios`. */
export function bootstrapTailsScalar(ratios: Float64Array, kLow: number, kHigh: number): Tails {
  let atMostOne = 0;
  let atLeastOne = 0;
  for (let i = 0; i < ratios.length; i++) {
    if (ratios[i]! <= 1) atMostOne++;
    if (ratios[i]! >= 1) atLeastOne++;
  }
  const [a, b, c, d] = twoNeighbouringOrderStatistics(ratios, kLow, kHigh);
  return { atMostOne, atLeastOne, low: [a, b], high: [c, d] };
}

/**
 * Counts and both ends of the interval from the bootstrap ratios (kLow <=
 * kHigh), in one branch-free pass of the kernel that also gathers the values
 * bracketing each end; a selection among those few finishes. May reorder
 * `ratios`, and may move the kernel's memory (views of it from before are then void).
 */
export function bootstrapTails(ratios: Float64Array, kLow: number, kHigh: number): Tails {
  const k = bootstrapKernel();
  const n = ratios.length;
  if (!k || n < BRACKETED) return bootstrapTailsScalar(ratios, kLow, kHigh);
  const [lowA, highA, lowB, highB] = sampleBrackets(ratios, kLow, kHigh);
  // The ratios stay where the round bootstrap left them in the kernel's memory, or are copied in.
  const inKernel = ratios.buffer === k.room(0).buffer;
  const at = inKernel ? ratios.byteOffset : KERNEL_RESULTS;
  const windowA = align16(at + 8 * n);
  const windowB = align16(windowA + 8 * (n + 1));
  const { floats, words } = k.room(windowB + 8 * (n + 1));
  if (!inKernel) floats.set(ratios, at / 8);
  k.tails(at, n, lowA, highA, lowB, highB, windowA, windowB, 0);
  const [atMostOne, atLeastOne, belowA, insideA, insideB, aboveB] = words.subarray(0, 6);
  const belowB = n - insideB! - aboveB!;
  const enough = (below: number, inside: number, rank: number) => below <= rank && below + inside >= rank + (rank === n - 1 ? 1 : 2);
  if (!enough(belowA!, insideA!, kLow) || !enough(belowB, insideB!, kHigh)) {
    // The sample missed (rare for values in random order): select over all of them.
    const [a, b, c, d] = twoNeighbouringOrderStatistics(floats.subarray(at / 8, at / 8 + n), kLow, kHigh);
    return { atMostOne: atMostOne!, atLeastOne: atLeastOne!, low: [a, b], high: [c, d] };
  }
  return {
    atMostOne: atMostOne!,
    atLeastOne: atLeastOne!,
    low: bySelection(floats.subarray(windowA / 8, windowA / 8 + insideA!), kLow - belowA!),
    high: bySelection(floats.subarray(windowB / 8, windowB / 8 + insideB!), kHigh - belowB),
  };
}
