import type { BenchmarkSpec } from "../../config/schema.ts";
import { runImport } from "./import.ts";
import { runHttp } from "./http/run.ts";
import { runTinybench } from "./tinybench.ts";
import type { RunContext, RunnerOutput } from "./types.ts";

/** Dispatches a benchmark spec to the runner of its kind. */
export async function runBenchmark(spec: BenchmarkSpec, ctx: RunContext): Promise<RunnerOutput> {
  switch (spec.kind) {
    case "tinybench":
      return runTinybench(spec, ctx);
    case "import":
      return runImport(spec, ctx);
    case "http":
      return runHttp(spec, ctx);
  }
}
