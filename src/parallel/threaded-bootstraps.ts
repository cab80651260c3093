import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { BootstrapBatch } from "../compare/compare.ts";
import { type BootstrapOutcome, type RoundsJob, runRoundsJob } from "../compare/stats/change.ts";
import { finishHere, shareBatch } from "./bootstrap-batch.ts";

/** The worker entry beside this module: the .ts source under tests, the bundle's own file in dist/. */
const WORKER_PATH = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./bootstrap-worker.ts" : "./bootstrap-worker.js", import.meta.url));

/** Fewer bootstraps than this run in this thread even when the helper is running (started ahead of the comparison). */
export const THREADED_FROM = 1000;
/**
 * Fewer than this run in this thread when the helper would start only now:
 * it is ready about 65 ms later and slows this thread while it starts, so
 * started at the batch it only pays for batches of several hundred ms
 * (measured: 4,000 bootstraps took 170 ms so, 140 ms in one thread).
 */
export const STARTED_NOW_FROM = 5000;
/** Jobs per chunk: small enough that both threads finish together, large enough that taking one costs nothing. */
const CHUNK = 50;
/** A chunk the other thread took and has not finished after this long is run here (it may have died). */
const STALL_MS = 2000;

let helper: Worker | undefined;
let ready: Promise<boolean> = Promise.resolve(false);
let failed = false;

/** The helper thread, started on first use; it never keeps the process alive. */
function helperThread(): Worker | undefined {
  if (helper || failed) return helper;
  try {
    const worker = new Worker(WORKER_PATH);
    worker.unref();
    ready = new Promise((resolve) => {
      worker.once("message", () => resolve(true));
      worker.on("error", () => {
        failed = true;
        helper = undefined;
        resolve(false);
      });
    });
    helper = worker;
  } catch {
    failed = true;
  }
  return helper;
}

/**
 * Starts the helper thread ahead of a large comparison (while its Reports are
 * read, say), so that it is warm when the batch comes; resolves when it is
 * (false when it could not start: the batch then runs in this thread).
 */
export function startBootstrapThread(): Promise<boolean> {
  helperThread();
  return ready;
}

/**
 * Round bootstraps over two threads: this one and a helper thread, both
 * taking chunks of the batch from shared memory. Synchronous, as compare() is:
 * this thread works through the batch, then waits for the chunks the helper
 * took. The outcomes are those of running each job here (the same code, the
 * same seeds); should the helper fail or stall, this thread runs what it left.
 */
export const threadedBootstraps: BootstrapBatch = (jobs: readonly RoundsJob[]): BootstrapOutcome[] => {
  const worker = jobs.length >= (helper ? THREADED_FROM : STARTED_NOW_FROM) ? helperThread() : undefined;
  if (!worker) return jobs.map(runRoundsJob);
  const batch = shareBatch(jobs, CHUNK);
  worker.postMessage(batch);
  return finishHere(batch, STALL_MS);
};
