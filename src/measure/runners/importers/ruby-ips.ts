import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds } from "./naming.ts";
import { parseJsonText } from "./json-text.ts";
import { type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

const finite = z.number().refine(Number.isFinite, "must be a finite number");

/** `x.json!(FILE)`: per report its iterations per second and their standard deviation. */
export const IpsJson = z
  .array(z.object({ name: z.string().min(1), ips: finite.nonnegative(), stddev: finite.nonnegative().optional(), iterations: z.number().optional(), microseconds: z.number().optional() }))
  .min(1, "expected at least one report");

const SCALE: Record<string, number> = { "": 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12 };
/** `   fib(15)      8.051k (±11.5%) i/s -      8.000k in   1.007190s` (a long name stands on the line before). */
const CALCULATED = /^\s*(?:(.*\S)\s+)?(\d[\d.]*)([kMBT]?) \(±\s*([\d.]+)%\) i\/s\s+-\s+\S+ in\s+\S+$/;
/** `       string concat:  2854998.1 i/s` in the comparison: the same rate, unrounded. */
const COMPARED = /^\s*(.+?):\s+([\d.]+) i\/s\b/;

/**
 * Ruby benchmark-ips console output, or the file `x.json!` writes: per report
 * `ips` (iterations per second, higher is better) with its ± error in extra.
 * The console's comparison section, when printed, gives the unrounded rate.
 */
export function importRubyIps(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "ruby");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected benchmark-ips output");
  if (text.trimStart().startsWith("[")) return fromJson(text, source, suite);
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^Calculating -+/.test(l));
  if (start < 0) throw new InputError(source, 'no "Calculating ---" section (expected the console output of Benchmark.ips)');
  const results = new Map<string, { ips: number; error: number }>();
  let section: "calculating" | "comparison" | "other" = "calculating";
  let pendingName: string | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^Comparison:/.test(line)) section = "comparison";
    else if (/^\S/.test(line) && section === "calculating" && !CALCULATED.test(line)) section = "other";
    if (section === "calculating") {
      const m = CALCULATED.exec(line);
      if (!m) {
        // A line that mentions i/s but does not read as a result would drop a result silently.
        if (/ i\/s\b/.test(line)) throw new InputError(source, `line ${i + 1}: expected "NAME  1.234k (±1.2%) i/s - 8.000k in 1.0s", got "${line.trim().slice(0, 120)}"`);
        if (line.trim()) pendingName = line.trim();
        continue;
      }
      const name = m[1] || pendingName;
      pendingName = undefined;
      const value = parseNumber(m[2]!);
      if (!name || value === undefined) throw new InputError(source, `line ${i + 1}: expected "NAME  1.234k (±1.2%) i/s - ...", got "${line.trim().slice(0, 120)}"`);
      results.set(name, { ips: value * SCALE[m[3]!]!, error: Number(m[4]) });
    } else if (section === "comparison") {
      const m = COMPARED.exec(line);
      const known = m ? results.get(m[1]!) : undefined;
      if (m && known) known.ips = Number(m[2]);
    }
  }
  if (results.size === 0) throw new InputError(source, 'no benchmark-ips results found (expected "NAME  1.234k (±1.2%) i/s - ..." lines)');
  const names = [...results.keys()];
  const { ids, notes } = benchmarkIds(names.map((name) => ({ name, identity: name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  names.forEach((name, i) => {
    const r = results.get(name)!;
    const extra: Extra = { name, errorPercent: r.error };
    out.metrics.push(importedMetric(suite, ids[i]!, { stat: "ips", unit: "i/s", direction: "higher-is-better", value: r.ips }, extra));
  });
  return out;
}

function fromJson(text: string, source: string, suite: string): RunnerOutput {
  const data = parseWith(IpsJson, parseJsonText(text, source, "a benchmark-ips json! file"), source, "benchmark-ips JSON");
  const { ids, notes } = benchmarkIds(data.map((r) => ({ name: r.name, identity: r.name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  data.forEach((r, i) => {
    const extra: Extra = { name: r.name };
    if (r.stddev !== undefined) extra.stddev = r.stddev;
    if (r.iterations !== undefined) extra.iterations = r.iterations;
    out.metrics.push(importedMetric(suite, ids[i]!, { stat: "ips", unit: "i/s", direction: "higher-is-better", value: r.ips }, extra));
  });
  return out;
}

export const rubyIpsFormat: FormatDef = {
  tool: "Ruby benchmark-ips output",
  suite: "ruby",
  importer: importRubyIps,
  detect: (input: Sniffed): Fit => {
    if (Array.isArray(input.json)) {
      const first: unknown = input.json[0];
      return isObject(first) && "ips" in first && "central_tendency" in first ? { score: 1 } : NO_FIT;
    }
    if (input.json !== undefined) return NO_FIT;
    if (/^Calculating -+/m.test(input.text)) return /\) i\/s\s+-/.test(input.text) ? { score: 1 } : { score: 0.5, misfit: 'a "Calculating" section without "(±N%) i/s" lines' };
    return NO_FIT;
  },
};
