import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { failureOf, InputError } from "../errors.ts";
import { checkOutputPath } from "../io/files.ts";
import { plainLine, terminalLines } from "../render/escape.ts";
import { VERSION } from "../version.ts";
import { IMPORT_FORMATS } from "../measure/runners/importers/formats.ts";
import { importCommand } from "./import-command.ts";
import { mergeCommand } from "./merge-command.ts";
import { reportCommand } from "./report-command.ts";
import { type CliIo, EXIT } from "./io.ts";
import { chosenSet, OPTIONS } from "./options.ts";
import { runCommand } from "./run-command.ts";
import { compareCommand } from "./compare-command.ts";
import { checkCommand } from "./check-command.ts";

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
    case "compare":
      return compareCommand(rest, values, io);
    case "check":
      return checkCommand(rest, values, io);
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
