/** Stored samples per sample set are capped near this many: the distribution is kept, the Report stays small. */
export const MAX_STORED_SAMPLES = 4000;

/** At most `max` values at evenly spaced ranks of already sorted values; fewer come back as they are. */
export function thinSorted(sorted: readonly number[], max: number = MAX_STORED_SAMPLES): number[] {
  if (sorted.length <= max) return [...sorted];
  return Array.from({ length: max }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (max - 1))]!);
}
