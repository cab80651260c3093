import { z } from "zod";

/** The benchmark sets: pull requests run `quick`, scheduled jobs `full`. */
export const BenchmarkSet = z.enum(["quick", "full"]);
export type BenchmarkSet = z.infer<typeof BenchmarkSet>;

/** Which sets a benchmark belongs to (both unless it says). */
export const Sets = z.array(BenchmarkSet).min(1).default(["quick", "full"]);
