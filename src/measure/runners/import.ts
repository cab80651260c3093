import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError } from "../../errors.ts";
import { defaultSuite, importResults } from "./importers/formats.ts";
import { readInputFile } from "./importers/read-input.ts";
import { globCouldMatchSuite, keepMatching } from "./importers/select.ts";
import type { ImportSpec } from "../../config/import-spec.ts";
import { runShellCommand } from "./shell-command.ts";
import { emptyOutput, type RunContext, type RunnerOutput } from "./types.ts";

/** Slack for file systems with coarse timestamps when telling a fresh results file from a stale one. */
const MTIME_SLACK_MS = 2000;

/**
 * Imports another tool's results, after running the command that produces
 * them when there is one. With `--only`, the command runs only when some glob
 * could match the suite, and only matching metrics are kept.
 */
export async function runImport(spec: ImportSpec, ctx: RunContext): Promise<RunnerOutput> {
  // With `auto` and no suite chosen, the suite is known only after reading the file.
  const suite = spec.suite ?? defaultSuite(spec.format);
  const label = suite ?? spec.file;
  const only = ctx.only?.length ? ctx.only : undefined;
  if (only && suite !== undefined && !only.some((g) => globCouldMatchSuite(g, suite))) return emptyOutput();
  const file = resolve(ctx.root, spec.file);
  if (spec.command) {
    ctx.progress(`  ${label}: running "${spec.command}"`);
    const started = Date.now();
    await runShellCommand({ command: spec.command, cwd: ctx.root, progress: ctx.progress, signal: ctx.signal, env: ctx.env, cpu: ctx.cpu });
    const written = await stat(file).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (written === undefined) throw new InputError(file, `file not found after running "${spec.command}" (does the command write it?)`);
    if (written < started - MTIME_SLACK_MS) throw new InputError(file, `was not rewritten by "${spec.command}" (it is older than the run), so its results would be stale`);
  }
  const text = await readInputFile(file);
  const output = importResults(spec.format, text, file, { suite });
  ctx.progress(`  ${label}: imported ${output.metrics.length} metrics from ${spec.file} (${spec.format})`);
  return only ? keepMatching(output, only) : output;
}
