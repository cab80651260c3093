// The second thread of a batch of round bootstraps (threaded-bootstraps.ts): warms up, says so,
// then works through the batches it is sent, beside the thread that sent them.
import { parentPort } from "node:worker_threads";
import { runRoundsJob } from "../compare/stats/change.ts";
import { type SharedBatch, workThrough } from "./bootstrap-batch.ts";

/** A few hundred small bootstraps, so that the first real batch finds the code compiled. */
function warmUp(): void {
  for (let i = 0; i < 300; i++) {
    const side = { perRound: Float64Array.of(1, 1.1, 0.9, 1.05, 0.95), rate: i % 5 === 0 ? 1000 : 0 };
    runRoundsJob({ current: side, base: side, seed: i, resamples: 2000, confidence: 0.95 });
  }
}

warmUp();
parentPort?.on("message", (batch: SharedBatch) => workThrough(batch));
parentPort?.postMessage("ready");
