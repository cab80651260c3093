import { InputError } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type FormatDef, type ImportOptions, importedMetric, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, NO_FIT, type Sniffed } from "./sniff.ts";
import { toNanoseconds } from "./time-units.ts";

/** Luau's bench runner: `SUCCESS: base64   :   15.041ms +/-  0.636% on luau`. */
const RESULT = /^SUCCESS:\s*(.+?)\s*:\s*(\S+?)(ns|us|ms|s) \+\/-\s*(\S+)% on (\S+)\s*$/;

/** Per benchmark `time` in ms (the runner's average), lower is better; the spread goes to extra. */
export function importLuau(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "luau");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected the output of Luau's bench.py");
  const results: Array<{ name: string; ms: number; spread: number; driver: string }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const at = `line ${index + 1}`;
    if (/^(FAILED|ERROR)\b/.test(line)) throw new InputError(source, `${at}: a benchmark failed ("${line.trim().slice(0, 120)}"); only passing runs can be imported`);
    if (!line.startsWith("SUCCESS:")) return;
    const m = RESULT.exec(line);
    if (!m) throw new InputError(source, `${at}: expected "SUCCESS: NAME : 15.041ms +/- 0.636% on DRIVER", got "${line.trim().slice(0, 120)}"`);
    const value = parseNumber(m[2]!);
    const spread = parseNumber(m[4]!);
    if (value === undefined || value < 0 || spread === undefined) throw new InputError(source, `${at}: expected a time and a percentage, got "${m[2]}${m[3]}" and "${m[4]}%"`);
    results.push({ name: m[1]!, ms: toNanoseconds(value, m[3]!, source, at) / 1e6, spread, driver: m[5]! });
  });
  if (results.length === 0) throw new InputError(source, 'no Luau results found (expected "SUCCESS: NAME : 15.041ms +/- 0.636% on luau" lines)');
  const { ids, notes } = benchmarkIds(results.map((r) => ({ name: r.name, identity: `${r.driver} ${r.name}` })));
  const out = emptyOutput();
  out.notes.push(...notes);
  results.forEach((r, i) =>
    out.metrics.push(importedMetric(suite, ids[i]!, { stat: "time", unit: "ms", direction: "lower-is-better", value: r.ms }, { name: r.name, stddevPercent: r.spread, driver: r.driver })),
  );
  return out;
}

export const luauFormat: FormatDef = {
  tool: "Luau bench.py output",
  suite: "luau",
  importer: importLuau,
  detect: (input: Sniffed): Fit => (input.json === undefined && /^SUCCESS:\s*.+:\s*\S+ \+\/-\s*\S+% on \S+/m.test(input.text) ? { score: 1 } : NO_FIT),
};
