/**
 * Order statistics without sorting. A percentile needs two neighbouring order
 * statistics, not a sorted array; a comparison of 10,000 metrics takes 20,000
 * bootstrap percentiles, and sorting 2,000 ratios for each costs more than
 * the bootstrap.
 */

/** Rearranges `a[from..to]` so that `a[k]` holds the value it would hold were that range sorted (quickselect). */
function selectInPlace(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot: sorted or constant input stays linear.
    const x = a[lo]!,
      y = a[mid]!,
      z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Ranks this close to either end are found by one pass keeping the few values beyond them. */
const NEAR_END = 16;
const beyond = new Float64Array(NEAR_END + 1);

/**
 * The `k`-th and `k+1`-th smallest of `a` when `k` is within NEAR_END of an
 * end (a p95 or p99 of a round's values): one pass keeps, sorted, the
 * `count` largest (or smallest) values seen, where quickselect would partition
 * the whole array several times. Undefined when a NaN or a zero is involved:
 * quickselect then decides, so even the sign of a zero comes out as before.
 */
function nearEnd(a: Float64Array, k: number): [number, number] | undefined {
  const n = a.length;
  const top = n - k <= NEAR_END;
  if (!top && k + 2 > NEAR_END) return undefined;
  // Top: the n - k largest, ascending (beyond[0] is the k-th smallest). Bottom: the k + 2 smallest, ascending.
  const count = top ? n - k : Math.min(k + 2, n);
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v !== v) return undefined;
    if (filled < count) {
      let j = filled++;
      while (j > 0 && beyond[j - 1]! > v) {
        beyond[j] = beyond[j - 1]!;
        j--;
      }
      beyond[j] = v;
    } else if (top ? v > beyond[0]! : v < beyond[count - 1]!) {
      if (top) {
        let j = 0;
        while (j + 1 < count && beyond[j + 1]! < v) {
          beyond[j] = beyond[j + 1]!;
          j++;
        }
        beyond[j] = v;
      } else {
        let j = count - 1;
        while (j > 0 && beyond[j - 1]! > v) {
          beyond[j] = beyond[j - 1]!;
          j--;
        }
        beyond[j] = v;
      }
    }
  }
  const at = top ? 0 : k;
  const low = beyond[at]!;
  const high = k === n - 1 ? low : beyond[at + 1]!;
  return low === 0 || high === 0 ? undefined : [low, high];
}

/** The `k`-th and `k+1`-th smallest of `a` by quickselect (the second is the first when `k` is the last index). May reorder `a`. */
export function bySelection(a: Float64Array, k: number): [number, number] {
  const near = nearEnd(a, k);
  if (near) return near;
  const last = a.length - 1;
  selectInPlace(a, k, 0, last);
  if (k === last) return [a[k]!, a[k]!];
  let next = a[k + 1]!;
  for (let i = k + 2; i <= last; i++) if (a[i]! < next) next = a[i]!;
  return [a[k]!, next];
}

const SAMPLE = 64;
/** Sample ranks either side of the target that the window spans. */
const MARGIN = 3;
let window = new Float64Array(256);
let upperWindow = new Float64Array(256);
const sample = new Float64Array(SAMPLE);

/** Sorts into `sample` 64 values of `a` at evenly spaced positions. */
function takeSample(a: Float64Array): void {
  const n = a.length;
  for (let i = 0; i < SAMPLE; i++) sample[i] = a[Math.floor((i * n) / SAMPLE)]!;
  sample.sort();
}

/** Fewest values for which a sample brackets the target (fewer are selected directly). */
export const BRACKETED = 8 * SAMPLE;

/** Sample ranks this close to either end are found without sorting the sample. */
const SAMPLE_END = 8;
const lowest = new Float64Array(SAMPLE_END);
const highest = new Float64Array(SAMPLE_END);

/**
 * Puts into `sample` the SAMPLE_END smallest and the SAMPLE_END largest of the
 * values takeSample would take, at the ranks sorting gives them (the ranks
 * between are left as they were): a bootstrap interval's ends lie near both
 * ends of its ratios, and one pass keeping a few values costs less than the
 * sort. False, with nothing done, when a value is NaN (the sort decides).
 */
function takeSampleEnds(a: Float64Array): boolean {
  const n = a.length;
  for (let i = 0; i < SAMPLE; i++) {
    const v = a[Math.floor((i * n) / SAMPLE)]!;
    if (v !== v) return false;
    // The smallest so far, ascending: v goes in when there is room or it is below the largest kept.
    if (i < SAMPLE_END || v < lowest[SAMPLE_END - 1]!) {
      let j = Math.min(i, SAMPLE_END - 1);
      while (j > 0 && lowest[j - 1]! > v) {
        lowest[j] = lowest[j - 1]!;
        j--;
      }
      lowest[j] = v;
    }
    // The largest so far, ascending, filled from the top end: v goes in when there is room or it is above the smallest kept.
    if (i < SAMPLE_END || v > highest[0]!) {
      let j = Math.max(SAMPLE_END - 1 - i, 0);
      while (j + 1 < SAMPLE_END && highest[j + 1]! < v) {
        highest[j] = highest[j + 1]!;
        j++;
      }
      highest[j] = v;
    }
  }
  sample.set(lowest, 0);
  sample.set(highest, SAMPLE - SAMPLE_END);
  return true;
}

/** Sample ranks that likely bracket the `k`-th smallest of `n` values (outside 0..SAMPLE - 1 where the sample ends). */
function bracketRanks(k: number, n: number): [number, number] {
  const rank = ((k + 0.5) * SAMPLE) / n;
  return [Math.floor(rank) - MARGIN, Math.ceil(rank) + MARGIN];
}

const nearSampleEnd = (rank: number): boolean => rank < SAMPLE_END || rank >= SAMPLE - SAMPLE_END;

/**
 * For arrays of BRACKETED values or more: values of a sorted sample of `a`
 * that likely bracket its `k`-th and its `m`-th smallest values, as
 * [below k, above k, below m, above m] (infinite where the sample ends).
 */
export function sampleBrackets(a: Float64Array, k: number, m: number): [number, number, number, number] {
  const n = a.length;
  const [loK, hiK] = bracketRanks(k, n);
  const [loM, hiM] = bracketRanks(m, n);
  if (!(nearSampleEnd(loK) && nearSampleEnd(hiK) && nearSampleEnd(loM) && nearSampleEnd(hiM) && takeSampleEnds(a))) takeSample(a);
  return [sampleAt(loK, -Infinity), sampleAt(hiK, Infinity), sampleAt(loM, -Infinity), sampleAt(hiM, Infinity)];
}

/** The sorted sample's value at `rank`, or `beyond` past its ends. */
function sampleAt(rank: number, beyond: number): number {
  return rank < 0 || rank >= SAMPLE ? beyond : sample[rank]!;
}

/** Values of the sorted sample that likely bracket the `k`-th smallest of `n` values. */
function bracket(k: number, n: number): [number, number] {
  const [lo, hi] = bracketRanks(k, n);
  return [sampleAt(lo, -Infinity), sampleAt(hi, Infinity)];
}

/**
 * The `k`-th and `k+1`-th smallest values of `a` (0-based; the second is the
 * first when `k` is the last index). May reorder `a`.
 *
 * Large arrays: a sorted sample of 64 values brackets the target; one pass
 * counts the values below the bracket and gathers those inside it, and a
 * quickselect among those few finds the answer. When the bracket misses (rare
 * for values in random order), a quickselect over all of `a` does.
 */
export function neighbouringOrderStatistics(a: Float64Array, k: number): [number, number] {
  const n = a.length;
  if (n < BRACKETED) return bySelection(a, k);
  takeSample(a);
  const [low, high] = bracket(k, n);
  let below = 0;
  let inside = 0;
  if (window.length < n) window = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < low) below++;
    else if (v <= high) window[inside++] = v;
  }
  const need = k === n - 1 ? 1 : 2;
  if (below > k || below + inside < k + need) return bySelection(a, k);
  return bySelection(window.subarray(0, inside), k - below);
}

/**
 * The neighbouring order statistics at two ranks, `k` and `m` (k <= m): the
 * `k`-th, `k+1`-th, `m`-th and `m+1`-th smallest values of `a`, as
 * neighbouringOrderStatistics gives them. May reorder `a`.
 *
 * A bootstrap interval needs both tails of the same replicates: one pass
 * gathers the values in both brackets (most values lie between them and cost
 * three comparisons), where two calls would read the array twice.
 */
export function twoNeighbouringOrderStatistics(a: Float64Array, k: number, m: number): [number, number, number, number] {
  const n = a.length;
  if (n >= BRACKETED) {
    const [lowA, highA, lowB, highB] = sampleBrackets(a, k, m);
    if (highA < lowB) {
      if (window.length < n) window = new Float64Array(n);
      if (upperWindow.length < n) upperWindow = new Float64Array(n);
      let belowA = 0;
      let insideA = 0;
      let insideB = 0;
      let aboveB = 0;
      for (let i = 0; i < n; i++) {
        const v = a[i]!;
        if (v < lowA) belowA++;
        else if (v <= highA) window[insideA++] = v;
        else if (v < lowB) continue;
        else if (v <= highB) upperWindow[insideB++] = v;
        else aboveB++;
      }
      const belowB = n - insideB - aboveB;
      const needA = k === n - 1 ? 1 : 2;
      const needB = m === n - 1 ? 1 : 2;
      if (belowA <= k && belowA + insideA >= k + needA && belowB <= m && belowB + insideB >= m + needB) {
        const [a0, a1] = bySelection(window.subarray(0, insideA), k - belowA);
        const [b0, b1] = bySelection(upperWindow.subarray(0, insideB), m - belowB);
        return [a0, a1, b0, b1];
      }
    }
  }
  const [a0, a1] = neighbouringOrderStatistics(a, k);
  const [b0, b1] = neighbouringOrderStatistics(a, m);
  return [a0, a1, b0, b1];
}
