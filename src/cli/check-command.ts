// `perf-gate check`: the pull-request check from the command line, base and head measured paired.
import { resolve } from "node:path";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../config/load.ts";
import { runCheck } from "../pair/check.ts";
import { InputError } from "../errors.ts";
import { loadReport, writeJsonFile, writeTextFile } from "../io/files.ts";
import { policyFromConfig } from "../compare/policy.ts";
import { parseShard } from "../report/shard.ts";
import { renderHtmlReport } from "../render/html-report.ts";
import { type CliIo } from "./io.ts";

import { chosenSet, emit, pairPolicy, parseThreshold, profileDir, type Values } from "./options.ts";

export async function checkCommand(rest: string[], values: Values, io: CliIo): Promise<number> {
  if (rest.length) throw new InputError("arguments", `check takes no positional arguments (got "${rest.join(" ")}")`);
  // Read and validate every input before measuring anything.
  const configPath = resolve(io.cwd, values.config ?? DEFAULT_CONFIG_PATH);
  const loaded = await loadConfig(configPath);
  for (const warning of loaded.warnings) io.stderr(`perf-gate: warning: ${warning}\n`);
  const baseline = values.baseline ? await loadReport(resolve(io.cwd, values.baseline)) : undefined;
  const policy = policyFromConfig(loaded.config, configPath, parseThreshold(values.threshold));
  const pair = { ...loaded.config.pair, policy: pairPolicy(values, io) ?? loaded.config.pair.policy };
  const { report, comparison, base } = await runCheck({
    loaded,
    set: chosenSet(values),
    policy,
    pair,
    baseline,
    base: { commit: values["base-commit"], baseRef: values["base-ref"] },
    progress: (line) => io.stderr(line + "\n"),
    env: io.env,
    shard: values.shard === undefined ? undefined : parseShard(values.shard, "--shard"),
    profile: { settings: { ...loaded.config.profile, enabled: loaded.config.profile.enabled && !values["no-profile"] }, dir: profileDir(values, io) },
  });
  if (values.out) {
    await writeJsonFile(resolve(io.cwd, values.out), report);
    io.stderr(`perf-gate: wrote ${values.out}\n`);
  }
  if (values.html) {
    await writeTextFile(resolve(io.cwd, values.html), renderHtmlReport({ comparison, head: report, base, baseline }));
    io.stderr(`perf-gate: wrote ${values.html}\n`);
  }
  return emit(comparison, values, io);
}
