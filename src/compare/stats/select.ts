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
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
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

/** The `k`-th and `k+1`-th smallest of `a` by quickselect (the second is the first when `k` is the last index). */
function bySelection(a: Float64Array, k: number): [number, number] {
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
  if (n < 8 * SAMPLE) return bySelection(a, k);
  const sample = new Float64Array(SAMPLE);
  for (let i = 0; i < SAMPLE; i++) sample[i] = a[Math.floor((i * n) / SAMPLE)]!;
  sample.sort();
  const rank = ((k + 0.5) * SAMPLE) / n;
  const loRank = Math.floor(rank) - MARGIN;
  const hiRank = Math.ceil(rank) + MARGIN;
  const low = loRank < 0 ? -Infinity : sample[loRank]!;
  const high = hiRank >= SAMPLE ? Infinity : sample[hiRank]!;
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
