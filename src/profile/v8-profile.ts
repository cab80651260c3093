import { z } from "zod";

/** A V8 call frame, as the inspector and `--cpu-prof` write it (line and column 0-based). */
export const CallFrame = z.object({
  functionName: z.string(),
  scriptId: z.union([z.string(), z.number()]).optional(),
  url: z.string(),
  lineNumber: z.number(),
  columnNumber: z.number(),
});
export type CallFrame = z.infer<typeof CallFrame>;

/** A `.cpuprofile` (Profiler.stop, `--cpu-prof`): a call tree and the node hit by each sample. */
export const CpuProfile = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: CallFrame, children: z.array(z.number()).optional() }).loose()),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()).default([]),
  /** Microseconds before each sample. */
  timeDeltas: z.array(z.number()).default([]),
});
export type CpuProfile = z.infer<typeof CpuProfile>;

interface HeapNode {
  callFrame: CallFrame;
  /** Bytes of the sampled allocations made at this frame. */
  selfSize: number;
  id: number;
  children: HeapNode[];
}

const HeapNodeSchema: z.ZodType<HeapNode> = z.lazy(() => z.object({ callFrame: CallFrame, selfSize: z.number(), id: z.number(), children: z.array(HeapNodeSchema) }));

/** A `.heapprofile` (HeapProfiler.stopSampling, `--heap-prof`): a tree of sampled allocation sites. */
export const HeapProfile = z.object({ head: HeapNodeSchema });
export type HeapProfile = z.infer<typeof HeapProfile>;
export type { HeapNode };
