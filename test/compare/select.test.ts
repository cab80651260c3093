import { describe, expect, it } from "vitest";
import { quantileOf } from "../../src/compare/stats/estimate.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";
import { neighbouringOrderStatistics, sampleBrackets } from "../../src/compare/stats/select.ts";

function sortedPair(values: Float64Array, k: number): [number, number] {
  const sorted = Float64Array.from(values).sort();
  return [sorted[k]!, sorted[Math.min(k + 1, sorted.length - 1)]!];
}

describe("order statistics by selection", () => {
  const random = mulberry32(42);
  const shapes: Record<string, (n: number) => Float64Array> = {
    "random order": (n) => Float64Array.from({ length: n }, () => random()),
    "few distinct values": (n) => Float64Array.from({ length: n }, () => Math.floor(random() * 4)),
    sorted: (n) => Float64Array.from({ length: n }, (_, i) => i),
    "sorted descending": (n) => Float64Array.from({ length: n }, (_, i) => n - i),
    constant: (n) => new Float64Array(n).fill(1.5),
    // Small values early, large late: the evenly spaced sample brackets the wrong place and the fallback decides.
    "clustered by position": (n) => Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? random() : 10 + random())),
  };
  for (const [name, make] of Object.entries(shapes)) {
    it(`matches a full sort at every tested rank: ${name}`, () => {
      for (const n of [1, 2, 7, 40, 513, 2000]) {
        const values = make(n);
        for (const k of new Set([0, 1, Math.floor(n * 0.025), Math.floor(n / 2), Math.floor(n * 0.975), n - 2, n - 1].filter((k) => k >= 0 && k < n))) {
          expect(neighbouringOrderStatistics(Float64Array.from(values), k), `n=${n} k=${k}`).toStrictEqual(sortedPair(values, k));
        }
      }
    });
  }

  it("gives the same quantiles as interpolating the sorted values", () => {
    const values = Array.from({ length: 41 }, () => random() * 100);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [0.01, 0.25, 0.5, 0.95, 0.99]) {
      const idx = (sorted.length - 1) * p;
      const lower = Math.floor(idx);
      const expected = idx % 1 === 0 ? sorted[idx]! : sorted[lower]! + (idx - lower) * (sorted[lower + 1]! - sorted[lower]!);
      expect(quantileOf(values, p)).toBe(expected);
    }
  });
});

describe("sample brackets", () => {
  const random = mulberry32(7);
  /** What the brackets were with the whole sample sorted: ranks of the 64 evenly spaced values, 3 either side of the target's. */
  function sortedBrackets(a: Float64Array, k: number, m: number): number[] {
    const sample = Float64Array.from({ length: 64 }, (_, i) => a[Math.floor((i * a.length) / 64)]!).sort();
    return [k, m].flatMap((r) => {
      const rank = ((r + 0.5) * 64) / a.length;
      const lo = Math.floor(rank) - 3;
      const hi = Math.ceil(rank) + 3;
      return [lo < 0 ? -Infinity : sample[lo]!, hi >= 64 ? Infinity : sample[hi]!];
    });
  }

  it("are the sorted sample's values, found from its ends for the tails of an interval and by sorting elsewhere", () => {
    const shapes = [
      () => Float64Array.from({ length: 2000 }, () => 0.9 + 0.2 * random()),
      () => Float64Array.from({ length: 2000 }, () => Math.floor(random() * 3)),
      () => Float64Array.from({ length: 1999 }, (_, i) => 2000 - i),
      () => Float64Array.from({ length: 600 }, () => (random() < 0.05 ? Number.NaN : random())),
    ];
    for (const make of shapes) {
      const a = make();
      for (const [k, m] of [
        [Math.floor((a.length - 1) * 0.025), Math.floor((a.length - 1) * 0.975)],
        [Math.floor((a.length - 1) * 0.005), Math.floor((a.length - 1) * 0.995)],
        [Math.floor((a.length - 1) * 0.25), Math.floor((a.length - 1) * 0.75)],
        [0, a.length - 1],
      ]) {
        expect(sampleBrackets(a, k!, m!), `n=${a.length} k=${k} m=${m}`).toStrictEqual(sortedBrackets(a, k!, m!));
      }
    }
  });
});
