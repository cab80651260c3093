import { describe, expect, it } from "vitest";
import { resampleRoundsKernel, resampleRoundsScalar, type RoundsSide } from "../../src/compare/stats/bootstrap-rounds.ts";
import { bootstrapTails, bootstrapTailsScalar } from "../../src/compare/stats/bootstrap-tails.ts";
import { bootstrapKernel } from "../../src/compare/stats/kernel.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";

/** The round bootstrap as first written: mulberry32 as a function, Math.floor(random() * n). */
function reference(current: RoundsSide, base: RoundsSide, seed: number, replicates: number): number[] {
  const random = mulberry32(seed);
  const estimateOf = (side: RoundsSide) => {
    const n = side.perRound.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += side.perRound[Math.floor(random() * n)]!;
    return side.rate === 0 ? total / n : side.rate / (total / n);
  };
  const out: number[] = [];
  for (let i = 0; i < replicates; i++) {
    const top = estimateOf(current);
    const ratio = top / estimateOf(base);
    if (Number.isFinite(ratio)) out.push(ratio);
  }
  return out;
}

const random = mulberry32(2024);
function sideOf(n: number, rate: number, zeros: boolean): RoundsSide {
  return { perRound: Float64Array.from({ length: n }, () => (zeros && random() < 0.3 ? 0 : 0.5 + random() * 2)), rate };
}

describe("the round bootstrap's WebAssembly kernel", () => {
  it("runs here (Node 24 has WebAssembly with SIMD)", () => {
    expect(bootstrapKernel()).not.toBeNull();
  });

  it("counts ratios of exactly one on both sides of one", () => {
    const flat = { perRound: Float64Array.of(2, 2, 2, 2), rate: 0 };
    const fast = resampleRoundsKernel(flat, flat, 5, 1000)!;
    expect([fast.ratios.length, fast.atMostOne, fast.atLeastOne]).toStrictEqual([1000, 1000, 1000]);
  });

  it("gives exactly the ratios of the JavaScript loop and of the original formulation", () => {
    const cases: Array<[number, number, number]> = [
      [5, 5, 2000],
      [3, 3, 1],
      [3, 4, 3],
      [7, 5, 501],
      [20, 3, 2000],
      [40, 40, 777],
      [300, 400, 2000], // several stretches of the kernel
      [5, 5, 0],
    ];
    for (const [t, b, replicates] of cases) {
      for (const [rate, zeros] of [
        [0, false],
        [1000, false],
        [0, true],
        [1000, true],
      ] as const) {
        const current = sideOf(t, rate, zeros);
        const base = sideOf(b, rate, zeros);
        const seed = Math.floor(random() * 2 ** 32);
        const expected = reference(current, base, seed, replicates);
        const scalar = new Float64Array(replicates);
        const count = resampleRoundsScalar(current, base, seed, scalar);
        expect(Array.from(scalar.subarray(0, count)), `scalar ${t}x${b} rate ${rate} zeros ${zeros}`).toStrictEqual(expected);
        const fast = resampleRoundsKernel(current, base, seed, replicates)!;
        expect(Array.from(fast.ratios), `kernel ${t}x${b} rate ${rate} zeros ${zeros}`).toStrictEqual(expected);
        expect([fast.atMostOne, fast.atLeastOne]).toStrictEqual([expected.filter((r) => r <= 1).length, expected.filter((r) => r >= 1).length]);
      }
    }
  });
});

describe("bootstrap tails", () => {
  function expectedTails(values: Float64Array, k: number, m: number) {
    const sorted = Float64Array.from(values).sort();
    const at = (i: number) => sorted[Math.min(i, sorted.length - 1)]!;
    return {
      low: [at(k), at(k + 1)],
      high: [at(m), at(m + 1)],
    };
  }
  const shapes: Record<string, (n: number) => Float64Array> = {
    "random order": (n) => Float64Array.from({ length: n }, () => 0.8 + random() * 0.4),
    "many ties and exact ones": (n) => Float64Array.from({ length: n }, () => [0.9, 1, 1, 1.1][Math.floor(random() * 4)]!),
    sorted: (n) => Float64Array.from({ length: n }, (_, i) => 0.5 + i / n),
    // The evenly spaced sample brackets the wrong place: the full selection decides.
    "clustered by position": (n) => Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? random() : 10 + random())),
  };
  for (const [name, make] of Object.entries(shapes)) {
    it(`match a full sort: ${name}`, () => {
      for (const n of [10, 511, 512, 2000, 3001]) {
        for (const confidence of [0.95, 0.9, 0.5]) {
          const alpha = 1 - confidence;
          const k = Math.floor((n - 1) * (alpha / 2));
          const m = Math.floor((n - 1) * (1 - alpha / 2));
          const values = make(n);
          const expected = expectedTails(values, k, m);
          expect(bootstrapTails(Float64Array.from(values), k, m), `kernel n=${n} k=${k} m=${m}`).toStrictEqual(expected);
          expect(bootstrapTailsScalar(Float64Array.from(values), k, m), `scalar n=${n} k=${k} m=${m}`).toStrictEqual(expected);
        }
      }
    });
  }

  it("read the ratios in place where the round bootstrap left them", () => {
    const { ratios } = resampleRoundsKernel(sideOf(5, 0, false), sideOf(5, 0, false), 99, 2000)!;
    const expected = expectedTails(ratios, 49, 1949);
    expect(bootstrapTails(ratios, 49, 1949)).toStrictEqual(expected);
  });
});
