import { resolve } from "node:path";
import { Comparison, COMPARISON_SCHEMA } from "../report/comparison.ts";
import { InputError } from "../errors.ts";
import { readJsonFile, writeJsonFile, writeTextFile } from "../io/files.ts";
import { parseReport, parseWith } from "../report/parse.ts";
import { mergeComparisons, mergeReports, type Part } from "../report/merge.ts";
import { renderJson } from "../render/json.ts";
import { renderMergedMarkdown, renderMergedTerminal } from "../render/merged.ts";
import type { Report } from "../report/schema.ts";
import { type CliIo, EXIT } from "./io.ts";

export interface MergeArgs {
  files: string[];
  out?: string;
  markdown?: string;
  json?: string;
  noFail?: boolean;
}

const slug = (text: string): string => text.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "");

/** `out` for one environment among several: `report.json` becomes `report.linux-x64-node-v24.1.0.json`. */
function outFor(out: string, key: string): string {
  return out.replace(/(\.json)?$/i, `.${slug(key)}$1`);
}

/**
 * `perf-gate merge PART...`: the partial Reports of sharded runs become one
 * Report per environment (--out); the partial comparisons of sharded checks
 * become one verdict and one comment (--markdown, --json), exit 1 on a regression.
 */
export async function mergeCommand(args: MergeArgs, io: CliIo): Promise<number> {
  if (args.files.length < 1) throw new InputError("arguments", "merge needs the partial Reports or comparisons: merge PART... [--out FILE]");
  const loaded = await Promise.all(args.files.map(async (file) => ({ file, data: await readJsonFile(resolve(io.cwd, file)) })));
  const isComparison = (data: unknown) => typeof data === "object" && data !== null && (data as { schema?: unknown }).schema === COMPARISON_SCHEMA;
  const comparisons = loaded.filter((l) => isComparison(l.data));
  if (comparisons.length > 0 && comparisons.length < loaded.length) {
    const report = loaded.find((l) => !isComparison(l.data))!;
    throw new InputError(report.file, `is not a comparison, but ${comparisons[0]!.file} is; merge either partial Reports or partial comparisons`);
  }
  if (comparisons.length > 0) {
    const parts: Array<Part<Comparison>> = loaded.map((l) => ({ source: l.file, value: parseWith(Comparison, l.data, l.file, "perf-gate comparison") }));
    const groups = mergeComparisons(parts);
    io.stdout(renderMergedTerminal(groups, io.color));
    if (args.markdown) await writeTextFile(resolve(io.cwd, args.markdown), renderMergedMarkdown(groups));
    if (args.json) await writeTextFile(resolve(io.cwd, args.json), groups.length === 1 ? renderJson(groups[0]!.comparison) : JSON.stringify(groups, null, 2) + "\n");
    return groups.some((g) => g.comparison.verdict === "fail") && !args.noFail ? EXIT.regression : EXIT.ok;
  }
  const parts: Array<Part<Report>> = loaded.map((l) => ({ source: l.file, value: parseReport(l.data, l.file) }));
  const merged = mergeReports(parts);
  if (merged.length === 1) {
    const { report } = merged[0]!;
    if (!args.out) io.stdout(JSON.stringify(report, null, 2) + "\n");
    else {
      await writeJsonFile(resolve(io.cwd, args.out), report);
      io.stderr(`perf-gate: merged ${parts.length} parts (${report.metrics.length} metrics) into ${args.out}\n`);
    }
    return EXIT.ok;
  }
  // Several environments stay apart: one Report each.
  if (!args.out)
    throw new InputError("arguments", `the parts ran in ${merged.length} environments (${merged.map((m) => m.key).join("; ")}), which are never mixed; give --out FILE to write one Report for each`);
  for (const { key, report } of merged) {
    const file = outFor(args.out, key);
    await writeJsonFile(resolve(io.cwd, file), report);
    io.stderr(`perf-gate: ${key}: ${report.metrics.length} metrics into ${file}\n`);
  }
  return EXIT.ok;
}
