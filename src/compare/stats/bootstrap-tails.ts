import { KERNEL_RESULTS } from "./bootstrap-rounds.ts";
import { align16, bootstrapKernel } from "./kernel.ts";
import { BRACKETED, bySelection, sampleBrackets, twoNeighbouringOrderStatistics } from "./select.ts";

/** What a bootstrap's percentile interval needs from its ratios: the order statistics at rank kLow and the next, and at kHigh and the next. */
export interface Tails {
  low: [number, number];
  high: [number, number];
}

/** Both ends by selection in JavaScript. May reorder `ratios`. */
export function bootstrapTailsScalar(ratios: Float64Array, kLow: number, kHigh: number): Tails {
  const [a, b, c, d] = twoNeighbouringOrderStatistics(ratios, kLow, kHigh);
  return { low: [a, b], high: [c, d] };
}

/**
 * Both ends of the interval from the bootstrap ratios (kLow <= kHigh), as
 * bootstrapTailsScalar gives them: one branch-free pass of the kernel gathers
 * the values that a sample says bracket each end, and a selection among those
 * few finishes. May reorder `ratios`, and may move the kernel's memory (views
 * of it from before are then void).
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
  const belowA = words[0]!;
  const insideA = words[1]!;
  const insideB = words[2]!;
  const belowB = n - insideB - words[3]!;
  const enough = (below: number, inside: number, rank: number) => below <= rank && below + inside >= rank + (rank === n - 1 ? 1 : 2);
  if (!enough(belowA, insideA, kLow) || !enough(belowB, insideB, kHigh)) {
    // The sample missed (rare for values in random order): select over all of them.
    return bootstrapTailsScalar(floats.subarray(at / 8, at / 8 + n), kLow, kHigh);
  }
  return {
    low: bySelection(floats.subarray(windowA / 8, windowA / 8 + insideA), kLow - belowA),
    high: bySelection(floats.subarray(windowB / 8, windowB / 8 + insideB), kHigh - belowB),
  };
}
