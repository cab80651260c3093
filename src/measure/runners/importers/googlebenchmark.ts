import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, meanOf, type Stat, suiteOf } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { entriesFit, type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";
import { toNanoseconds } from "./time-units.ts";

const finite = z.number().refine(Number.isFinite, "must be a finite number");

const Run = z
  .object({
    name: z.string().min(1),
    run_name: z.string().optional(),
    run_type: z.enum(["iteration", "aggregate"]).optional(),
    aggregate_name: z.string().optional(),
    repetition_index: z.number().int().optional(),
    iterations: z.number().nonnegative().optional(),
    real_time: finite.nonnegative().optional(),
    cpu_time: finite.nonnegative().optional(),
    time_unit: z.string().optional(),
    bytes_per_second: finite.nonnegative().optional(),
    items_per_second: finite.nonnegative().optional(),
    error_occurred: z.boolean().optional(),
    error_message: z.string().optional(),
    skipped: z.boolean().optional(),
    skip_message: z.string().optional(),
  })
  .catchall(z.unknown());
type Run = z.infer<typeof Run>;

/** `--benchmark_format=json` / `--benchmark_out`: a `context` and the runs, repetitions and aggregates. */
export const GoogleBenchmarkJson = z.object({
  context: z.object({ library_build_type: z.string().optional(), num_cpus: z.number().optional(), host_name: z.string().optional() }).catchall(z.unknown()),
  benchmarks: z.array(Run).min(1, "expected at least one benchmark"),
});

const RATES = [
  ["bytes_per_second", "bytes-per-s", "B/s"],
  ["items_per_second", "items-per-s", "items/s"],
] as const;

/**
 * Per benchmark: `time` (real time) and `cpu` (CPU time) in ns, and the
 * bytes/items rates when set; each repetition is a sample and the value is
 * their mean. With `--benchmark_report_aggregates_only` the `mean` aggregate
 * is the value (no samples). A run that reported an error is an error here.
 */
export function importGoogleBenchmark(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "googlebenchmark");
  const data = parseWith(GoogleBenchmarkJson, parseJsonText(text, source, "a Google Benchmark JSON file"), source, "Google Benchmark JSON file");
  const groups = new Map<string, { iterations: Run[]; aggregates: Map<string, Run> }>();
  const skipped: string[] = [];
  data.benchmarks.forEach((run, index) => {
    if (run.error_occurred || (run.skipped && run.error_message)) {
      throw new InputError(source, `benchmarks[${index}] ("${run.name}"): the benchmark failed: ${run.error_message ?? "error_occurred"}`);
    }
    // SkipWithMessage: the benchmark chose not to run; it has no result, and a note says so.
    if (run.skipped) {
      skipped.push(`${run.name}${run.skip_message ? ` (${run.skip_message})` : ""}`);
      return;
    }
    const key = run.run_name ?? run.name;
    const group = groups.get(key) ?? { iterations: [], aggregates: new Map<string, Run>() };
    if (run.run_type === "aggregate") group.aggregates.set(run.aggregate_name ?? run.name, run);
    else group.iterations.push(run);
    groups.set(key, group);
  });
  const names = [...groups.keys()];
  const { ids, notes } = benchmarkIds(names.map((name) => ({ name, identity: name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  const threads = data.context.num_cpus !== undefined ? ` on ${data.context.num_cpus} CPUs` : "";
  if (skipped.length) out.notes.push(`Google Benchmark: skipped ${skipped.join(", ")}`);
  out.notes.push(`Google Benchmark (${data.context.library_build_type ?? "unknown"} build of the library)${threads}`);
  names.forEach((name, i) => {
    const benchmark = ids[i]!;
    const group = groups.get(name)!;
    const runs = group.iterations.length ? group.iterations : [group.aggregates.get("mean") ?? group.aggregates.get("median")].filter((r) => r !== undefined);
    if (runs.length === 0) throw new InputError(source, `"${name}": no iteration run and no mean or median aggregate`);
    const sampled = group.iterations.length > 0;
    const extra: Extra = { name, repetitions: group.iterations.length || 1 };
    const iterations = runs.map((r) => r.iterations).filter((n) => n !== undefined);
    if (iterations.length) extra.iterations = iterations.join(",");
    const add = (stat: Stat, values: number[]) => {
      const key = sampled ? `${suite}/${benchmark}.${stat.stat}` : undefined;
      if (key) out.samples[key] = { unit: stat.unit, values };
      out.metrics.push(importedMetric(suite, benchmark, { ...stat, value: meanOf(values) }, extra, key));
    };
    for (const [field, stat] of [
      ["real_time", "time"],
      ["cpu_time", "cpu"],
    ] as const) {
      const values = runs.map((r, j) => {
        const v = r[field];
        if (v === undefined) throw new InputError(source, `"${name}" (run ${j + 1}): no ${field}`);
        return toNanoseconds(v, r.time_unit ?? "ns", source, `"${name}".time_unit`);
      });
      add({ stat, unit: "ns", direction: "lower-is-better", value: 0, estimator: { kind: "mean" } }, values);
    }
    for (const [field, stat, unit] of RATES) {
      const values = runs.flatMap((r) => (r[field] !== undefined ? [r[field]] : []));
      if (values.length === runs.length) add({ stat, unit, direction: "higher-is-better", value: 0, estimator: { kind: "mean" } }, values);
    }
    // User counters carry no direction in the JSON: kept as facts, not judged.
    const known = new Set(Object.keys(Run.shape).concat(["family_index", "per_family_instance_index", "threads", "repetitions", "aggregate_unit"]));
    for (const [k, v] of Object.entries(runs[0]!)) if (!known.has(k) && typeof v === "number") extra[`counter:${k}`] = meanOf(runs.map((r) => (typeof r[k] === "number" ? r[k] : v)));
  });
  return out;
}

function detectGoogleBenchmark(input: Sniffed): Fit {
  if (!isObject(input.json) || !("benchmarks" in input.json)) return NO_FIT;
  if (!isObject(input.json.context)) return { score: 0.3, misfit: 'no "context" object' };
  return entriesFit(input.json.benchmarks, ["name", "real_time", "time_unit"], "benchmarks");
}

export const googleBenchmarkFormat: FormatDef = { tool: "Google Benchmark JSON", suite: "googlebenchmark", importer: importGoogleBenchmark, detect: detectGoogleBenchmark };
