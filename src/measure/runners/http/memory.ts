import type { NodeProbe } from "./node-probe.ts";
import { groupMembers, groupMemory, HAS_PROC, resetPeaks } from "./process-group.ts";

/**
 * Memory of the server's process group at one checkpoint (perf-gate takes one
 * after warm-up and one after each round). Values in bytes; absent when the
 * platform or server cannot tell them.
 */
export interface Checkpoint {
  /** RSS of the group with no load in flight, after the GC below (Linux: sum of VmRSS; elsewhere: the Node processes' RSS). */
  idleRss?: number;
  /** V8 heap used, summed over the group's Node processes, right after a full GC: live objects only. */
  idleHeap?: number;
  /** Highest RSS since the previous checkpoint (Linux: sum of each member's VmHWM since its reset, read at the checkpoint). */
  peakRss?: number;
  /** Highest V8 heap used since the previous checkpoint (sampled every 20 ms in each Node process, garbage included). */
  peakHeap?: number;
  /** GC pauses of the group's Node processes since they started, summed: how many, and ms (probe). */
  gcCount?: number;
  gcTime?: number;
  /** Node processes that answered the probe. */
  nodeProcesses: number;
  /** Whether the idle values were read after a GC. */
  gc: boolean;
  /** False when the kernel refused to reset peak marks, so `peakRss` is a lifetime peak. */
  peakSinceLast: boolean;
}

export interface MemoryWatch {
  checkpoint(): Promise<Checkpoint>;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function watchMemory(pgid: number, probe: NodeProbe | undefined): MemoryWatch {
  let peakSinceLast = true;
  return {
    async checkpoint() {
      const members = new Set(groupMembers(pgid));
      const snapshots = probe ? await probe.snapshot((pid) => !HAS_PROC || members.has(pid)) : [];
      const after = groupMemory(pgid);
      const checkpoint: Checkpoint = {
        idleRss: after ? after.rss : snapshots.length ? sum(snapshots.map((s) => s.rss)) : undefined,
        // Read after the GC too: the window ends with it, and the peak can be no lower than the idle value.
        peakRss: after ? Math.max(after.hwm, after.rss) : snapshots.length ? sum(snapshots.map((s) => s.peakRss)) : undefined,
        idleHeap: snapshots.length ? sum(snapshots.map((s) => s.heapUsed)) : undefined,
        peakHeap: snapshots.length ? sum(snapshots.map((s) => s.peakHeapUsed)) : undefined,
        gcCount: snapshots.length && snapshots.every((s) => s.gcCount !== undefined) ? sum(snapshots.map((s) => s.gcCount!)) : undefined,
        gcTime: snapshots.length && snapshots.every((s) => s.gcTime !== undefined) ? sum(snapshots.map((s) => s.gcTime!)) : undefined,
        nodeProcesses: snapshots.length,
        gc: snapshots.length > 0 && snapshots.every((s) => s.gc),
        peakSinceLast,
      };
      if (after && !resetPeaks(after.members)) peakSinceLast = false;
      return checkpoint;
    },
  };
}
