import { InputError } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds, sanitiseName } from "./naming.ts";
import { type Fit, NO_FIT, type Sniffed } from "./sniff.ts";

/** `  Instructions:   1734|1650   (+5.09%) [+1.04x]` (Iai-Callgrind, Gungraun) or `  Instructions:   1735` (Iai). */
const METRIC = /^\s+([A-Za-z][\w +./-]*?):\s+(\S+?)(?:\|(\S+))?(?:\s+\(.*)?$/;

/**
 * Iai, Iai-Callgrind and Gungraun console output: per benchmark every event
 * count Valgrind reports (instructions, cache hits, estimated cycles, ...),
 * lower is better. Counts are exact, so there are no samples. The value is the
 * new run's (left of `|`); the old one, when there is one, goes to extra.
 */
export function importCallgrind(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "callgrind");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected Iai, Iai-Callgrind or Gungraun output");
  const lines = text.split(/\r?\n/);
  const benches: Array<{ name: string; metrics: Array<{ name: string; value: number; old?: number }> }> = [];
  let current: (typeof benches)[number] | undefined;
  lines.forEach((line, index) => {
    const at = `line ${index + 1}`;
    const metric = METRIC.exec(line);
    if (metric && current) {
      const value = parseNumber(metric[2]!);
      if (value === undefined || value < 0) throw new InputError(source, `${at}: expected a count for "${metric[1]}", got "${metric[2]}"`);
      const old = metric[3] !== undefined ? parseNumber(metric[3]) : undefined;
      current.metrics.push({ name: metric[1]!, value, ...(old !== undefined ? { old } : {}) });
      return;
    }
    // A benchmark's name stands alone at column 0, and its counts follow, indented.
    if (/^\S/.test(line) && METRIC.test(lines[index + 1] ?? "") && !/^(running|test result|Running)\b/.test(line)) {
      current = { name: line.trim(), metrics: [] };
      benches.push(current);
    } else if (/^\S/.test(line)) current = undefined;
  });
  if (benches.length === 0) throw new InputError(source, 'no Callgrind results found (expected a benchmark name, then lines like "  Instructions:   1734|N/A")');
  const { ids, notes } = benchmarkIds(benches.map((b) => ({ name: b.name, identity: b.name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  benches.forEach((b, i) => {
    const seen = new Set<string>();
    for (const m of b.metrics) {
      const stat = sanitiseName(m.name.toLowerCase().replace(/\+/g, "-")).replace(/_/g, "-");
      if (seen.has(stat)) throw new InputError(source, `"${b.name}": "${m.name}" appears twice`);
      seen.add(stat);
      const extra: Extra = { name: b.name };
      if (m.old !== undefined) extra.previous = m.old;
      const unit = /rate/i.test(m.name) ? "%" : /cycles/i.test(m.name) ? "cycles" : "count";
      out.metrics.push(importedMetric(suite, ids[i]!, { stat, unit, direction: /hit rate/i.test(m.name) ? "higher-is-better" : "lower-is-better", value: m.value }, extra));
    }
  });
  return out;
}

export const callgrindFormat: FormatDef = {
  tool: "Iai / Iai-Callgrind / Gungraun output",
  suite: "callgrind",
  importer: importCallgrind,
  detect: (input: Sniffed): Fit => (input.json === undefined && /^\S.*\n\s+Instructions:\s+\d/m.test(input.text) ? { score: 1 } : NO_FIT),
};
