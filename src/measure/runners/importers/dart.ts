import { InputError } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type FormatDef, type ImportOptions, importedMetric, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, NO_FIT, type Sniffed } from "./sniff.ts";
import { toNanoseconds } from "./time-units.ts";

/** `Template(RunTime): 1.0 us.`: what `BenchmarkBase.report()` prints. */
const RESULT = /^(.+)\((RunTime|RunTimeRaw)\): (\S+) (us|ms|ns|s)\.?\s*$/;

/** dart benchmark_harness: per benchmark `time` per run in ns, lower is better. */
export function importDart(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "dart");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected benchmark_harness output");
  const results: Array<{ name: string; ns: number }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!/\(RunTime(Raw)?\):/.test(line)) return;
    const m = RESULT.exec(line.trim());
    const value = m ? parseNumber(m[3]!) : undefined;
    if (!m || value === undefined || value < 0) throw new InputError(source, `line ${index + 1}: expected "NAME(RunTime): 12.3 us.", got "${line.trim().slice(0, 120)}"`);
    results.push({ name: m[1]!, ns: toNanoseconds(value, m[4]!, source, `line ${index + 1}`) });
  });
  if (results.length === 0) throw new InputError(source, 'no benchmark_harness results found (expected "NAME(RunTime): 12.3 us." lines)');
  const { ids, notes } = benchmarkIds(results.map((r) => ({ name: r.name, identity: r.name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  results.forEach((r, i) => out.metrics.push(importedMetric(suite, ids[i]!, { stat: "time", unit: "ns", direction: "lower-is-better", value: r.ns }, { name: r.name })));
  return out;
}

export const dartFormat: FormatDef = {
  tool: "dart benchmark_harness output",
  suite: "dart",
  importer: importDart,
  detect: (input: Sniffed): Fit => {
    if (input.json !== undefined) return NO_FIT;
    if (/^.+\(RunTime\): \S+ (us|ms|ns|s)\.?\s*$/m.test(input.text)) return { score: 1 };
    return /\(RunTime(Raw)?\):/.test(input.text) ? { score: 0.5, misfit: 'a "(RunTime):" line without "VALUE us."' } : NO_FIT;
  },
};
