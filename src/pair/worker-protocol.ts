import { z } from "zod";

/**
 * Messages between the paired-measurement driver and a side's worker process.
 * The driver sends one request at a time and waits for its answer (lock-step),
 * so only one side runs at any moment.
 */
export const WorkerRequest = z.discriminatedUnion("type", [
  /** Import the benchmark files (absolute paths) and run the suites' setup hooks. */
  z.object({ type: z.literal("load"), files: z.array(z.string()) }),
  /** Run one task for about `time` ms and at least `iterations` calls; answer with per-call times. */
  z.object({ type: z.literal("batch"), key: z.string(), time: z.number().positive(), iterations: z.number().int().positive() }),
  /**
   * Run one task for about `time` ms under V8's sampling profiler (never while
   * measuring): `cpu` samples every `interval` microseconds; `heap` samples
   * allocations, once counting everything allocated and once only what is
   * still reachable at the end. Answers with the profiles and the calls made.
   */
  z.object({ type: z.literal("profile"), key: z.string(), mode: z.enum(["cpu", "heap"]), time: z.number().positive(), interval: z.number().int().positive() }),
  /** Run the teardown hooks and exit. */
  z.object({ type: z.literal("close") }),
]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;

export const WorkerTask = z.object({ key: z.string(), suite: z.string(), name: z.string(), file: z.string() });
export type WorkerTask = z.infer<typeof WorkerTask>;

export const WorkerReply = z.discriminatedUnion("type", [
  z.object({ type: z.literal("loaded"), tasks: z.array(WorkerTask) }),
  /** Milliseconds per call of the task in this batch. */
  z.object({ type: z.literal("samples"), key: z.string(), samples: z.array(z.number()) }),
  /** Profiles as JSON text (`.cpuprofile` or `.heapprofile`), each with the calls made while it ran. */
  z.object({
    type: z.literal("profiled"),
    key: z.string(),
    profiles: z.array(z.object({ kind: z.enum(["cpu", "allocated", "retained"]), calls: z.number().int(), json: z.string() })),
  }),
  z.object({ type: z.literal("closed") }),
  /** A user error (bad benchmark file, a task that threw); `source` names the file. */
  z.object({ type: z.literal("error"), source: z.string(), message: z.string() }),
]);
export type WorkerReply = z.infer<typeof WorkerReply>;
