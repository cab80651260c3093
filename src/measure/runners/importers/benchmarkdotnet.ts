import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { entriesFit, type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

const ns = z.number().refine(Number.isFinite, "must be a finite number of ns").nonnegative();

/** The JSON exporters (`--exporters json`, `JsonExporter.Full`/`Brief`): times in ns per operation. */
export const BenchmarkDotNetJson = z.object({
  Title: z.string().optional(),
  HostEnvironmentInfo: z.object({ BenchmarkDotNetVersion: z.string().optional(), RuntimeVersion: z.string().optional() }).catchall(z.unknown()).optional(),
  Benchmarks: z
    .array(
      z.object({
        FullName: z.string().min(1),
        Type: z.string().optional(),
        Method: z.string().min(1),
        Parameters: z.string().optional(),
        // Null when the benchmark failed (it threw, or did not build): see below.
        Statistics: z
          .object({
            OriginalValues: z.array(ns).optional(),
            N: z.number().int().nonnegative().optional(),
            Mean: ns,
            Median: ns,
            Min: ns.optional(),
            Max: ns.optional(),
            StandardDeviation: ns.optional(),
            StandardError: ns.optional(),
          })
          .nullable()
          .optional(),
        Memory: z.object({ BytesAllocatedPerOperation: z.number().nonnegative().nullable().optional(), Gen0Collections: z.number().optional() }).catchall(z.unknown()).nullable().optional(),
      }),
    )
    .min(1, "expected at least one benchmark"),
});

/**
 * BenchmarkDotNet JSON: per benchmark `mean` and `p50` in ns per operation,
 * with the result iterations as samples, and `allocated` bytes per operation
 * when the memory diagnoser ran. A benchmark without statistics (it failed)
 * is an error.
 */
export function importBenchmarkDotNet(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "benchmarkdotnet");
  const data = parseWith(BenchmarkDotNetJson, parseJsonText(text, source, "a BenchmarkDotNet JSON report"), source, "BenchmarkDotNet JSON report");
  const names = data.Benchmarks.map((b) => ({
    name: `${b.Type ? `${b.Type}/` : ""}${b.Method}${b.Parameters ? `/${b.Parameters.replace(/&/g, ",")}` : ""}`,
    identity: `${b.FullName} ${b.Parameters ?? ""}`,
  }));
  const { ids, notes } = benchmarkIds(names);
  const out = emptyOutput();
  out.notes.push(...notes);
  const version = data.HostEnvironmentInfo?.BenchmarkDotNetVersion;
  if (version) out.notes.push(`BenchmarkDotNet ${version}${data.HostEnvironmentInfo?.RuntimeVersion ? ` on ${data.HostEnvironmentInfo.RuntimeVersion}` : ""}`);
  data.Benchmarks.forEach((b, i) => {
    const s = b.Statistics;
    if (!s) throw new InputError(source, `Benchmarks[${i}] ("${b.FullName}"): no Statistics: the benchmark failed (see BenchmarkDotNet's log)`);
    const benchmark = ids[i]!;
    const extra: Extra = { name: b.FullName };
    if (b.Parameters) extra.parameters = b.Parameters;
    if (s.StandardDeviation !== undefined) extra.stddevNs = s.StandardDeviation;
    if (s.N !== undefined) extra.n = s.N;
    const key = s.OriginalValues?.length ? `${suite}/${benchmark}` : undefined;
    if (key && s.OriginalValues) out.samples[key] = { unit: "ns", values: thinned(s.OriginalValues) };
    const stats: Stat[] = [
      { stat: "mean", unit: "ns", direction: "lower-is-better", value: s.Mean, estimator: { kind: "mean" } },
      { stat: "p50", unit: "ns", direction: "lower-is-better", value: s.Median, estimator: { kind: "median" } },
    ];
    const bytes = b.Memory?.BytesAllocatedPerOperation;
    if (bytes !== undefined && bytes !== null) stats.push({ stat: "allocated", unit: "B", direction: "lower-is-better", value: bytes });
    for (const stat of stats) out.metrics.push(importedMetric(suite, benchmark, stat, extra, key));
  });
  return out;
}

function detectBenchmarkDotNet(input: Sniffed): Fit {
  if (!isObject(input.json) || !("Benchmarks" in input.json)) return NO_FIT;
  return entriesFit(input.json.Benchmarks, ["FullName", "Method", "Statistics"], "Benchmarks");
}

export const benchmarkDotNetFormat: FormatDef = { tool: "BenchmarkDotNet JSON", suite: "benchmarkdotnet", importer: importBenchmarkDotNet, detect: detectBenchmarkDotNet };
