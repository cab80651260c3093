import { InputError } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type ImportOptions, importedMetric, meanOf, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, type Sniffed, textFit } from "./sniff.ts";
import type { FormatDef } from "./imported.ts";

/** `String(benchmark)` in benchmark.js: `fib(20) x 11,465 ops/sec ±1.12% (91 runs sampled)`. */
const RESULT = /^(.+) x (\S+) ops\/sec (?:±|\+-|\+\/-)\s?(\S+)% \((\d+) runs? sampled\)$/;
const EXPECTED = 'expected "NAME x 1,234 ops/sec ±1.23% (90 runs sampled)"';
/**
 * What `String(benchmark)` gives for a benchmark that threw: its name, ": ",
 * then the error's enumerable fields (often none) or the thrown value.
 */
const ERRORED = /^(.+?): (|.*(?:Error|message: ).*)$/;

interface Result {
  name: string;
  hz: number[];
  rme: number[];
  runs: number[];
}

/**
 * benchmark.js result lines, as its `cycle` handlers print them. Other lines
 * (headers, "Fastest is ...") are skipped; a line that mentions ops/sec but does
 * not read as a result is an error, so that a result is never dropped silently.
 * A name repeated (the suite run several times) gives several samples.
 */
export function parseBenchmarkJs(text: string, source: string): Result[] {
  if (text.trim() === "") throw new InputError(source, `file is empty, ${EXPECTED} lines from benchmark.js`);
  const results = new Map<string, Result>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const at = `line ${index + 1}`;
    const errored = ERRORED.exec(raw.trimStart());
    if (errored && !line.includes("ops/sec")) {
      const detail = errored[2]!.trim();
      throw new InputError(source, `${at}: benchmark "${errored[1]}" threw${detail ? ` (${detail.slice(0, 120)})` : ""} and has no result; fix it or take it out of the suite`);
    }
    if (!line.includes("ops/sec")) return;
    const match = RESULT.exec(line);
    if (!match) throw new InputError(source, `${at}: ${EXPECTED}, got "${line.slice(0, 120)}"`);
    const [, name = "", hzText = "", rmeText = "", runsText = ""] = match;
    const hz = parseNumber(hzText);
    if (hz === undefined || hz <= 0) throw new InputError(source, `${at}: expected a positive number of ops/sec, got "${hzText}"`);
    const rme = parseNumber(rmeText);
    if (rme === undefined || rme < 0) throw new InputError(source, `${at}: expected the relative margin of error as a percentage, got "${rmeText}%"`);
    const result = results.get(name.trim()) ?? { name: name.trim(), hz: [], rme: [], runs: [] };
    result.hz.push(hz);
    result.rme.push(rme);
    result.runs.push(Number(runsText));
    results.set(result.name, result);
  });
  if (results.size === 0) throw new InputError(source, `no benchmark.js results found (${EXPECTED} lines)`);
  return [...results.values()];
}

/** Per benchmark `ops` (ops/s, higher is better); the ± margin and run count go to `extra`. */
export function importBenchmarkJs(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "benchmarkjs");
  const results = parseBenchmarkJs(text, source);
  const { ids, notes: idNotes } = benchmarkIds(results.map((r) => ({ name: r.name, identity: r.name })));
  const out = emptyOutput();
  out.notes.push(...idNotes);
  results.forEach((r, i) => {
    const benchmark = ids[i]!;
    const single = r.hz.length === 1;
    const extra: Extra = { name: r.name, rme: single ? r.rme[0]! : r.rme.join(","), runs: single ? r.runs[0]! : r.runs.join(",") };
    // Repeated results of one benchmark are its samples. Even one is kept: re-measured
    // rounds (confirmation) are merged into sample sets, and then it is a replicate.
    const key = `${suite}/${benchmark}`;
    out.samples[key] = { unit: "ops/s", values: r.hz };
    out.metrics.push(importedMetric(suite, benchmark, { stat: "ops", unit: "ops/s", direction: "higher-is-better", value: meanOf(r.hz), estimator: { kind: "mean" } }, extra, key));
  });
  return out;
}

export const benchmarkJsFormat: FormatDef = {
  tool: "benchmark.js console output",
  suite: "benchmarkjs",
  importer: importBenchmarkJs,
  detect: (input: Sniffed): Fit =>
    input.json !== undefined ? { score: 0 } : textFit(input.text, /^.+ x [\d,.]+ ops\/sec (?:±|\+-|\+\/-)/m, 'line like "NAME x 1,234 ops/sec ±1.23% (90 runs sampled)"'),
};
