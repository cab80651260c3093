import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import type { Direction } from "../../../report/schema.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, suiteOf } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds, sanitiseName } from "./naming.ts";
import { type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const Measure = z.object({ value: finite, lower_value: finite.optional(), upper_value: finite.optional() });

/** Bencher Metric Format: `{ BENCHMARK: { MEASURE: { value, lower_value?, upper_value? } } }`. */
export const BmfJson = z.record(z.string().min(1), z.record(z.string().min(1), Measure));

/** Bencher's built-in measures: their units and which way is better. */
const KNOWN: Record<string, { unit: string; direction: Direction }> = {
  latency: { unit: "ns", direction: "lower-is-better" },
  throughput: { unit: "ops/s", direction: "higher-is-better" },
  "file-size": { unit: "B", direction: "lower-is-better" },
  "build-time": { unit: "s", direction: "lower-is-better" },
  instructions: { unit: "count", direction: "lower-is-better" },
  cycles: { unit: "cycles", direction: "lower-is-better" },
};

/** A custom measure's direction: rates and throughput are higher-is-better, anything else lower. */
function measureOf(name: string): { unit: string; direction: Direction } {
  return KNOWN[name] ?? { unit: name, direction: /throughput|per[-_]?s(ec(ond)?)?$|rps|ops|qps|hit[-_]?rate/i.test(name) ? "higher-is-better" : "lower-is-better" };
}

/**
 * Bencher Metric Format JSON: one metric per benchmark and measure, with
 * `lower_value`/`upper_value` in extra. BMF says no direction: Bencher's
 * built-in measures have theirs, other names are read by their words.
 */
export function importBmf(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "bmf");
  const data = parseWith(BmfJson, parseJsonText(text, source, "a Bencher Metric Format (BMF) file"), source, "Bencher Metric Format file");
  const names = Object.keys(data);
  if (names.length === 0) throw new InputError(source, "no benchmarks in the BMF file");
  const { ids, notes } = benchmarkIds(names.map((name) => ({ name, identity: name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  names.forEach((name, i) => {
    const measures = Object.entries(data[name]!);
    if (measures.length === 0) throw new InputError(source, `"${name}": no measures`);
    for (const [measure, m] of measures) {
      const extra: Extra = { name, measure };
      if (m.lower_value !== undefined) extra.lowerValue = m.lower_value;
      if (m.upper_value !== undefined) extra.upperValue = m.upper_value;
      const { unit, direction } = measureOf(measure);
      out.metrics.push(importedMetric(suite, ids[i]!, { stat: sanitiseName(measure).replace(/_/g, "-"), unit, direction, value: m.value }, extra));
    }
  });
  return out;
}

function detectBmf(input: Sniffed): Fit {
  if (!isObject(input.json)) return NO_FIT;
  const first = Object.values(input.json)[0];
  if (!isObject(first)) return NO_FIT;
  const measure = Object.values(first)[0];
  if (isObject(measure) && typeof measure.value === "number") return { score: 1 };
  return { score: 0.2, misfit: 'the first benchmark\'s first measure has no numeric "value"' };
}

export const bmfFormat: FormatDef = { tool: "Bencher Metric Format (BMF) JSON", suite: "bmf", importer: importBmf, detect: detectBmf };
