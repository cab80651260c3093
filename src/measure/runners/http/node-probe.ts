import { rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { onInterrupt } from "./on-interrupt.ts";
import { isRunning } from "./process-group.ts";

/**
 * Preloaded (NODE_OPTIONS --import) into every Node process of the server
 * under test. On SIGUSR2 it writes `<dir>/<pid>.json`: the highest RSS and
 * V8 heap used it sampled (every 20 ms) since its previous report, then runs a
 * full GC (through the `gc` function of a V8 context, without exposing a
 * global) and reports RSS and heap used after it. It reports once at start-up
 * too, which is how perf-gate learns which pids carry the probe.
 */
const PROBE_SOURCE = `// perf-gate memory probe (see src/measure/runners/http/node-probe.ts)
import { renameSync, writeFileSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
const dir = process.env.PERF_GATE_PROBE_DIR;
if (dir) {
  // GC pauses since start, leaving out the full GCs this probe forces itself.
  let gcCount = 0;
  let gcTime = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.detail && e.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
        gcCount++;
        gcTime += e.duration;
      }
    }).observe({ entryTypes: ["gc"] });
  } catch {}
  let gc;
  try {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc");
  } catch {}
  let seq = 0;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const report = () => {
    try {
      sample();
      const peak = { rss: peakRss, heapUsed: peakHeap };
      if (typeof gc === "function") gc();
      const m = process.memoryUsage();
      peakRss = m.rss;
      peakHeap = m.heapUsed;
      const file = dir + "/" + process.pid + ".json";
      const data = { pid: process.pid, seq: seq++, gc: typeof gc === "function", rss: m.rss, heapUsed: m.heapUsed, peakRss: peak.rss, peakHeapUsed: peak.heapUsed, gcCount, gcTime };
      writeFileSync(file + ".tmp", JSON.stringify(data));
      renameSync(file + ".tmp", file);
    } catch {}
  };
  setInterval(sample, 20).unref();
  process.on("SIGUSR2", report);
  report();
}
`;

export interface NodeSnapshot {
  pid: number;
  seq: number;
  /** Whether a full GC ran before `rss` and `heapUsed` were read. */
  gc: boolean;
  rss: number;
  heapUsed: number;
  /** Highest sampled values since the previous snapshot (before the GC). */
  peakRss: number;
  peakHeapUsed: number;
  /** GC pauses since the process started (forced ones left out): how many, and their total in ms. */
  gcCount?: number;
  gcTime?: number;
}

export interface NodeProbe {
  /** Environment to add to the server's: NODE_OPTIONS with the preload, and where to report. */
  env(base: NodeJS.ProcessEnv): Record<string, string>;
  /**
   * Asks every probed process (that `include` accepts) for a snapshot and
   * waits for the answers; processes that do not answer in time are left out.
   */
  snapshot(include?: (pid: number) => boolean): Promise<NodeSnapshot[]>;
  dispose(): Promise<void>;
}

const ANSWER_TIMEOUT_MS = 3000;

async function readSnapshot(file: string): Promise<NodeSnapshot | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as NodeSnapshot;
  } catch {
    return undefined;
  }
}

export async function createNodeProbe(): Promise<NodeProbe> {
  const dir = await mkdtemp(join(tmpdir(), "perf-gate-probe-"));
  // Ctrl-C or SIGTERM ends perf-gate without its finally blocks: the temp dir goes then too.
  const release = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, "probe.mjs");
  await writeFile(script, PROBE_SOURCE);
  const reports = join(dir, "reports");
  await mkdir(reports);

  async function known(): Promise<NodeSnapshot[]> {
    const files = (await readdir(reports)).filter((f) => /^\d+\.json$/.test(f));
    const snapshots = await Promise.all(files.map((f) => readSnapshot(join(reports, f))));
    return snapshots.filter((s): s is NodeSnapshot => s !== undefined);
  }

  return {
    env(base) {
      const preload = `--import=${pathToFileURL(script).href}`;
      return { NODE_OPTIONS: [base.NODE_OPTIONS, preload].filter(Boolean).join(" "), PERF_GATE_PROBE_DIR: reports };
    },
    async snapshot(include = () => true) {
      const asked = (await known()).filter((s) => include(s.pid) && isRunning(s.pid));
      for (const s of asked) {
        try {
          process.kill(s.pid, "SIGUSR2");
        } catch {
          // Exited in between; it will not answer.
        }
      }
      const deadline = Date.now() + ANSWER_TIMEOUT_MS;
      const answers = new Map<number, NodeSnapshot>();
      while (answers.size < asked.length && Date.now() < deadline) {
        await sleep(10);
        for (const s of asked) {
          if (answers.has(s.pid)) continue;
          const now = await readSnapshot(join(reports, `${s.pid}.json`));
          if (now && now.seq > s.seq) answers.set(s.pid, now);
        }
      }
      return [...answers.values()];
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
      release();
    },
  };
}
