import { resolve } from "node:path";
import { Comparison } from "../report/comparison.ts";
import { InputError } from "../errors.ts";
import { loadReport, readJsonFile, writeTextFile } from "../io/files.ts";
import { parseWith } from "../report/parse.ts";
import { renderHtmlReport } from "../render/html-report.ts";
import { type CliIo, EXIT } from "./io.ts";

export interface ReportArgs {
  positionals: string[];
  comparison?: string;
  /** This run's Report (the head). */
  report?: string;
  base?: string;
  baseline?: string;
  out?: string;
}

/**
 * `perf-gate report --comparison CMP.json [--report HEAD.json] [--base BASE.json]
 * [--baseline BASELINE.json] --out report.html`: the self-contained HTML report.
 * Every input is read and validated before anything is written.
 */
export async function reportCommand(args: ReportArgs, io: CliIo): Promise<number> {
  if (args.positionals.length) throw new InputError("arguments", `report takes no positional arguments (got "${args.positionals.join(" ")}"); give --comparison FILE`);
  if (!args.comparison) throw new InputError("arguments", "report needs --comparison FILE (the --json of check or compare)");
  if (!args.out) throw new InputError("arguments", "report needs --out FILE (the HTML file to write)");
  const path = resolve(io.cwd, args.comparison);
  const comparison = parseWith(Comparison, await readJsonFile(path), path, "perf-gate comparison");
  const load = (file: string | undefined) => (file === undefined ? undefined : loadReport(resolve(io.cwd, file)));
  const [head, base, baseline] = await Promise.all([load(args.report), load(args.base), load(args.baseline)]);
  await writeTextFile(resolve(io.cwd, args.out), renderHtmlReport({ comparison, head, base, baseline }));
  io.stderr(`perf-gate: wrote ${args.out}\n`);
  return EXIT.ok;
}
