import { z } from "zod";

/**
 * Profiling of regressed and over-budget benchmarks after the paired
 * measurement (never while a reported number is measured).
 */
export const ProfileSpec = z
  .object({
    /** Profile regressed and over-budget benchmarks of a paired check (`--no-profile` turns it off). */
    enabled: z.boolean().default(true),
    /** Milliseconds of CPU profile per function task and side. */
    cpuTime: z.number().positive().max(60_000).default(1200),
    /** Milliseconds of allocation sampling per function task and side; 0 for none. */
    heapTime: z.number().nonnegative().max(60_000).default(600),
    /** Microseconds between CPU samples. */
    interval: z.number().int().min(10).max(100_000).default(100),
    /** Seconds of load per server side while it runs under `--cpu-prof`. */
    load: z.number().positive().max(60).default(2),
    /** Seconds all profiling may take; benchmarks past it are left unprofiled. */
    budget: z.number().positive().max(600).default(20),
  })
  .strict();
export type ProfileSettings = z.infer<typeof ProfileSpec>;
