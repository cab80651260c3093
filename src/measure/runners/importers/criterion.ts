import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, parseNumber, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, hasKeys, isObject, NO_FIT, type Sniffed } from "./sniff.ts";
import { toNanoseconds } from "./time-units.ts";

const finite = z.number().refine(Number.isFinite, "must be a finite number");

interface Result {
  name: string;
  stats: Stat[];
  extra: Extra;
  /** Time per iteration of each sample, in ns. */
  samples?: number[];
}

// --- cargo-criterion --message-format=json ---------------------------------

const Interval = z.object({ estimate: finite, lower_bound: finite.optional(), upper_bound: finite.optional(), unit: z.string().optional() });
const Complete = z.object({
  reason: z.literal("benchmark-complete"),
  id: z.string().min(1),
  iteration_count: z.array(z.number().positive()).optional(),
  measured_values: z.array(finite.nonnegative()).optional(),
  unit: z.string(),
  throughput: z.array(z.object({ per_iteration: z.number().positive(), unit: z.string() })).optional(),
  typical: Interval.optional(),
  mean: Interval,
  median: Interval,
  slope: Interval.nullable().optional(),
});

const THROUGHPUT_UNITS: Record<string, string> = { bytes: "B/s", bytesdecimal: "B/s", elements: "elements/s" };

function fromMessages(lines: unknown[], source: string): Result[] {
  const results: Result[] = [];
  lines.forEach((line, index) => {
    if (!isObject(line) || line.reason !== "benchmark-complete") return;
    const m = parseWith(Complete, line, source, `cargo-criterion message (line ${index + 1})`);
    const ns = (v: number, field: string) => toNanoseconds(v, m.unit, source, `line ${index + 1}: ${field}`);
    const counts = m.iteration_count ?? [];
    const values = m.measured_values ?? [];
    if (counts.length !== values.length) throw new InputError(source, `line ${index + 1} ("${m.id}"): iteration_count and measured_values differ in length`);
    const samples = values.map((v, i) => ns(v / counts[i]!, "measured_values"));
    const extra: Extra = { name: m.id, meanLowNs: ns(m.mean.lower_bound ?? m.mean.estimate, "mean"), meanHighNs: ns(m.mean.upper_bound ?? m.mean.estimate, "mean") };
    if (samples.length) extra.samples = samples.length;
    const stats: Stat[] = [
      // criterion's mean and median are those of the samples' times per iteration.
      { stat: "mean", unit: "ns", direction: "lower-is-better", value: ns(m.mean.estimate, "mean"), estimator: { kind: "mean" } },
      { stat: "median", unit: "ns", direction: "lower-is-better", value: ns(m.median.estimate, "median"), estimator: { kind: "median" } },
    ];
    if (m.slope) stats.push({ stat: "slope", unit: "ns", direction: "lower-is-better", value: ns(m.slope.estimate, "slope") });
    const typical = ns((m.typical ?? m.mean).estimate, "typical");
    for (const t of m.throughput ?? []) {
      const unit = THROUGHPUT_UNITS[t.unit.toLowerCase()] ?? `${t.unit}/s`;
      if (typical > 0) stats.push({ stat: unit === "B/s" ? "bytes-per-s" : "elements-per-s", unit, direction: "higher-is-better", value: t.per_iteration / (typical / 1e9) });
    }
    results.push({ name: m.id, stats, extra, ...(samples.length ? { samples } : {}) });
  });
  return results;
}

// --- target/criterion/<id>/new/estimates.json -------------------------------

const Estimate = z.object({ point_estimate: finite, standard_error: finite.optional(), confidence_interval: z.object({ lower_bound: finite, upper_bound: finite }).optional() });
export const CriterionEstimates = z.object({ mean: Estimate, median: Estimate, std_dev: Estimate.optional(), median_abs_dev: Estimate.optional(), slope: Estimate.nullable().optional() });

/** The benchmark's id from where criterion keeps the file: `criterion/<id>/new/estimates.json`. */
function nameFromPath(source: string): string {
  const parts = source.split(/[\\/]/);
  const at = parts.lastIndexOf("criterion");
  const end = parts.length - 2; // without "new" (or "base") and the file name
  if (at >= 0 && end > at + 1) return parts.slice(at + 1, end).join("/");
  return parts[end - 1] ?? "benchmark";
}

function fromEstimates(data: unknown, source: string): Result[] {
  const e = parseWith(CriterionEstimates, data, source, "criterion estimates.json");
  const extra: Extra = { name: nameFromPath(source) };
  if (e.mean.confidence_interval) Object.assign(extra, { meanLowNs: e.mean.confidence_interval.lower_bound, meanHighNs: e.mean.confidence_interval.upper_bound });
  if (e.std_dev) extra.stddevNs = e.std_dev.point_estimate;
  const stats: Stat[] = [
    { stat: "mean", unit: "ns", direction: "lower-is-better", value: e.mean.point_estimate },
    { stat: "median", unit: "ns", direction: "lower-is-better", value: e.median.point_estimate },
  ];
  if (e.slope) stats.push({ stat: "slope", unit: "ns", direction: "lower-is-better", value: e.slope.point_estimate });
  return [{ name: extra.name as string, stats, extra }];
}

// --- console output of `cargo bench` with criterion -------------------------

const TRIPLE = String.raw`\[(\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\]`;
const TIME = new RegExp(String.raw`^(.*?)\s*time:\s+${TRIPLE}\s*$`);
const THRPT = new RegExp(String.raw`^\s+thrpt:\s+${TRIPLE}\s*$`);
const RATE: Record<string, [string, number]> = {
  "B/s": ["B/s", 1],
  "KiB/s": ["B/s", 1024],
  "MiB/s": ["B/s", 1024 ** 2],
  "GiB/s": ["B/s", 1024 ** 3],
  "TiB/s": ["B/s", 1024 ** 4],
  "KB/s": ["B/s", 1e3],
  "MB/s": ["B/s", 1e6],
  "GB/s": ["B/s", 1e9],
  "elem/s": ["elements/s", 1],
  "Kelem/s": ["elements/s", 1e3],
  "Melem/s": ["elements/s", 1e6],
  "Gelem/s": ["elements/s", 1e9],
};

function fromConsole(text: string, source: string): Result[] {
  const results: Result[] = [];
  const lines = text.split(/\r?\n/);
  // A panic ends the run: the benchmarks after it never report, so the file is incomplete.
  const panic = lines.findIndex((l) => /panicked at/.test(l));
  if (panic >= 0) throw new InputError(source, `line ${panic + 1}: the benchmark run failed ("${lines[panic]!.trim().slice(0, 120)}"); the results after it are missing`);
  const started = new Set(lines.flatMap((l) => /^Benchmarking (.+?): Analyzing$/.exec(l)?.[1] ?? []));
  lines.forEach((line, i) => {
    const time = TIME.exec(line);
    if (!time) return;
    const at = `line ${i + 1}`;
    // A long name stands on its own line, with "time:" on the next.
    const name = (time[1]!.trim() || lines[i - 1]?.trim() || "").trim();
    if (!name) throw new InputError(source, `${at}: a "time:" line without a benchmark name`);
    const num = (t: string) => {
      const v = parseNumber(t);
      if (v === undefined || v < 0) throw new InputError(source, `${at}: expected a non-negative number, got "${t}"`);
      return v;
    };
    const ns = (k: number) => toNanoseconds(num(time[k]!), time[k + 1]!, source, at);
    const extra: Extra = { name, lowNs: ns(2), highNs: ns(6) };
    const stats: Stat[] = [{ stat: "time", unit: "ns", direction: "lower-is-better", value: ns(4) }];
    const thrpt = THRPT.exec(lines[i + 1] ?? "");
    if (thrpt) {
      const rate = RATE[thrpt[4]!];
      if (!rate) throw new InputError(source, `line ${i + 2}: unknown throughput unit "${thrpt[4]}"`);
      stats.push({ stat: rate[0] === "B/s" ? "bytes-per-s" : "elements-per-s", unit: rate[0], direction: "higher-is-better", value: num(thrpt[3]!) * rate[1] });
    }
    results.push({ name, stats, extra });
  });
  const missing = [...started].filter((n) => !results.some((r) => r.name === n));
  if (missing.length) throw new InputError(source, `"${missing[0]}" was analysed but printed no "time:" line (a cut file?)`);
  return results;
}

/**
 * Criterion.rs results, from any of: cargo-criterion's `--message-format=json`
 * lines (with every sample), one `estimates.json` (named by its path under
 * `target/criterion/`), or the console output of `cargo bench`. Times in ns,
 * lower is better; throughput, when set, is higher-is-better.
 */
export function importCriterion(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "criterion");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected Criterion output");
  let results: Result[];
  const trimmed = text.trim();
  if (trimmed.startsWith("{") && trimmed.includes("\n")) {
    const lines = trimmed
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "")
      .map((l, i) => {
        try {
          return JSON.parse(l) as unknown;
        } catch {
          throw new InputError(source, `line ${i + 1}: expected one cargo-criterion JSON message per line`);
        }
      });
    results = fromMessages(lines, source);
  } else if (trimmed.startsWith("{")) {
    const data = parseJsonText(text, source, "criterion JSON");
    results = isObject(data) && "reason" in data ? fromMessages([data], source) : fromEstimates(data, source);
  } else results = fromConsole(text, source);
  if (results.length === 0) throw new InputError(source, 'no Criterion results found (expected "NAME  time: [...]" lines, cargo-criterion JSON messages, or an estimates.json)');
  const { ids, notes } = benchmarkIds(results.map((r) => ({ name: r.name, identity: r.name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  results.forEach((r, i) => {
    const key = r.samples ? `${suite}/${ids[i]}` : undefined;
    if (key && r.samples) out.samples[key] = { unit: "ns", values: thinned(r.samples) };
    for (const s of r.stats) out.metrics.push(importedMetric(suite, ids[i]!, s, r.extra, key));
  });
  return out;
}

function detectCriterion(input: Sniffed): Fit {
  if (input.jsonLines) {
    const hit = input.jsonLines.some((l) => isObject(l) && l.reason === "benchmark-complete");
    return hit ? { score: 1 } : input.jsonLines.some((l) => isObject(l) && "reason" in l) ? { score: 0.4, misfit: 'no "benchmark-complete" message' } : NO_FIT;
  }
  if (isObject(input.json)) {
    if (input.json.reason === "benchmark-complete") return { score: 1 };
    if (hasKeys(input.json, ["mean", "median"])) return hasKeys(input.json.mean, ["point_estimate"]) ? { score: 1 } : { score: 0.4, misfit: 'mean has no "point_estimate"' };
    return NO_FIT;
  }
  if (input.json !== undefined) return NO_FIT;
  return TIME.test(input.text.split(/\r?\n/).find((l) => /time:\s+\[/.test(l)) ?? "") ? { score: 1 } : NO_FIT;
}

export const criterionFormat: FormatDef = { tool: "Criterion.rs (console, cargo-criterion JSON, estimates.json)", suite: "criterion", importer: importCriterion, detect: detectCriterion };
