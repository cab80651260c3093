import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { entriesFit, type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

const ns = z.number().refine(Number.isFinite, "must be a finite number of ns").nonnegative();

const Stats = z.object({ avg: ns, min: ns, max: ns, p50: ns, p75: ns.optional(), p99: ns, samples: z.array(ns).nullable().optional() });

/** mitata 1.x `run({ format: "json" })` (or `{ json: { samples: true } }`): times in ns. */
export const MitataJson = z.object({
  layout: z.array(z.object({ name: z.string().nullable() })).optional(),
  context: z.object({ runtime: z.string().optional(), version: z.string().optional(), cpu: z.object({ name: z.string().optional() }).optional() }).optional(),
  benchmarks: z
    .array(
      z.object({
        alias: z.string().min(1),
        group: z.number().int().nonnegative().optional(),
        runs: z.array(z.object({ name: z.string().optional(), error: z.object({ message: z.string().optional() }).optional(), stats: Stats.optional() })).min(1),
      }),
    )
    .min(1, "expected at least one benchmark"),
});

/**
 * mitata JSON: per run `mean` (avg), `p50` and `p99` in ns, lower is better,
 * with the samples when the JSON has them. A run that threw (mitata still
 * exits 0) is an error.
 */
export function importMitata(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "mitata");
  const data = parseWith(MitataJson, parseJsonText(text, source, "a mitata JSON report"), source, "mitata JSON report");
  const runs = data.benchmarks.flatMap((b, i) => {
    const group = b.group !== undefined ? data.layout?.[b.group]?.name : undefined;
    return b.runs.map((r, j) => {
      const name = `${group ? `${group}/` : ""}${r.name ?? b.alias}`;
      if (r.error || !r.stats)
        throw new InputError(source, `benchmarks[${i}].runs[${j}] ("${name}"): the benchmark threw${r.error?.message ? `: ${r.error.message.slice(0, 120)}` : ""}; it has no result`);
      return { name, stats: r.stats };
    });
  });
  const { ids, notes } = benchmarkIds(runs.map((r) => ({ name: r.name, identity: r.name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  const ctx = data.context;
  if (ctx?.runtime) out.notes.push(`mitata on ${ctx.runtime} ${ctx.version ?? ""}`.trim());
  runs.forEach((r, i) => {
    const s = r.stats;
    const key = s.samples?.length ? `${suite}/${ids[i]}` : undefined;
    if (key && s.samples) out.samples[key] = { unit: "ns", values: thinned(s.samples) };
    const extra: Extra = { name: r.name, minNs: s.min, maxNs: s.max };
    if (s.samples) extra.samples = s.samples.length;
    const stats: Stat[] = [
      { stat: "mean", unit: "ns", direction: "lower-is-better", value: s.avg, estimator: { kind: "mean" } },
      { stat: "p50", unit: "ns", direction: "lower-is-better", value: s.p50, estimator: { kind: "median" } },
      { stat: "p99", unit: "ns", direction: "lower-is-better", value: s.p99, estimator: { kind: "quantile", q: 0.99 } },
    ];
    for (const stat of stats) out.metrics.push(importedMetric(suite, ids[i]!, stat, extra, key));
  });
  return out;
}

function detectMitata(input: Sniffed): Fit {
  if (!isObject(input.json) || !("benchmarks" in input.json)) return NO_FIT;
  if (!("layout" in input.json) && !isObject(input.json.context)) return NO_FIT;
  return entriesFit(input.json.benchmarks, ["alias", "runs"], "benchmarks", 0.2);
}

export const mitataFormat: FormatDef = { tool: "mitata JSON", suite: "mitata", importer: importMitata, detect: detectMitata };
