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
  z.object({ type: z.literal("closed") }),
  /** A user error (bad benchmark file, a task that threw); `source` names the file. */
  z.object({ type: z.literal("error"), source: z.string(), message: z.string() }),
]);
export type WorkerReply = z.infer<typeof WorkerReply>;
