import { z } from "zod";

/** What would settle an inconclusive verdict. */
export const Settle = z.discriminatedUnion("kind", [
  /** More paired rounds: about `need` (it had `have`); `need <= have` means a longer paired run. */
  z.object({ kind: z.literal("paired-rounds"), need: z.number().int(), have: z.number().int() }),
  /** Measuring base and head paired on one runner, when run-to-run noise (over `runs` runs, ±`halfWidth`) or single values leave nothing else. */
  z.object({ kind: z.literal("pair"), noise: z.object({ runs: z.number().int(), halfWidth: z.number() }).optional() }),
  /** More rounds or samples per side: about `need` (it had `have`). */
  z.object({ kind: z.literal("more"), unit: z.enum(["rounds", "samples"]), need: z.number().int(), have: z.number().int() }),
]);
export type Settle = z.infer<typeof Settle>;

/** What a comparison found about the two runs as a whole; render/ words it among the notes. */
export const Finding = z.discriminatedUnion("kind", [
  /** No baseline: every metric is new. */
  z.object({ kind: z.literal("no-baseline") }),
  /**
   * The baseline ran on another CPU model. With both calibrations, `slower` is how much slower this
   * runner did the workload (negative: faster) and function timings were multiplied by `factor`.
   */
  z.object({ kind: z.literal("other-cpu"), baseline: z.string(), current: z.string(), calibration: z.object({ slower: z.number(), factor: z.number() }).optional() }),
  /** Same CPU model, but this runner did the workload `slower` slower (negative: faster): a busier machine, not adjusted for. */
  z.object({ kind: z.literal("busier-machine"), slower: z.number() }),
  /** `tested` metrics had intervals; the false discovery rate across them is held at `rate`. */
  z.object({ kind: z.literal("false-discovery"), tested: z.number().int(), rate: z.number() }),
  /** For `metrics` metrics the baseline's level over its last `runs` runs was the reference, and their spread widened the interval. */
  z.object({ kind: z.literal("run-history"), metrics: z.number().int(), runs: z.number().int() }),
]);
export type Finding = z.infer<typeof Finding>;

/** Why a row has the verdict it has, for the few verdicts that need a why; render/ words it. */
export const Reason = z.discriminatedUnion("kind", [
  /** The baseline's value is zero: no relative change exists. */
  z.object({ kind: z.literal("zero-baseline") }),
  /** No samples on either side: the threshold alone decided. */
  z.object({ kind: z.literal("single-values") }),
  /** Past the threshold, but the false-discovery control did not let it through (`cutOff`: its own p-value was small). */
  z.object({ kind: z.literal("not-credible"), threshold: z.number(), pValue: z.number(), cutOff: z.boolean(), settle: Settle }),
  /** The estimate is under the threshold but its interval reaches past it. */
  z.object({ kind: z.literal("reaches-threshold"), threshold: z.number(), settle: Settle }),
]);
export type Reason = z.infer<typeof Reason>;
