import type { BenchmarkSet } from "../config/schema.ts";
import { captureEnvironment } from "./environment.ts";
import { type Calibration, REPORT_SCHEMA, type Report } from "../report/schema.ts";
import type { RunnerOutput } from "./runners/types.ts";
import { VERSION } from "../version.ts";

export interface ReportContext {
  set: BenchmarkSet;
  /** Directory whose git revision the Report belongs to. */
  root: string;
  env?: NodeJS.ProcessEnv;
  /** Absent for paired runs: both sides ran on one machine at one time, nothing to scale. */
  calibration?: Calibration;
}

/** A Report from what the runners measured, with the environment fingerprint and calibration. */
export function assembleReport(output: RunnerOutput, context: ReportContext): Report {
  return {
    schema: REPORT_SCHEMA,
    tool: { name: "perf-gate", version: VERSION },
    set: context.set,
    environment: captureEnvironment(context.root, context.env),
    calibration: context.calibration,
    metrics: output.metrics,
    samples: output.samples,
    notes: output.notes,
  };
}
