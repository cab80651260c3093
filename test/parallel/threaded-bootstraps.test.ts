import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { defaultPolicy } from "../../src/compare/policy.ts";
import { type RoundsJob, runRoundsJob } from "../../src/compare/stats/change.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";
import { finishHere, outcomesOf, progressOf, shareBatch, takeChunk } from "../../src/parallel/bootstrap-batch.ts";
import { startBootstrapThread, THREADED_FROM, threadedBootstraps } from "../../src/parallel/threaded-bootstraps.ts";
import { renderJson } from "../../src/render/json.ts";
import { withTrends } from "../../src/report/history.ts";
import { withBottlenecks } from "../../src/compare/bottlenecks.ts";
import { largeSeededReports } from "../helpers/seeded-reports.ts";
import { CLI } from "../helpers/cli.ts";

/** Round bootstraps of many shapes: 3 to 8 rounds a side, rates, zero rounds, and an all-zero baseline (no finite ratio). */
function jobs(count: number, seed: number): RoundsJob[] {
  const random = mulberry32(seed);
  const side = (n: number, zeros: boolean, rate: number) => ({ perRound: Float64Array.from({ length: n }, () => (zeros && random() < 0.3 ? 0 : 0.5 + random())), rate });
  return Array.from({ length: count }, (_, i) => {
    const rate = i % 4 === 0 ? 1000 : 0;
    const base = i % 97 === 0 ? { perRound: new Float64Array(5), rate } : side(3 + (i % 6), i % 7 === 0, rate);
    return { current: side(3 + (i % 5), i % 11 === 0, rate), base, seed: Math.floor(random() * 2 ** 32), resamples: 500 + (i % 3) * 750, confidence: i % 2 ? 0.95 : 0.9 };
  });
}

const oneThread = (list: RoundsJob[]) => list.map(runRoundsJob);

describe("round bootstraps over two threads", () => {
  const dir = mkdtempSync(join(tmpdir(), "perf-gate-threads-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("give every job the outcome it has in one thread", async () => {
    expect(await startBootstrapThread()).toBe(true);
    const list = jobs(THREADED_FROM + 537, 11);
    const expected = oneThread(list);
    expect(expected.some((o) => o.tails === undefined)).toBe(true);
    expect(threadedBootstraps(list)).toStrictEqual(expected);
  });

  it("the helper thread's own entry works through a batch alone, with the same outcomes", async () => {
    const worker = new Worker(fileURLToPath(new URL("../../src/parallel/bootstrap-worker.ts", import.meta.url)));
    try {
      await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      const list = jobs(400, 12);
      const batch = shareBatch(list, 50);
      worker.postMessage(batch);
      // This thread takes no chunk: the helper must run all eight.
      while (progressOf(batch).done < progressOf(batch).chunks) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(outcomesOf(batch)).toStrictEqual(oneThread(list));
    } finally {
      await worker.terminate();
    }
  });

  it("runs a chunk here that the other thread took and never finished", () => {
    const list = jobs(300, 13);
    const batch = shareBatch(list, 40);
    // A helper that took the first two chunks, then died.
    expect([takeChunk(batch), takeChunk(batch)]).toStrictEqual([0, 1]);
    expect(finishHere(batch, 20)).toStrictEqual(oneThread(list));
    expect(progressOf(batch).done).toBeGreaterThanOrEqual(progressOf(batch).chunks);
  });

  it("leaves a whole comparison as it is in one thread", async () => {
    expect(await startBootstrapThread()).toBe(true);
    const [baseline, current] = largeSeededReports(1200);
    const threaded = compare(baseline, current, defaultPolicy(), threadedBootstraps);
    expect(threaded.rows.filter((r) => r.interval).length).toBeGreaterThanOrEqual(THREADED_FROM);
    expect(threaded.counts.regression).toBeGreaterThan(0);
    expect(threaded).toStrictEqual(compare(baseline, current, defaultPolicy()));
  });

  it("the bundled CLI compares large Reports to the same result as one thread", () => {
    const [baseline, current] = largeSeededReports(4500);
    writeFileSync(join(dir, "base.json"), JSON.stringify(baseline));
    writeFileSync(join(dir, "head.json"), JSON.stringify(current));
    // Over 24 MB of Reports: the CLI starts its helper thread while reading them.
    const run = spawnSync(process.execPath, [CLI, "compare", join(dir, "base.json"), join(dir, "head.json"), "--json", join(dir, "out.json")], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(1);
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe(renderJson(withBottlenecks(withTrends(compare(baseline, current, defaultPolicy()), baseline))));
  });
});
