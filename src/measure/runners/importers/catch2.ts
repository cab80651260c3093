import { InputError } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, NO_FIT, type Sniffed } from "./sniff.ts";
import { toNanoseconds } from "./time-units.ts";

interface Result {
  testCase: string;
  name: string;
  samples?: number;
  iterations?: number;
  meanNs: number;
  lowNs: number;
  highNs: number;
  stddevNs: number;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) => {
    if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? all;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

function number(text: string | undefined, what: string, where: string, source: string): number {
  const value = text === undefined ? undefined : parseNumber(text);
  if (value === undefined || value < 0) throw new InputError(source, `${where}: expected ${what} as a non-negative number, got ${text === undefined ? "nothing" : `"${text}"`}`);
  return value;
}

/** `--reporter xml` (Catch2 v2 and v3): `BenchmarkResults` under each `TestCase`, values in ns. */
function parseXml(text: string, source: string): Result[] {
  const results: Result[] = [];
  let testCase = "";
  for (const m of text.matchAll(/<TestCase\b([^>]*)>|<BenchmarkResults\b([^>]*?)(\/>|>([\s\S]*?)<\/BenchmarkResults>)/g)) {
    if (m[1] !== undefined) {
      testCase = attributes(m[1]).name ?? "";
      continue;
    }
    const attrs = attributes(m[2]!);
    const name = attrs.name ?? "";
    const where = `benchmark "${name}"`;
    const body = m[4] ?? "";
    const failed = /<failed\b([^>]*)\/?>/.exec(body);
    if (failed) throw new InputError(source, `${where} (test case "${testCase}") failed: ${attributes(failed[1]!).message ?? "no message"}; Catch2 still reports success, but it has no result`);
    const mean = /<mean\b([^>]*)\/?>/.exec(body);
    const sd = /<standardDeviation\b([^>]*)\/?>/.exec(body);
    if (!mean) throw new InputError(source, `${where}: no <mean> element`);
    const meanAttrs = attributes(mean[1]!);
    results.push({
      testCase,
      name,
      samples: number(attrs.samples, "samples", where, source),
      iterations: number(attrs.iterations, "iterations", where, source),
      meanNs: number(meanAttrs.value, "mean value", where, source),
      lowNs: number(meanAttrs.lowerBound, "mean lowerBound", where, source),
      highNs: number(meanAttrs.upperBound, "mean upperBound", where, source),
      stddevNs: sd ? number(attributes(sd[1]!).value, "standardDeviation value", where, source) : 0,
    });
  }
  return results;
}

const VALUE = String.raw`([\d.e+-]+) (ns|us|µs|ms|s)`;
const HEAD = new RegExp(String.raw`^(.+?)\s+(\d+)\s+(\d+)\s+${VALUE}\s*$`);
const TRIPLE = new RegExp(String.raw`^\s+${VALUE}\s+${VALUE}\s+${VALUE}\s*$`);
const FAILED = /^(.+?)\s+Benchmark failed \((.*)\)\s*$/;

/** The console reporter: three lines per benchmark (samples/iterations, mean, std dev), under the test case's banner. */
function parseConsole(text: string, source: string): Result[] {
  const lines = text.split(/\r?\n/);
  const results: Result[] = [];
  let testCase = "";
  let inTable = false;
  lines.forEach((line, i) => {
    if (/^-{20,}$/.test(line) && lines[i + 2] !== undefined && /^-{20,}$/.test(lines[i + 2]!)) testCase = lines[i + 1]!.trim();
    if (/^benchmark name\s+samples\s+iterations/.test(line)) inTable = true;
    if (!inTable) return;
    const at = `line ${i + 1}`;
    const failed = FAILED.exec(line);
    if (failed) throw new InputError(source, `${at}: benchmark "${failed[1]}" (test case "${testCase}") failed: ${failed[2]}; Catch2 still reports success, but it has no result`);
    const head = HEAD.exec(line);
    if (!head) return;
    const mean = TRIPLE.exec(lines[i + 1] ?? "");
    const sd = TRIPLE.exec(lines[i + 2] ?? "");
    if (!mean || !sd) throw new InputError(source, `${at}: benchmark "${head[1]}" is not followed by its mean and std dev lines (a cut file?)`);
    const ns = (m: RegExpExecArray, k: number, what: string) => toNanoseconds(number(m[k], what, at, source), m[k + 1]!, source, at);
    results.push({
      testCase,
      name: head[1]!.trim(),
      samples: Number(head[2]),
      iterations: Number(head[3]),
      meanNs: ns(mean, 1, "mean"),
      lowNs: ns(mean, 3, "low mean"),
      highNs: ns(mean, 5, "high mean"),
      stddevNs: ns(sd, 1, "std dev"),
    });
  });
  return results;
}

/**
 * Catch2's benchmark results (XML or console reporter): per benchmark the
 * `mean` time in ns, lower is better, with its bootstrap interval in extra.
 * Catch2 does not write the samples. A benchmark that failed (Catch2 still
 * exits 0 and says "All tests passed") is an error.
 */
export function importCatch2(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "catch2");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected Catch2 benchmark output (console or --reporter xml)");
  const results = text.trimStart().startsWith("<") ? parseXml(text, source) : parseConsole(text, source);
  if (results.length === 0) throw new InputError(source, "no Catch2 benchmark results found (build with CATCH_CONFIG_ENABLE_BENCHMARKING and use BENCHMARK)");
  const { ids, notes } = benchmarkIds(results.map((r) => ({ name: r.name, identity: `${r.testCase}\0${r.name}` })));
  const out = emptyOutput();
  out.notes.push(...notes);
  results.forEach((r, i) => {
    const extra: Extra = { name: r.name, testCase: r.testCase, lowMeanNs: r.lowNs, highMeanNs: r.highNs, stddevNs: r.stddevNs };
    if (r.samples !== undefined) extra.samples = r.samples;
    if (r.iterations !== undefined) extra.iterations = r.iterations;
    out.metrics.push(importedMetric(suite, ids[i]!, { stat: "mean", unit: "ns", direction: "lower-is-better", value: r.meanNs }, extra));
  });
  return out;
}

function detectCatch2(input: Sniffed): Fit {
  if (input.json !== undefined || input.jsonLines) return NO_FIT;
  if (/<Catch2?TestRun\b|<Catch\b/.test(input.text)) return /<BenchmarkResults\b/.test(input.text) ? { score: 1 } : { score: 0.5, misfit: "a Catch2 XML report without <BenchmarkResults>" };
  if (/^benchmark name\s+samples\s+iterations/m.test(input.text)) return { score: 1 };
  return /Catch v?\d|Catch2 v\d/.test(input.text) ? { score: 0.5, misfit: 'Catch2 console output without a "benchmark name  samples  iterations" table' } : NO_FIT;
}

export const catch2Format: FormatDef = { tool: "Catch2 benchmarks (console or XML)", suite: "catch2", importer: importCatch2, detect: detectCatch2 };
