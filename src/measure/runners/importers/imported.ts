import { MAX_STORED_SAMPLES, thinSorted } from "../stored-samples.ts";
import { InputError } from "../../../errors.ts";
import type { Direction, Estimator, Metric } from "../../../report/schema.ts";
import type { RunnerOutput } from "../types.ts";
import { SuiteName } from "./naming.ts";
import type { Fit, Sniffed } from "./sniff.ts";

/** What the caller of an importer decides; the file cannot say it. */
export interface ImportOptions {
  /** Suite of every imported metric (the part of the id before `/`); each format has a default. */
  suite?: string;
  /** Direction of custom entries that carry no `biggerIsBetter`/`smallerIsBetter` flag. */
  direction?: Direction;
}

/** An importer: another tool's output (text) in, metrics and raw samples out. Pure. */
export type Importer = (text: string, source: string, options: ImportOptions) => RunnerOutput;

/** One format: how to import it, and how to recognise it from content (for `auto`). */
export interface FormatDef {
  /** The tool and output, as messages name it ("Google Benchmark JSON"). */
  tool: string;
  /** Suite of the metrics when none is chosen. */
  suite: string;
  importer: Importer;
  /** Absent for aliases (another name of a format `auto` already tests). */
  detect?: (input: Sniffed) => Fit;
  /** Direction of entries that carry none (custom lists). */
  direction?: Direction;
}

export type Extra = NonNullable<Metric["extra"]>;

export interface Stat {
  stat: string;
  unit: string;
  direction: Direction;
  value: number;
  /** Present only with a sample set, so the statistics can recompute the value from it. */
  estimator?: Estimator;
}

/** The suite name to use, checked when the user chose it. */
export function suiteOf(options: ImportOptions, fallback: string): string {
  if (options.suite === undefined) return fallback;
  const parsed = SuiteName.safeParse(options.suite);
  if (!parsed.success) throw new InputError("--suite", `"${options.suite}" ${parsed.error.issues[0]?.message ?? "is not a valid suite name"}`);
  return parsed.data;
}

/**
 * One imported metric. `samples` is the key of its sample set; it is linked only
 * when the stat has an estimator, since a sample set is only of use to the
 * statistics together with the way to recompute the value from it.
 */
export function importedMetric(suite: string, benchmark: string, s: Stat, extra: Extra, samples?: string): Metric {
  return {
    id: `${suite}/${benchmark}.${s.stat}`,
    suite,
    benchmark,
    stat: s.stat,
    kind: "import",
    unit: s.unit,
    direction: s.direction,
    value: s.value,
    ...(samples !== undefined && s.estimator ? { samples, estimator: s.estimator } : {}),
    extra,
  };
}

/** A finite number from text (`1,234.5`, `1e-3`), or undefined. */
export function parseNumber(text: string): number | undefined {
  if (!/^[-+]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  const value = Number(text.replace(/,/g, ""));
  return Number.isFinite(value) ? value : undefined;
}

export function meanOf(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * At most `max` values at evenly spaced ranks of the sorted values: the
 * distribution is kept (which is all the statistics use) while a Report of a
 * tool that ran 100,000 rounds stays small. Fewer values come back unchanged.
 */
export function thinned(values: readonly number[], max = MAX_STORED_SAMPLES): number[] {
  if (values.length <= max) return [...values];
  return thinSorted(
    [...values].sort((a, b) => a - b),
    max,
  );
}
