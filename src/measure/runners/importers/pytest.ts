import { z } from "zod";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type ImportOptions, importedMetric, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { entriesFit, type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";
import type { FormatDef } from "./imported.ts";

const seconds = z.number().refine(Number.isFinite, "must be a finite number of seconds").nonnegative();

/**
 * pytest-benchmark's JSON (`--benchmark-json`, or a file saved by
 * `--benchmark-save`): times in seconds per iteration. `data` holds the time of
 * every round; `--benchmark-json` always writes it, saved files only with
 * `--benchmark-save-data`.
 */
export const PytestBenchmarkJson = z.object({
  version: z.string().optional(),
  machine_info: z.object({ python_implementation: z.string().optional(), python_version: z.string().optional() }).optional(),
  benchmarks: z
    .array(
      z.object({
        name: z.string().min(1),
        fullname: z.string().min(1),
        group: z.string().nullable().optional(),
        stats: z.object({
          min: seconds,
          max: seconds,
          mean: seconds,
          median: seconds,
          stddev: seconds,
          ops: z.number().refine(Number.isFinite, "must be a finite number").positive(),
          rounds: z.number().int().positive(),
          iterations: z.number().int().positive().optional(),
          data: z.array(seconds).min(1).optional(),
        }),
      }),
    )
    .min(1, "expected at least one benchmark"),
});

const ms = (s: number) => s * 1000;

/** Per benchmark: mean, p50, min, max (ms) and ops/s; the rounds' times are the samples. */
export function importPytest(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "pytest");
  const data = parseWith(PytestBenchmarkJson, parseJsonText(text, source, "a pytest-benchmark JSON file"), source, "pytest-benchmark file");
  const { ids, notes: idNotes } = benchmarkIds(data.benchmarks.map((b) => ({ name: b.name, identity: b.fullname })));
  const out = emptyOutput();
  out.notes.push(...idNotes);
  const python = data.machine_info ? [data.machine_info.python_implementation, data.machine_info.python_version].filter(Boolean).join(" ") : "";
  out.notes.push(`pytest-benchmark${data.version ? ` ${data.version}` : ""}${python ? ` on ${python}` : ""}`);
  data.benchmarks.forEach((b, i) => {
    const benchmark = ids[i]!;
    const s = b.stats;
    const key = s.data ? `${suite}/${benchmark}` : undefined;
    if (key && s.data) out.samples[key] = { unit: "ms", values: thinned(s.data.map(ms)) };
    const extra: Extra = { name: b.name, fullname: b.fullname, rounds: s.rounds, stddevMs: ms(s.stddev) };
    if (b.group) extra.group = b.group;
    if (s.iterations !== undefined) extra.iterations = s.iterations;
    const stats: Stat[] = [
      { stat: "mean", unit: "ms", direction: "lower-is-better", value: ms(s.mean), estimator: { kind: "mean" } },
      { stat: "p50", unit: "ms", direction: "lower-is-better", value: ms(s.median), estimator: { kind: "median" } },
      // The minimum has no estimator the statistics know, so it is judged by the threshold alone.
      { stat: "min", unit: "ms", direction: "lower-is-better", value: ms(s.min) },
      { stat: "max", unit: "ms", direction: "lower-is-better", value: ms(s.max), estimator: { kind: "max" } },
      // ops = 1 / mean seconds = 1000 / mean of the samples in ms.
      { stat: "ops", unit: "ops/s", direction: "higher-is-better", value: s.ops, estimator: { kind: "rate", scale: 1000 } },
    ];
    for (const stat of stats) out.metrics.push(importedMetric(suite, benchmark, stat, extra, key));
  });
  return out;
}

function detectPytest(input: Sniffed): Fit {
  if (!isObject(input.json) || !("benchmarks" in input.json)) return NO_FIT;
  if (!("machine_info" in input.json)) return { score: 0.3, misfit: 'no "machine_info"' };
  return entriesFit(input.json.benchmarks, ["fullname", "stats"], "benchmarks");
}

export const pytestFormat: FormatDef = { tool: "pytest-benchmark JSON", suite: "pytest", importer: importPytest, detect: detectPytest };
