// `perf-gate run`: measure the set and write a Report.
import { resolve } from "node:path";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../config/load.ts";
import { carryHistory } from "../report/history.ts";
import { loadReport, writeJsonFile } from "../io/files.ts";
import type { Report } from "../report/schema.ts";
import { runSet } from "../measure/run-set.ts";
import { parseShard } from "../report/shard.ts";
import { type CliIo } from "./io.ts";

import { chosenSet, type Values } from "./options.ts";

/** Runs the set; a new baseline carries the run history of the one it replaces. */
export async function runCommand(values: Values, io: CliIo): Promise<Report> {
  const configPath = resolve(io.cwd, values.config ?? DEFAULT_CONFIG_PATH);
  const loaded = await loadConfig(configPath);
  for (const warning of loaded.warnings) io.stderr(`perf-gate: warning: ${warning}\n`);
  // A new baseline carries the run history of the one it replaces (read first: bad input fails before measuring).
  const previous = values.previous ? await loadReport(resolve(io.cwd, values.previous)) : undefined;
  const shard = values.shard === undefined ? undefined : parseShard(values.shard, "--shard");
  const report = carryHistory(previous, await runSet(loaded, { set: chosenSet(values), progress: (line) => io.stderr(line + "\n"), env: io.env, only: values.only, shard }));
  if (values.out) {
    await writeJsonFile(resolve(io.cwd, values.out), report);
    io.stderr(`perf-gate: wrote ${values.out}\n`);
  }
  return report;
}
