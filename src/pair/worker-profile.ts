// Profiling inside a side's worker process, through the inspector of the
// process itself: the task runs in a plain loop under V8's sampling profiler.
import { Session } from "node:inspector/promises";
import type { WorkerRequest } from "./worker-protocol.ts";

type ProfileRequest = Extract<WorkerRequest, { type: "profile" }>;
type Profiled = { kind: "cpu" | "allocated" | "retained"; calls: number; json: string };

/** Calls `fn` (awaiting it when it returns a promise) until `ms` have passed; returns the calls made. */
async function loop(fn: () => unknown, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let calls = 0;
  do {
    const result = fn();
    if (result instanceof Promise) await result;
    calls++;
  } while (performance.now() < end);
  return calls;
}

async function cpu(session: Session, fn: () => unknown, request: ProfileRequest): Promise<Profiled[]> {
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: request.interval });
  await session.post("Profiler.start");
  let calls: number;
  try {
    calls = await loop(fn, request.time);
  } catch (error) {
    await session.post("Profiler.stop");
    throw error;
  }
  const { profile } = await session.post("Profiler.stop");
  await session.post("Profiler.disable");
  return [{ kind: "cpu", calls, json: JSON.stringify(profile) }];
}

async function heap(session: Session, fn: () => unknown, request: ProfileRequest): Promise<Profiled[]> {
  const out: Profiled[] = [];
  await session.post("HeapProfiler.enable");
  // Everything allocated (collected or not), then only what is still reachable after a full GC: the growth.
  for (const kind of ["allocated", "retained"] as const) {
    const keepCollected = kind === "allocated";
    await session.post("HeapProfiler.collectGarbage");
    await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: keepCollected, includeObjectsCollectedByMinorGC: keepCollected });
    const calls = await loop(fn, request.time / 2);
    if (!keepCollected) await session.post("HeapProfiler.collectGarbage");
    const { profile } = await session.post("HeapProfiler.stopSampling");
    out.push({ kind, calls, json: JSON.stringify(profile) });
  }
  await session.post("HeapProfiler.disable");
  return out;
}

/** Tasks already warmed in this (fresh, profiling-only) worker. */
const warmed = new WeakSet<() => unknown>();

/** Warms the task once per worker (its JIT tiers settle before the first profile), then profiles it. */
export async function profileTask(fn: () => unknown, request: ProfileRequest): Promise<Profiled[]> {
  if (!warmed.has(fn)) await loop(fn, Math.min(request.time, 300));
  warmed.add(fn);
  const session = new Session();
  session.connect();
  try {
    return request.mode === "cpu" ? await cpu(session, fn, request) : await heap(session, fn, request);
  } finally {
    session.disconnect();
  }
}
