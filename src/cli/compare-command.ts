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

/**
 * Bytes of Reports from which the helper thread starts while they are read
 * (about 2,700 metrics of 5 rounds of 40 samples): measured with the bundled
 * CLI, it cost 20 ms of 420 at 1,000 metrics, nothing at 2,500, and saved
 * about 30 ms at 5,000 and 50 ms at 10,000.
 */
const LARGE_REPORTS = 24_000_000;

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
