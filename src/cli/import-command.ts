import { resolve } from "node:path";
import { assembleReport } from "../measure/assemble-report.ts";
import { calibrate } from "../measure/calibration.ts";
import type { BenchmarkSet } from "../config/schema.ts";
import { InputError } from "../errors.ts";
import { writeJsonFile } from "../io/files.ts";
import { importFormat, importResults } from "../measure/runners/importers/formats.ts";
import { readInputFile, readInputStream } from "../measure/runners/importers/read-input.ts";
import { type CliIo, EXIT } from "./io.ts";

export interface ImportArgs {
  /** FORMAT FILE */
  positionals: string[];
  out?: string;
  suite?: string;
  set: BenchmarkSet;
}

/**
 * `perf-gate import FORMAT FILE`: another tool's output as a Report, with this
 * machine's fingerprint and calibration as `perf-gate run` records them.
 */
export async function importCommand(args: ImportArgs, io: CliIo): Promise<number> {
  if (args.positionals.length !== 2) throw new InputError("arguments", "import needs a format and a file: FORMAT FILE");
  const [formatName, file] = args.positionals as [string, string];
  const format = importFormat(formatName, "arguments");
  // `-` is standard input, as for most command-line tools.
  const fromStdin = file === "-";
  if (fromStdin && !io.stdin) throw new InputError("arguments", "standard input is not available");
  const source = fromStdin ? "stdin" : file;
  const text = fromStdin && io.stdin ? await readInputStream(io.stdin) : await readInputFile(resolve(io.cwd, file));
  const output = importResults(format, text, source, { suite: args.suite });
  output.notes.push(`Imported from ${source} (${format}).`);
  const report = assembleReport(output, { set: args.set, root: io.cwd, env: io.env, calibration: calibrate() });
  if (args.out) {
    await writeJsonFile(resolve(io.cwd, args.out), report);
    io.stderr(`perf-gate: imported ${report.metrics.length} metrics from ${source}; wrote ${args.out}\n`);
  } else {
    io.stdout(JSON.stringify(report, null, 2) + "\n");
  }
  return EXIT.ok;
}
