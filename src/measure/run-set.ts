import { assembleReport } from "./assemble-report.ts";
import { calibrate } from "./calibration.ts";
import { mergeCalibrations } from "../report/calibration.ts";
import { type BenchmarkSet, benchmarksIn } from "../config/schema.ts";
import { type LoadedConfig } from "../config/load.ts";
import type { Report } from "../report/schema.ts";
import type { Shard } from "../report/shard.ts";
import { runBenchmark } from "./runners/index.ts";
import { mergeOutputs, type RunContext } from "./runners/types.ts";

export interface RunOptions {
  set: BenchmarkSet;
  progress: RunContext["progress"];
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Metric-id globs: run only the benchmarks that produce a matching metric. */
  only?: string[];
  /** This job's part of the set: only its benchmarks run, and the Report says which part it is. */
  shard?: Shard;
}

/** Runs the chosen set of the config's benchmarks and assembles a Report. */
export async function runSet(loaded: LoadedConfig, options: RunOptions): Promise<Report> {
  const specs = benchmarksIn(loaded.config, options.set, loaded.path);
  const started = Date.now();
  options.progress(`perf-gate: running the ${options.set} set (${specs.length} benchmark group${specs.length === 1 ? "" : "s"}) from ${loaded.path}`);
  // Timed before and after the benchmarks, so it samples the machine over the whole run.
  const before = calibrate(8);
  options.progress(`perf-gate: calibration workload ${before.value.toFixed(2)} ms (machine speed reference)`);
  const outputs = [];
  for (const spec of specs) {
    outputs.push(await runBenchmark(spec, { root: loaded.root, progress: options.progress, signal: options.signal, only: options.only, shard: options.shard }));
  }
  const calibration = mergeCalibrations(before, calibrate(8));
  const merged = mergeOutputs(outputs, loaded.path);
  options.progress(`perf-gate: measured ${merged.metrics.length} metrics in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const report = assembleReport(merged, { set: options.set, root: loaded.root, env: options.env, calibration });
  return options.shard ? { ...report, shard: options.shard } : report;
}
