// `perf-gate compare BASELINE CURRENT`: two Reports in, the table out.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { compare } from "../compare/compare.ts";
import { withBottlenecks } from "../compare/bottlenecks.ts";
import { InputError } from "../errors.ts";
import { withTrends } from "../report/history.ts";
import { loadReport } from "../io/files.ts";
import { startBootstrapThread, threadedBootstraps } from "../parallel/threaded-bootstraps.ts";
import { type CliIo } from "./io.ts";

import { emit, policyFor, type Values } from "./options.ts";

/** Bytes of Reports from which a comparison is likely to run a thousand bootstraps or more. */
const LARGE_REPORTS = 4_000_000;

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0; // loadReport names the file that cannot be read
  }
};

export async function compareCommand(rest: string[], values: Values, io: CliIo): Promise<number> {
  if (rest.length !== 2) throw new InputError("arguments", "compare needs two files: BASELINE CURRENT");
  const policy = await policyFor(values, io);
  const files = rest.map((f) => resolve(io.cwd, f));
  // Large Reports mean many bootstraps: the second thread warms up while they are read.
  if (files.reduce((total, file) => total + sizeOf(file), 0) >= LARGE_REPORTS) void startBootstrapThread();
  const [baseline, current] = await Promise.all(files.map((file) => loadReport(file)));
  return emit(withBottlenecks(withTrends(compare(baseline, current!, policy, threadedBootstraps), baseline)), values, io);
}
