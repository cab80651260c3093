import { assembleReport } from "../measure/assemble-report.ts";
import type { Shard } from "../report/shard.ts";
import { type BenchmarkSet, benchmarksIn } from "../config/schema.ts";
import { type LoadedConfig } from "../config/load.ts";
import type { Progress } from "../measure/progress.ts";
import type { Report } from "../report/schema.ts";
import { runImport } from "../measure/runners/import.ts";
import { mergeOutputs, type RunnerOutput } from "../measure/runners/types.ts";
import { type PairContext, type PairedOutput, pairFunctions, type SideCheckout } from "./functions.ts";
import { pairHttp } from "./http.ts";
import { pairImport } from "./imports.ts";
import type { PairClock, PairSettings, Side } from "./settings.ts";
import { choosePinning } from "./affinity.ts";

export interface PairedMeasurement {
  base: Report;
  head: Report;
  /** Paired rounds per benchmark. */
  rounds: Record<string, number>;
  unsettled: string[];
  /** Ids of head metrics measured on the head alone (nothing to pair them with). */
  unpaired: string[];
  seconds: number;
  /** The CPU both sides' processes were pinned to, if any. */
  cpu?: number;
}

export interface MeasurePairedOptions {
  /** The head's config: it decides what is measured, on both sides. */
  loaded: LoadedConfig;
  set: BenchmarkSet;
  sides: Record<Side, SideCheckout>;
  settings: PairSettings;
  clock: PairClock;
  progress: Progress;
  thresholdOf: (id: string) => number;
  /** Pin both sides' processes to one CPU (default true). */
  pin?: boolean;
  only?: string[];
  shard?: Shard;
}

/**
 * Measures the chosen set for base and head paired on this machine, kind by
 * kind, and returns one Report per side whose rounds line up. The head's
 * config is used for both sides, with each side's own code (its checkout).
 */
export async function measurePaired(options: MeasurePairedOptions): Promise<PairedMeasurement> {
  const specs = benchmarksIn(options.loaded.config, options.set, options.loaded.path);
  const started = options.clock.now();
  const pinning = await choosePinning(options.pin ?? true);
  const ctx: PairContext = {
    sides: options.sides,
    settings: options.settings,
    clock: options.clock,
    progress: options.progress,
    thresholdOf: options.thresholdOf,
    pinning,
    only: options.only,
    shard: options.shard,
  };
  const outputs: PairedOutput[] = [];
  const unpaired: RunnerOutput[] = [];
  options.progress(`perf-gate: measuring base and head paired on this runner (${specs.length} benchmark group${specs.length === 1 ? "" : "s"})`);
  for (const spec of specs) {
    switch (spec.kind) {
      case "tinybench":
        outputs.push(await pairFunctions(spec, ctx));
        break;
      case "http":
        outputs.push(await pairHttp(spec, ctx));
        break;
      case "import":
        if (spec.command) outputs.push(await pairImport(spec, ctx));
        else unpaired.push(await runImport(spec, { root: options.sides.head.root, progress: options.progress, only: options.only, shard: options.shard, env: options.sides.head.env }));
        break;
    }
  }
  const side = (which: Side, extra: RunnerOutput[] = []) => mergeOutputs([...outputs.map((o) => o[which]), ...extra]);
  const root = (which: Side) => options.sides[which].root;
  const seconds = (options.clock.now() - started) / 1000;
  const headOutput = side("head", unpaired);
  options.progress(`perf-gate: measured ${headOutput.metrics.length} metrics paired in ${seconds.toFixed(1)} s`);
  return {
    base: assembleReport(side("base"), { set: options.set, root: root("base"), env: options.sides.base.env }),
    head: assembleReport(headOutput, { set: options.set, root: root("head"), env: options.sides.head.env }),
    rounds: Object.assign({}, ...outputs.map((o) => o.rounds)) as Record<string, number>,
    unsettled: outputs.flatMap((o) => o.unsettled),
    unpaired: unpaired.flatMap((o) => o.metrics.map((m) => m.id)),
    seconds,
    cpu: pinning.cpu,
  };
}
