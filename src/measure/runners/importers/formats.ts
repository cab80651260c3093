import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { checkMeasured } from "../../../report/checks.ts";
import type { RunnerOutput } from "../types.ts";
import { asvFormat } from "./asv.ts";
import { benchmarkDotNetFormat } from "./benchmarkdotnet.ts";
import { benchmarkJsFormat } from "./benchmarkjs.ts";
import { bmfFormat } from "./bmf.ts";
import { callgrindFormat } from "./callgrind.ts";
import { cargoFormat } from "./cargo.ts";
import { catch2Format } from "./catch2.ts";
import { checkOutput } from "./check-output.ts";
import { criterionFormat } from "./criterion.ts";
import { customFormat } from "./custom.ts";
import { dartFormat } from "./dart.ts";
import { goFormat } from "./go.ts";
import { googleBenchmarkFormat } from "./googlebenchmark.ts";
import { hyperfineFormat } from "./hyperfine.ts";
import type { FormatDef, ImportOptions } from "./imported.ts";
import { jmhFormat } from "./jmh.ts";
import { parseJsonText } from "./json-text.ts";
import { juliaFormat } from "./julia.ts";
import { k6Format } from "./k6.ts";
import { luauFormat } from "./luau.ts";
import { mitataFormat } from "./mitata.ts";
import { pytestFormat } from "./pytest.ts";
import { rubyIpsFormat } from "./ruby-ips.ts";
import { type Fit, sniff } from "./sniff.ts";
import { tinybenchFormat } from "./tinybench.ts";
import { vitestFormat } from "./vitest.ts";

/**
 * Formats by name, in the order `auto` prefers them. `customBiggerIsBetter` /
 * `customSmallerIsBetter` are the custom list with a direction for entries
 * that carry no flag (the names github-action-benchmark gives them);
 * `pytest-benchmark` is `pytest`; `googlebenchmark` is `googlecpp`; `gungraun`
 * and `iai` are `iai-callgrind`. BMF comes last: almost any JSON object of
 * objects looks like it.
 */
const FORMATS = {
  custom: customFormat,
  customBiggerIsBetter: { ...customFormat, detect: undefined, direction: "higher-is-better" },
  customSmallerIsBetter: { ...customFormat, detect: undefined, direction: "lower-is-better" },
  hyperfine: hyperfineFormat,
  pytest: pytestFormat,
  "pytest-benchmark": { ...pytestFormat, detect: undefined },
  go: goFormat,
  benchmarkjs: benchmarkJsFormat,
  googlecpp: googleBenchmarkFormat,
  googlebenchmark: { ...googleBenchmarkFormat, detect: undefined },
  cargo: cargoFormat,
  catch2: catch2Format,
  criterion: criterionFormat,
  jmh: jmhFormat,
  benchmarkdotnet: benchmarkDotNetFormat,
  julia: juliaFormat,
  benchmarkluau: luauFormat,
  vitest: vitestFormat,
  mitata: mitataFormat,
  tinybench: tinybenchFormat,
  k6: k6Format,
  "ruby-benchmark-ips": rubyIpsFormat,
  "iai-callgrind": callgrindFormat,
  gungraun: { ...callgrindFormat, detect: undefined },
  iai: { ...callgrindFormat, detect: undefined },
  dart: dartFormat,
  asv: asvFormat,
  bmf: bmfFormat,
} satisfies Record<string, FormatDef>;

type FormatName = keyof typeof FORMATS;
const NAMES = Object.keys(FORMATS) as FormatName[];
/** Every name `import` and `format:` accept; `auto` recognises the format from the content. */
export const IMPORT_FORMATS: Array<FormatName | "auto"> = [...NAMES, "auto"];
export const ImportFormat = z.enum(IMPORT_FORMATS as [FormatName | "auto", ...Array<FormatName | "auto">]);
export type ImportFormat = z.infer<typeof ImportFormat>;

function def(name: FormatName): FormatDef {
  return FORMATS[name];
}

/** The format named by the user, or an InputError listing the formats. */
export function importFormat(name: string, source: string): ImportFormat {
  const parsed = ImportFormat.safeParse(name);
  if (!parsed.success) throw new InputError(source, `unknown import format "${name}" (expected one of: ${IMPORT_FORMATS.join(", ")})`);
  return parsed.data;
}

/** The suite metrics of a format land in when none is chosen; unknown before reading for `auto`. */
export function defaultSuite(format: ImportFormat): string | undefined {
  return format === "auto" ? undefined : def(format).suite;
}

interface Ranked {
  name: FormatName;
  fit: Fit;
}

/** Every detectable format with its fit to `text`, best first (ties keep the table's order). */
export function rankFormats(text: string): Ranked[] {
  const input = sniff(text);
  const ranked: Ranked[] = [];
  for (const name of NAMES) {
    const detect = def(name).detect;
    if (detect) ranked.push({ name, fit: detect(input) });
  }
  return ranked.sort((a, b) => b.fit.score - a.fit.score);
}

/** The format whose signature `text` carries, or an InputError naming the closest and what did not fit. */
export function detectFormat(text: string, source: string): FormatName {
  if (text.trim() === "") throw new InputError(source, "file is empty, expected the output of a benchmark tool");
  const trimmed = text.trimStart();
  // Text that starts like JSON but does not parse: where it breaks says more than any format could.
  if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && !trimmed.startsWith("[ ") && sniffFails(text)) parseJsonText(text, source, "JSON");
  const ranked = rankFormats(text);
  const best = ranked[0];
  if (best && best.fit.score >= 1) return best.name;
  const near = ranked.filter((r) => r.fit.score > 0).slice(0, 3);
  const closest = near.length ? `; closest: ${near.map((r) => `${r.name} (${def(r.name).tool}: ${r.fit.misfit ?? "partial match"})`).join(", ")}` : "";
  throw new InputError(source, `format not recognised: no importer's signature matches${closest} (name the format instead of auto to see the full error)`);
}

function sniffFails(text: string): boolean {
  const input = sniff(text);
  return input.json === undefined && input.jsonLines === undefined;
}

/** Another tool's output as metrics and samples; malformed input is an InputError naming `source`. */
export function importResults(format: ImportFormat, text: string, source: string, options: ImportOptions = {}): RunnerOutput {
  const name = format === "auto" ? detectFormat(text, source) : format;
  const entry = def(name);
  let output: RunnerOutput;
  try {
    output = entry.importer(text, source, { ...options, direction: options.direction ?? entry.direction });
  } catch (error) {
    throw format === "auto" ? error : withHint(error, name, text);
  }
  checkOutput(output, source);
  checkMeasured(output, source);
  if (format === "auto") output.notes.push(`Recognised as ${entry.tool} (format ${name}).`);
  return output;
}

/** An import error of a file that is plainly another tool's output says which tool. */
function withHint(error: unknown, chosen: FormatName, text: string): unknown {
  if (!(error instanceof InputError)) return error;
  const best = rankFormats(text)[0];
  if (!best || best.fit.score < 1 || def(best.name).importer === def(chosen).importer) return error;
  return new InputError(error.source, `${error.message.slice(error.source.length + 2)} (this looks like ${def(best.name).tool}: import it as "${best.name}" or "auto")`);
}
