import { align16, bootstrapKernel } from "./kernel.ts";
import { MULBERRY32_UNIT, mulberry32Bits, mulberry32Next, mulberry32Skip } from "./random.ts";

/**
 * The bootstrap over rounds, the hot loop of a large comparison: per
 * replicate, the current side draws its rounds first, then the baseline; each
 * side's estimate is the mean of the drawn per-round values (or `rate / mean`
 * for a rate, `rate` 0 otherwise), and the replicate is the ratio current /
 * baseline. The draws are mulberry32(seed) as `Math.floor(random() * n)`,
 * so the ratios, and the seeded results that rest on them, never depend on
 * which implementation ran.
 */
export interface RoundsSide {
  perRound: Float64Array;
  /** `scale` of a rate estimator, else 0. */
  rate: number;
}

/** The finite ratios of a bootstrap, with how many are <= 1 and >= 1 (the p-value's counts). */
export interface Replicates {
  ratios: Float64Array;
  atMostOne: number;
  atLeastOne: number;
}

/** The counts of Replicates for some ratios. */
export function replicatesOf(ratios: Float64Array): Replicates {
  let atMostOne = 0;
  let atLeastOne = 0;
  for (let i = 0; i < ratios.length; i++) {
    if (ratios[i]! <= 1) atMostOne++;
    if (ratios[i]! >= 1) atLeastOne++;
  }
  return { ratios, atMostOne, atLeastOne };
}

/** The JavaScript loop: fills `out` with the finite ratios and returns how many. */
export function resampleRoundsScalar(current: RoundsSide, base: RoundsSide, seed: number, out: Float64Array): number {
  const top = current.perRound;
  const bottom = base.perRound;
  const nTop = top.length;
  const nBottom = bottom.length;
  const rateTop = current.rate;
  const rateBottom = base.rate;
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

/** Draws per call of the kernel (whole replicates): the address buffer stays within a few hundred KiB. */
const DRAWS_PER_STRETCH = 1 << 16;
/** Bytes at the start of the kernel's memory kept for the counts its functions return. */
export const KERNEL_RESULTS = 64;

/**
 * The same ratios as `resampleRoundsScalar`, from the WebAssembly kernel:
 * a view of the finite ratios in the kernel's memory, valid until the next
 * use of the kernel; undefined where the kernel is not available.
 */
export function resampleRoundsKernel(current: RoundsSide, base: RoundsSide, seed: number, replicates: number): Replicates | undefined {
  const k = bootstrapKernel();
  if (!k) return undefined;
  const nTop = current.perRound.length;
  const nBottom = base.perRound.length;
  const period = nTop + nBottom;
  const perStretch = Math.max(1, Math.floor(DRAWS_PER_STRETCH / period));
  // Layout: both sides' values, the per-draw pattern of round counts and value addresses, the addresses drawn, the ratios.
  const top = KERNEL_RESULTS;
  const bottom = top + 8 * nTop;
  const patternN = align16(bottom + 8 * nBottom);
  const patternBase = align16(patternN + 4 * (period + 3));
  const addresses = align16(patternBase + 4 * (period + 3));
  const ratios = align16(addresses + 4 * (Math.min(perStretch, replicates) * period + 4));
  const { floats, words } = k.room(ratios + 8 * replicates);
  floats.set(current.perRound, top / 8);
  floats.set(base.perRound, bottom / 8);
  for (let i = 0; i < period + 3; i++) {
    const j = i % period;
    words[patternN / 4 + i] = j < nTop ? nTop : nBottom;
    words[patternBase / 4 + i] = j < nTop ? top : bottom;
  }
  let state = seed | 0;
  let count = 0;
  let atMostOne = 0;
  let atLeastOne = 0;
  for (let done = 0; done < replicates; done += perStretch) {
    const now = Math.min(perStretch, replicates - done);
    const draws = now * period;
    k.indices(state, (draws + 3) & ~3, patternN, patternBase, period, addresses);
    count += k.sums(addresses, nTop, nBottom, now, current.rate, base.rate, ratios + 8 * count, 0);
    atMostOne += words[0]!;
    atLeastOne += words[1]!;
    state = mulberry32Skip(state, draws);
  }
  return { ratios: floats.subarray(ratios / 8, ratios / 8 + count), atMostOne, atLeastOne };
}

/** Reused room for the scalar loop's ratios. */
let room = new Float64Array(2000);

/** The bootstrap replicates over rounds (the ratios are a view, valid until the next use of either implementation). */
export function resampleRounds(current: RoundsSide, base: RoundsSide, seed: number, replicates: number): Replicates {
  const fast = resampleRoundsKernel(current, base, seed, replicates);
  if (fast) return fast;
  if (room.length < replicates) room = new Float64Array(replicates);
  return replicatesOf(room.subarray(0, resampleRoundsScalar(current, base, seed, room.subarray(0, replicates))));
}
