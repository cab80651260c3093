import { z } from "zod";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type ImportOptions, importedMetric, medianOf, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { entriesFit, type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";
import type { FormatDef } from "./imported.ts";

const seconds = z.number().refine(Number.isFinite, "must be a finite number of seconds").nonnegative();

/** `hyperfine --export-json`: times are in seconds; `times` holds every run. */
export const HyperfineExport = z.object({
  results: z
    .array(
      z.object({
        command: z.string().min(1),
        mean: seconds,
        /** null when there was a single run. */
        stddev: seconds.nullable().optional(),
        median: seconds.optional(),
        user: seconds.optional(),
        system: seconds.optional(),
        min: seconds,
        max: seconds,
        times: z.array(seconds).optional(),
        exit_codes: z.array(z.number().int().nullable()).optional(),
        parameters: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    )
    .min(1, "expected at least one benchmarked command"),
});

const ms = (s: number) => s * 1000;

/** Per command: mean, p50, min and max time, with every run kept as a sample (ms). */
export function importHyperfine(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "hyperfine");
  const data = parseWith(HyperfineExport, parseJsonText(text, source, "a hyperfine --export-json file"), source, "hyperfine export");
  const identity = (r: (typeof data.results)[number]) => JSON.stringify([r.command, r.parameters ?? {}]);
  const { ids, notes: idNotes } = benchmarkIds(data.results.map((r) => ({ name: r.command, identity: identity(r) })));
  const out = emptyOutput();
  out.notes.push(...idNotes);
  data.results.forEach((r, i) => {
    const benchmark = ids[i]!;
    const times = r.times?.length ? r.times.map(ms) : undefined;
    const key = times ? `${suite}/${benchmark}` : undefined;
    if (key && times) out.samples[key] = { unit: "ms", values: thinned(times) };
    const extra: Extra = { name: r.command, runs: r.times?.length ?? 1 };
    if (r.stddev != null) extra.stddevMs = ms(r.stddev);
    if (r.user !== undefined) extra.userMs = ms(r.user);
    if (r.system !== undefined) extra.systemMs = ms(r.system);
    for (const [name, value] of Object.entries(r.parameters ?? {})) extra[`parameter:${name}`] = value;
    const failed = r.exit_codes?.filter((c) => c !== 0).length ?? 0;
    if (failed) {
      extra.failedRuns = failed;
      // Only with --ignore-failure does hyperfine keep going: the times include runs that failed.
      out.notes.push(`hyperfine: "${r.command}" exited non-zero in ${failed} of ${r.exit_codes?.length ?? failed} runs`);
    }
    const median = r.median ?? (times ? medianOf(times) / 1000 : undefined);
    const stats: Stat[] = [
      { stat: "mean", unit: "ms", direction: "lower-is-better", value: ms(r.mean), estimator: { kind: "mean" } },
      ...(median !== undefined ? [{ stat: "p50", unit: "ms", direction: "lower-is-better", value: ms(median), estimator: { kind: "median" } } satisfies Stat] : []),
      // The minimum has no estimator the statistics know, so it is judged by the threshold alone.
      { stat: "min", unit: "ms", direction: "lower-is-better", value: ms(r.min) },
      { stat: "max", unit: "ms", direction: "lower-is-better", value: ms(r.max), estimator: { kind: "max" } },
    ];
    for (const s of stats) out.metrics.push(importedMetric(suite, benchmark, s, extra, key));
  });
  return out;
}

function detectHyperfine(input: Sniffed): Fit {
  if (!isObject(input.json) || !("results" in input.json)) return NO_FIT;
  return entriesFit(input.json.results, ["command", "mean", "times"], "results");
}

export const hyperfineFormat: FormatDef = { tool: "hyperfine --export-json", suite: "hyperfine", importer: importHyperfine, detect: detectHyperfine };
