// The CLI's options, parsed once, and what several commands do with them.
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BenchmarkSet } from "../config/schema.ts";
import { loadConfig } from "../config/load.ts";
import type { Comparison } from "../report/comparison.ts";
import { PairPolicy } from "../config/schema.ts";
import { InputError } from "../errors.ts";
import { writeTextFile } from "../io/files.ts";
import { parseWith } from "../report/parse.ts";
import { defaultPolicy, policyFromConfig, type Policy } from "../compare/policy.ts";
import { renderJson } from "../render/json.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { renderTerminal } from "../render/terminal.ts";
import { type CliIo, EXIT } from "./io.ts";

export const OPTIONS = {
  config: { type: "string" },
  quick: { type: "boolean" },
  full: { type: "boolean" },
  out: { type: "string" },
  threshold: { type: "string" },
  markdown: { type: "string" },
  json: { type: "string" },
  html: { type: "string" },
  comparison: { type: "string" },
  report: { type: "string" },
  base: { type: "string" },
  baseline: { type: "string" },
  only: { type: "string", multiple: true },
  previous: { type: "string" },
  shard: { type: "string" },
  suite: { type: "string" },
  pair: { type: "string" },
  confirm: { type: "string" },
  "base-commit": { type: "string" },
  "base-ref": { type: "string" },
  "no-fail": { type: "boolean" },
  "no-profile": { type: "boolean" },
  "profile-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

export function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/%$/, ""));
  if (!Number.isFinite(value) || value <= 0) throw new InputError("--threshold", `expected a positive percentage, got "${text}"`);
  return value;
}

export function chosenSet(values: Values): BenchmarkSet {
  if (values.quick && values.full) throw new InputError("arguments", "--quick and --full exclude each other");
  return values.full ? "full" : "quick";
}

export async function policyFor(values: Values, io: CliIo): Promise<Policy> {
  const threshold = parseThreshold(values.threshold);
  if (!values.config) return defaultPolicy(threshold);
  const loaded = await loadConfig(resolve(io.cwd, values.config));
  return policyFromConfig(loaded.config, values.config, threshold);
}

export async function emit(comparison: Comparison, values: Values, io: CliIo): Promise<number> {
  io.stdout(renderTerminal(comparison, { color: io.color }));
  if (values.markdown) await writeTextFile(resolve(io.cwd, values.markdown), renderMarkdown(comparison));
  if (values.json) await writeTextFile(resolve(io.cwd, values.json), renderJson(comparison));
  if (comparison.verdict === "fail" && !values["no-fail"]) return EXIT.regression;
  return EXIT.ok;
}

/** `--pair`, or the old `--confirm` spelled the new way (with a warning). */
export function pairPolicy(values: Values, io: CliIo): PairPolicy | undefined {
  if (values.pair !== undefined && values.confirm !== undefined) throw new InputError("arguments", "--pair replaces --confirm; give only --pair");
  if (values.pair !== undefined) return parseWith(PairPolicy, values.pair, "--pair", "pairing policy");
  if (values.confirm === undefined) return undefined;
  const mapped = ({ off: "off", "on-regression": "flagged", always: "always" } as const)[values.confirm];
  if (!mapped) throw new InputError("--confirm", `expected off, on-regression or always, got "${values.confirm}" (--confirm is now --pair always|flagged|off)`);
  io.stderr(`perf-gate: warning: --confirm is now --pair; use --pair ${mapped}\n`);
  return mapped;
}

/** Where profiles go: `--profile-dir`, else beside the report (JSON, markdown or Report file), else the working directory. */
export function profileDir(values: Values, io: CliIo): string {
  if (values["profile-dir"]) return resolve(io.cwd, values["profile-dir"]);
  const beside = values.json ?? values.markdown ?? values.out;
  return resolve(beside ? dirname(resolve(io.cwd, beside)) : io.cwd, "perf-gate-profiles");
}
