import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import type { Direction } from "../../../report/schema.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type ImportOptions, importedMetric, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { entriesFit, type Fit, NO_FIT, type Sniffed } from "./sniff.ts";
import type { FormatDef } from "./imported.ts";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One entry of the custom list; the fields of github-action-benchmark's
 * `customBiggerIsBetter`/`customSmallerIsBetter` entries (where `extra` is a
 * string and `range` a string like "± 3"), plus a direction flag and raw samples.
 */
export const CustomEntry = z
  .object({
    name: z.string().min(1),
    unit: z.string().min(1),
    value: finite,
    biggerIsBetter: z.boolean().optional(),
    smallerIsBetter: z.boolean().optional(),
    /** Raw observations (in `unit`) whose mean is `value`; they give the comparison an interval. */
    samples: z.array(finite).min(1).optional(),
    extra: z.union([z.string(), z.record(z.string(), Scalar)]).optional(),
    range: z.union([z.string(), finite]).optional(),
  })
  .strict();
export type CustomEntry = z.infer<typeof CustomEntry>;

export const CustomList = z.array(CustomEntry).min(1, "expected at least one entry");

function directionOf(entry: CustomEntry, index: number, source: string, fallback: Direction | undefined): Direction {
  const fromBigger = entry.biggerIsBetter === undefined ? undefined : entry.biggerIsBetter ? "higher-is-better" : "lower-is-better";
  const fromSmaller = entry.smallerIsBetter === undefined ? undefined : entry.smallerIsBetter ? "lower-is-better" : "higher-is-better";
  if (fromBigger && fromSmaller && fromBigger !== fromSmaller) {
    throw new InputError(source, `[${index}]: biggerIsBetter and smallerIsBetter contradict each other`);
  }
  const direction = fromBigger ?? fromSmaller ?? fallback;
  if (!direction) {
    throw new InputError(source, `[${index}] ("${entry.name}"): expected "biggerIsBetter": true or "smallerIsBetter": true (or import the file as customBiggerIsBetter / customSmallerIsBetter)`);
  }
  return direction;
}

/** A custom JSON list: one `value` metric per entry. */
export function importCustom(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "custom");
  const entries = parseWith(CustomList, parseJsonText(text, source, "a list of { name, unit, value } entries"), source, "custom benchmark list");
  const { ids, notes: idNotes } = benchmarkIds(entries.map((e) => ({ name: e.name, identity: e.name })));
  const seen = new Map<string, number>();
  const out = emptyOutput();
  out.notes.push(...idNotes);
  entries.forEach((entry, index) => {
    const benchmark = ids[index]!;
    const previous = seen.get(entry.name);
    if (previous !== undefined) throw new InputError(source, `[${index}].name: "${entry.name}" already names entry [${previous}]`);
    seen.set(entry.name, index);
    const extra: Extra = { name: entry.name };
    if (typeof entry.extra === "string") extra.extra = entry.extra;
    else if (entry.extra) for (const [k, v] of Object.entries(entry.extra)) if (k !== "name") extra[k] = v;
    if (entry.range !== undefined) extra.range = entry.range;
    const direction = directionOf(entry, index, source, options.direction);
    // Without samples the value is the one observation: re-measured rounds
    // (confirmation) are merged into sample sets, and then it is a replicate.
    const key = `${suite}/${benchmark}`;
    out.samples[key] = { unit: entry.unit, values: entry.samples ? thinned(entry.samples) : [entry.value] };
    if (entry.samples) extra.samples = entry.samples.length;
    out.metrics.push(importedMetric(suite, benchmark, { stat: "value", unit: entry.unit, direction, value: entry.value, estimator: { kind: "mean" } }, extra, key));
  });
  return out;
}

function detectCustom(input: Sniffed): Fit {
  if (!Array.isArray(input.json)) return NO_FIT;
  return entriesFit(input.json, ["name", "unit", "value"], "entry", 0.3);
}

export const customFormat: FormatDef = { tool: "custom JSON list", suite: "custom", importer: importCustom, detect: detectCustom };
