import type { SampleSet } from "../../src/report/schema.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";

/**
 * A reproducible sample set: `rounds` rounds of `perRound` log-normal values
 * around `level`, each round shifted a little (rounds are what separates runs).
 * Without rounds (`perRound` 0) it is `count` single observations.
 */
export function seededSet(seed: number, level: number, rounds: number, perRound: number): SampleSet {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const values: number[] = [];
  const roundOf: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const shift = 1 + 0.02 * normal();
    for (let k = 0; k < perRound; k++) {
      values.push(level * shift * Math.exp(0.05 * normal()));
      roundOf.push(r);
    }
  }
  return { unit: "ms", values, rounds: roundOf };
}

/** The same values as single observations (no rounds). */
export function withoutRounds(set: SampleSet): SampleSet {
  return { unit: set.unit, values: set.values };
}
