import { z } from "zod";

/** Where a function's cost is counted: the project's own code, a dependency, Node itself, the engine, or code outside the checkout. */
export const FrameGroup = z.enum(["app", "node_modules", "node", "engine", "external"]);
export type FrameGroup = z.infer<typeof FrameGroup>;

/** A function (or a group of them: a package, Node's internals). `file` is relative to the repository root, `line` 1-based. */
export const FunctionRef = z.object({ name: z.string(), file: z.string().optional(), line: z.number().int().optional(), group: FrameGroup });
export type FunctionRef = z.infer<typeof FunctionRef>;

/** One function's share of a change between base and head, per operation. */
export const FunctionChange = FunctionRef.extend({
  base: z.number(),
  head: z.number(),
  /** head - base, per operation. */
  added: z.number(),
  /** Part of the added cost this function carries (0-1). */
  share: z.number(),
  /** Absent from the base's profile. */
  newInHead: z.boolean(),
});
export type FunctionChange = z.infer<typeof FunctionChange>;

/** A differential profile: base and head costs per operation and the functions that account for the difference. */
export const ProfileDiff = z.object({
  /** `ms` of CPU time or `B` of memory, per operation (a call or a request). */
  unit: z.enum(["ms", "B"]),
  per: z.enum(["op", "req"]),
  base: z.number(),
  head: z.number(),
  added: z.number(),
  /** Functions whose cost grew, most first. */
  functions: z.array(FunctionChange),
  /** Functions the head spends time in that the base's profile never saw. */
  newInHead: z.array(FunctionRef),
  /** Operations and samples each side's profile covered, to judge how much to trust it. */
  operations: z.object({ base: z.number(), head: z.number() }),
  samples: z.object({ base: z.number(), head: z.number() }),
});
export type ProfileDiff = z.infer<typeof ProfileDiff>;

/** Why a benchmark was profiled, and what the profiles say. */
export const BenchmarkProfile = z.object({
  /** `suite/benchmark`: the rows of this benchmark carry the finding. */
  benchmark: z.string(),
  kind: z.enum(["function", "http"]),
  cpu: ProfileDiff.optional(),
  /** Bytes allocated per operation (all sampled allocations). */
  allocated: ProfileDiff.optional(),
  /** Bytes still reachable after the run, per operation: sites that grow are a likely leak. */
  retained: ProfileDiff.optional(),
  /** Allocation sites whose retained memory grows in the head: the leak candidates. */
  leak: z.array(FunctionChange).optional(),
  /** Files written beside the report (relative to the profile directory). */
  files: z.object({ base: z.string().optional(), head: z.string().optional(), flame: z.string().optional() }).optional(),
  /** Why a profile could not be taken. */
  error: z.string().optional(),
});
export type BenchmarkProfile = z.infer<typeof BenchmarkProfile>;

/** The profiles of a check: where to link code, and one entry per profiled benchmark. */
export const Profiles = z.object({
  /** GitHub repository (`owner/name`) and server, so locations link to the head commit's lines. */
  repository: z.string().optional(),
  serverUrl: z.string().optional(),
  headCommit: z.string().optional(),
  /** Where the files are: a local directory, or the name of the workflow artifact that holds them, and a link to it. */
  dir: z.string().optional(),
  artifact: z.object({ name: z.string(), url: z.string().optional() }).optional(),
  /** Seconds the profiling rounds took. */
  seconds: z.number(),
  benchmarks: z.array(BenchmarkProfile),
});
export type Profiles = z.infer<typeof Profiles>;
