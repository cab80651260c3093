import { InputError } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, NO_FIT, type Sniffed } from "./sniff.ts";

/** libtest's bench line: `test name ... bench:   1,234.56 ns/iter (+/- 78.9)`, maybe ` = 635 MB/s`. */
const RESULT = /^test (\S+)\s+\.\.\. bench:\s+(\S+) ns\/iter \(\+\/- (\S+)\)(?: = (\S+) MB\/s)?\s*$/;
const OUTCOME = /^test (\S+)\s+\.\.\. (FAILED|ignored|ok)\b/;
const TARGET = /^\s*Running (?:unittests )?(\S+)/;

interface Bench {
  name: string;
  target: string;
  nsPerIter: number;
  deviation: number;
  mbPerSecond?: number;
}

function numberAt(text: string, what: string, at: string, source: string): number {
  const value = parseNumber(text);
  if (value === undefined || value < 0) throw new InputError(source, `${at}: expected ${what} as a non-negative number, got "${text}"`);
  return value;
}

/** The reason libtest printed for a failed benchmark: the line after "panicked at". */
function failureReason(lines: string[], name: string): string | undefined {
  const start = lines.findIndex((l) => l.trim() === `---- ${name} stdout ----`);
  if (start < 0) return undefined;
  const panic = lines.findIndex((l, i) => i > start && /panicked at/.test(l));
  return panic >= 0 ? lines[panic + 1]?.trim() : undefined;
}

/**
 * `cargo bench` with libtest's harness (`#[bench]`). libtest prints the median
 * ns per iteration and the spread (max - min) of its samples, not the samples:
 * so `time` is judged by the threshold alone. A benchmark that FAILED is an
 * error; ignored ones are named in a note.
 */
export function importCargo(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "cargo");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected `cargo bench` output");
  const lines = text.split(/\r?\n/);
  const benches: Bench[] = [];
  const ignored: string[] = [];
  let target = "";
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    const at = `line ${index + 1}`;
    const running = TARGET.exec(line);
    if (running) target = running[1]!;
    const result = RESULT.exec(line);
    if (result) {
      const [name, ns, dev, mb] = [result[1]!, result[2]!, result[3]!, result[4]];
      benches.push({
        name,
        target,
        nsPerIter: numberAt(ns, "ns/iter", at, source),
        deviation: numberAt(dev, "the +/- spread", at, source),
        ...(mb !== undefined ? { mbPerSecond: numberAt(mb, "MB/s", at, source) } : {}),
      });
      return;
    }
    const outcome = OUTCOME.exec(line);
    if (outcome?.[2] === "FAILED") {
      const reason = failureReason(lines, outcome[1]!);
      throw new InputError(source, `${at}: benchmark "${outcome[1]}" FAILED${reason ? ` (${reason.slice(0, 120)})` : ""}; only passing runs can be imported`);
    }
    if (outcome?.[2] === "ignored") ignored.push(outcome[1]!);
    else if (/^test \S+\s+\.\.\. bench:/.test(line)) throw new InputError(source, `${at}: expected "test NAME ... bench: 1,234 ns/iter (+/- 56)", got "${line.slice(0, 120)}"`);
  });
  if (benches.length === 0) throw new InputError(source, 'no benchmark results found (expected lines like "test NAME ... bench: 1,234 ns/iter (+/- 56)" from `cargo bench`)');
  const { ids, notes } = benchmarkIds(benches.map((b) => ({ name: b.name, identity: `${b.target} ${b.name}` })));
  const out = emptyOutput();
  out.notes.push(...notes);
  if (ignored.length) out.notes.push(`cargo bench: ignored ${ignored.join(", ")}`);
  benches.forEach((b, i) => {
    const extra: Extra = { name: b.name, deviationNs: b.deviation };
    if (b.target) extra.target = b.target;
    out.metrics.push(importedMetric(suite, ids[i]!, { stat: "time", unit: "ns", direction: "lower-is-better", value: b.nsPerIter }, extra));
    if (b.mbPerSecond !== undefined) out.metrics.push(importedMetric(suite, ids[i]!, { stat: "throughput", unit: "MB/s", direction: "higher-is-better", value: b.mbPerSecond }, extra));
  });
  return out;
}

function detectCargo(input: Sniffed): Fit {
  if (input.json !== undefined || input.jsonLines) return NO_FIT;
  if (/^test \S+\s+\.\.\. bench:\s+\S+ ns\/iter/m.test(input.text)) return { score: 1 };
  return /^running \d+ tests?$/m.test(input.text) ? { score: 0.5, misfit: 'libtest output without a "test NAME ... bench: N ns/iter" line' } : NO_FIT;
}

export const cargoFormat: FormatDef = { tool: "cargo bench (libtest)", suite: "cargo", importer: importCargo, detect: detectCargo };
