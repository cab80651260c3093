// `perf-gate compare BASELINE CURRENT`: two Reports in, the table out.
import { resolve } from "node:path";
import { compare } from "../compare/compare.ts";
import { withBottlenecks } from "../compare/bottlenecks.ts";
import { InputError } from "../errors.ts";
import { withTrends } from "../report/history.ts";
import { loadReport } from "../io/files.ts";
import { type CliIo } from "./io.ts";

import { emit, policyFor, type Values } from "./options.ts";

export async function compareCommand(rest: string[], values: Values, io: CliIo): Promise<number> {
  if (rest.length !== 2) throw new InputError("arguments", "compare needs two files: BASELINE CURRENT");
  const policy = await policyFor(values, io);
  const [baseline, current] = await Promise.all(rest.map((f) => loadReport(resolve(io.cwd, f))));
  return emit(withBottlenecks(withTrends(compare(baseline, current!, policy), baseline)), values, io);
}
