import type { BootstrapOutcome, RoundsJob } from "../compare/stats/change.ts";
import { runRoundsJob } from "../compare/stats/change.ts";

/**
 * A batch of round bootstraps in shared memory, so that two threads can work
 * through it at once: both take chunks of jobs from one atomic counter (a
 * thread that starts late, or runs slowly on a busy machine, simply takes
 * fewer), and write each outcome into its job's slots.
 */
export interface SharedBatch {
  /** Per job: seed, resamples, confidence, current's rate, base's rate, current's rounds, base's rounds, offset of its values. */
  jobs: SharedArrayBuffer;
  /** Every job's per-round values, current's then base's. */
  values: SharedArrayBuffer;
  /** Per job: count, atMostOne, atLeastOne, whether it has tails, then the tails (low, low + 1, high, high + 1). */
  outcomes: SharedArrayBuffer;
  /** [next chunk to take, chunks done, then per chunk 1 once done]. */
  control: SharedArrayBuffer;
  size: number;
  chunk: number;
}

const JOB = 8;
const OUTCOME = 8;
const NEXT = 0;
const DONE = 1;
const FLAGS = 2;

function chunksOf(batch: SharedBatch): number {
  return Math.ceil(batch.size / batch.chunk);
}

/** The batch of `jobs` in shared memory, no chunk taken yet. */
export function shareBatch(jobs: readonly RoundsJob[], chunk: number): SharedBatch {
  let total = 0;
  for (const job of jobs) total += job.current.perRound.length + job.base.perRound.length;
  const batch: SharedBatch = {
    jobs: new SharedArrayBuffer(8 * JOB * jobs.length),
    values: new SharedArrayBuffer(8 * total),
    outcomes: new SharedArrayBuffer(8 * OUTCOME * jobs.length),
    control: new SharedArrayBuffer(4 * (FLAGS + Math.ceil(jobs.length / chunk))),
    size: jobs.length,
    chunk,
  };
  const header = new Float64Array(batch.jobs);
  const values = new Float64Array(batch.values);
  let at = 0;
  jobs.forEach((job, i) => {
    header.set([job.seed, job.resamples, job.confidence, job.current.rate, job.base.rate, job.current.perRound.length, job.base.perRound.length, at], i * JOB);
    values.set(job.current.perRound, at);
    values.set(job.base.perRound, at + job.current.perRound.length);
    at += job.current.perRound.length + job.base.perRound.length;
  });
  return batch;
}

/** Runs the jobs of chunk `c` and marks it done. */
function runChunk(batch: SharedBatch, c: number): void {
  const header = new Float64Array(batch.jobs);
  const values = new Float64Array(batch.values);
  const out = new Float64Array(batch.outcomes);
  const control = new Int32Array(batch.control);
  for (let i = c * batch.chunk; i < Math.min(batch.size, (c + 1) * batch.chunk); i++) {
    const h = i * JOB;
    const at = header[h + 7]!;
    const nTop = header[h + 5]!;
    const nBottom = header[h + 6]!;
    const job: RoundsJob = {
      seed: header[h]!,
      resamples: header[h + 1]!,
      confidence: header[h + 2]!,
      current: { perRound: values.slice(at, at + nTop), rate: header[h + 3]! },
      base: { perRound: values.slice(at + nTop, at + nTop + nBottom), rate: header[h + 4]! },
    };
    const o = runRoundsJob(job);
    const tails = o.tails;
    out.set(tails ? [o.count, o.atMostOne, o.atLeastOne, 1, ...tails.low, ...tails.high] : [o.count, o.atMostOne, o.atLeastOne, 0], i * OUTCOME);
  }
  Atomics.store(control, FLAGS + c, 1);
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}

/** Takes the next chunk for this thread to run; undefined when none is left. */
export function takeChunk(batch: SharedBatch): number | undefined {
  const c = Atomics.add(new Int32Array(batch.control), NEXT, 1);
  return c < chunksOf(batch) ? c : undefined;
}

/** How many chunks are done, of how many. */
export function progressOf(batch: SharedBatch): { done: number; chunks: number } {
  return { done: Atomics.load(new Int32Array(batch.control), DONE), chunks: chunksOf(batch) };
}

/** Takes and runs chunks until none is left. */
export function workThrough(batch: SharedBatch): void {
  for (let c = takeChunk(batch); c !== undefined; c = takeChunk(batch)) runChunk(batch, c);
}

/**
 * This thread's part of a batch that another thread may be working through
 * too: takes chunks until none is left, then waits for those the other took.
 * A chunk still not done after `stallMs` without progress is run here (the
 * other thread may have died; should it still finish, it writes the same numbers).
 */
export function finishHere(batch: SharedBatch, stallMs: number): BootstrapOutcome[] {
  workThrough(batch);
  const control = new Int32Array(batch.control);
  const chunks = chunksOf(batch);
  for (let done = Atomics.load(control, DONE); done < chunks; done = Atomics.load(control, DONE)) {
    if (Atomics.wait(control, DONE, done, stallMs) !== "timed-out") continue;
    for (let c = 0; c < chunks; c++) if (Atomics.load(control, FLAGS + c) !== 1) runChunk(batch, c);
  }
  return outcomesOf(batch);
}

/** The outcomes, in the jobs' order. */
export function outcomesOf(batch: SharedBatch): BootstrapOutcome[] {
  const out = new Float64Array(batch.outcomes);
  const outcomes: BootstrapOutcome[] = new Array<BootstrapOutcome>(batch.size);
  for (let i = 0; i < batch.size; i++) {
    const o = i * OUTCOME;
    const outcome: BootstrapOutcome = { count: out[o]!, atMostOne: out[o + 1]!, atLeastOne: out[o + 2]! };
    if (out[o + 3] === 1) outcome.tails = { low: [out[o + 4]!, out[o + 5]!], high: [out[o + 6]!, out[o + 7]!] };
    outcomes[i] = outcome;
  }
  return outcomes;
}
