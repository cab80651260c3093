import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { compare } from "../compare/compare.ts";
import { withBottlenecks } from "../compare/bottlenecks.ts";
import { BenchmarkSet } from "../config/schema.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../config/load.ts";
import type { Comparison } from "../report/comparison.ts";
import { PairPolicy } from "../config/schema.ts";
import { runCheck } from "../pair/check.ts";
import { failureOf, InputError } from "../errors.ts";
import { carryHistory, withTrends } from "../report/history.ts";
import { checkOutputPath, loadReport, writeJsonFile, writeTextFile } from "../io/files.ts";
import { parseWith } from "../report/parse.ts";
import { defaultPolicy, policyFromConfig, type Policy } from "../compare/policy.ts";
import { renderJson } from "../render/json.ts";
import { plainLine, terminalLines } from "../render/escape.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { renderTerminal } from "../render/terminal.ts";
import type { Report } from "../report/schema.ts";
import { runSet } from "../measure/run-set.ts";
import { VERSION } from "../version.ts";
import { IMPORT_FORMATS } from "../measure/runners/importers/formats.ts";
import { importCommand } from "./import-command.ts";
import { mergeCommand } from "./merge-command.ts";
import { parseShard } from "../report/shard.ts";
import { reportCommand } from "./report-command.ts";
import { renderHtmlReport } from "../render/html-report.ts";
import { type CliIo, EXIT } from "./io.ts";

export const USAGE = `perf-gate ${VERSION}: catch performance regressions

Usage:
  perf-gate run [--config FILE] [--quick|--full] [--out FILE] [--only GLOB]... [--shard I/N] [--previous FILE]
  perf-gate compare BASELINE CURRENT [--threshold PCT] [--config FILE] [--markdown FILE] [--json FILE]
  perf-gate check [--config FILE] [--quick|--full] [--baseline FILE] [--base-ref BRANCH|--base-commit SHA]
                  [--pair always|flagged|off] [--out FILE] [--threshold PCT] [--shard I/N]
                  [--markdown FILE] [--json FILE] [--html FILE] [--no-fail] [--no-profile] [--profile-dir DIR]
  perf-gate report --comparison FILE [--report FILE] [--base FILE] [--baseline FILE] --out FILE
                  the HTML report (one self-contained file) of a comparison (the
                  --json of check or compare), this run's Report (--report), the
                  paired base's (--base) and main's baseline with its history
  perf-gate merge PART... [--out FILE] [--markdown FILE] [--json FILE] [--no-fail]
                  PART: partial Reports of \`run --shard\` (one Report per OS/Node
                  version to --out), or partial comparisons of \`check --shard --json\`
                  (one verdict and one comment)
  perf-gate import FORMAT FILE [--out FILE] [--suite NAME] [--quick|--full]
                  FORMAT: auto (recognised from the content), or one of
                          ${IMPORT_FORMATS.filter((f) => f !== "auto")
                            .join(", ")
                            .replace(/(.{1,60})(, |$)/g, "$1,\n                          ")
                            .replace(/,\n\s*$/, "")}
                  FILE: - reads standard input
  perf-gate --help | --version

Exit status: 0 no regression, 1 regression or broken budget, 2 bad input, 3 internal error.`;

const OPTIONS = {
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

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/%$/, ""));
  if (!Number.isFinite(value) || value <= 0) throw new InputError("--threshold", `expected a positive percentage, got "${text}"`);
  return value;
}

function chosenSet(values: Values): BenchmarkSet {
  if (values.quick && values.full) throw new InputError("arguments", "--quick and --full exclude each other");
  return values.full ? "full" : "quick";
}

async function policyFor(values: Values, io: CliIo): Promise<Policy> {
  const threshold = parseThreshold(values.threshold);
  if (!values.config) return defaultPolicy(threshold);
  const loaded = await loadConfig(resolve(io.cwd, values.config));
  return policyFromConfig(loaded.config, values.config, threshold);
}

async function emit(comparison: Comparison, values: Values, io: CliIo): Promise<number> {
  io.stdout(renderTerminal(comparison, { color: io.color }));
  if (values.markdown) await writeTextFile(resolve(io.cwd, values.markdown), renderMarkdown(comparison));
  if (values.json) await writeTextFile(resolve(io.cwd, values.json), renderJson(comparison));
  if (comparison.verdict === "fail" && !values["no-fail"]) return EXIT.regression;
  return EXIT.ok;
}

/** `--pair`, or the old `--confirm` spelled the new way (with a warning). */
function pairPolicy(values: Values, io: CliIo): PairPolicy | undefined {
  if (values.pair !== undefined && values.confirm !== undefined) throw new InputError("arguments", "--pair replaces --confirm; give only --pair");
  if (values.pair !== undefined) return parseWith(PairPolicy, values.pair, "--pair", "pairing policy");
  if (values.confirm === undefined) return undefined;
  const mapped = ({ off: "off", "on-regression": "flagged", always: "always" } as const)[values.confirm];
  if (!mapped) throw new InputError("--confirm", `expected off, on-regression or always, got "${values.confirm}" (--confirm is now --pair always|flagged|off)`);
  io.stderr(`perf-gate: warning: --confirm is now --pair; use --pair ${mapped}\n`);
  return mapped;
}

/** Where profiles go: `--profile-dir`, else beside the report (JSON, markdown or Report file), else the working directory. */
function profileDir(values: Values, io: CliIo): string {
  if (values["profile-dir"]) return resolve(io.cwd, values["profile-dir"]);
  const beside = values.json ?? values.markdown ?? values.out;
  return resolve(beside ? dirname(resolve(io.cwd, beside)) : io.cwd, "perf-gate-profiles");
}

async function runCommand(values: Values, io: CliIo): Promise<Report> {
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

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (values.help || command === "help") {
    io.stdout(USAGE + "\n");
    return EXIT.ok;
  }
  if (command === undefined) {
    // A mistake, not a request for help: the usage goes with the error, to stderr.
    io.stderr(USAGE + "\n\n");
    throw new InputError("arguments", "no command given (run, compare, check, merge, report or import)");
  }
  for (const path of [values.out, values.markdown, values.json, values.html]) if (path !== undefined) await checkOutputPath(resolve(io.cwd, path));
  switch (command) {
    case "run": {
      if (rest.length) throw new InputError("arguments", `run takes no positional arguments (got "${rest.join(" ")}")`);
      const report = await runCommand(values, io);
      if (!values.out) io.stdout(JSON.stringify(report, null, 2) + "\n");
      return EXIT.ok;
    }
    case "compare": {
      if (rest.length !== 2) throw new InputError("arguments", "compare needs two files: BASELINE CURRENT");
      const policy = await policyFor(values, io);
      const [baseline, current] = await Promise.all(rest.map((f) => loadReport(resolve(io.cwd, f))));
      return emit(withBottlenecks(withTrends(compare(baseline, current!, policy), baseline)), values, io);
    }
    case "check": {
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
    case "merge":
      return mergeCommand({ files: rest, out: values.out, markdown: values.markdown, json: values.json, noFail: values["no-fail"] }, io);
    case "report":
      return reportCommand({ positionals: rest, comparison: values.comparison, report: values.report, base: values.base, baseline: values.baseline, out: values.out }, io);
    case "import":
      return importCommand({ positionals: rest, out: values.out, suite: values.suite, set: chosenSet(values) }, io);
    default:
      throw new InputError("arguments", `unknown command "${command}" (try --help)`);
  }
}

/** Longest error line printed; a message quoting a huge name is cut. */
const ERROR_LINE_CAP = 2000;

/** Runs the CLI and returns its exit status; never throws. */
export async function runCli(argv: string[], given: CliIo): Promise<number> {
  // Names and messages come from benchmark files and Reports: no escape sequence reaches the terminal.
  const io: CliIo = { ...given, stderr: (text) => given.stderr(terminalLines(text)) };
  const errorLine = (text: string) => io.stderr(`perf-gate: ${plainLine(text, ERROR_LINE_CAP)}\n`);
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const failure = failureOf(error);
    errorLine(failure.message);
    if (failure.exitCode === EXIT.internal && io.env.PERF_GATE_DEBUG) io.stderr(`${failure.stack ?? ""}\n`);
    return failure.exitCode;
  }
}
