import type { Calibration } from "../report/schema.ts";
import { calibrationOf } from "../report/calibration.ts";
import { mulberry32 } from "../compare/stats/random.ts";

/** A fixed CPU-bound workload (sorting, hashing, string building) that no user code affects. */
function workload(): number {
  const random = mulberry32(12345);
  const numbers = Float64Array.from({ length: 20_000 }, random);
  numbers.sort();
  let hash = 0;
  const parts: string[] = [];
  for (let i = 0; i < 5_000; i++) {
    const text = `${i}:${numbers[i * 4]!.toFixed(6)}`;
    for (let j = 0; j < text.length; j++) hash = (Math.imul(hash, 31) + text.charCodeAt(j)) | 0;
    parts.push(text);
  }
  return hash ^ parts.join(",").length;
}

/** Times the workload `repeats` times; the fastest tells this machine's speed (see mergeCalibrations). */
export function calibrate(repeats = 15, now: () => number = () => performance.now()): Calibration {
  workload(); // warm up the JIT
  const samples: number[] = [];
  let sink = 0;
  for (let i = 0; i < repeats; i++) {
    const start = now();
    sink ^= workload();
    samples.push(now() - start);
  }
  if (sink === 0.5) samples.push(0); // keeps the result observable; never true
  return calibrationOf(samples);
}
