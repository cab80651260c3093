import { z } from "zod";
import { parseWith } from "../../../report/parse.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

const ms = z.number().refine(Number.isFinite, "must be a finite number of ms").nonnegative();

/** `vitest bench --outputJson FILE`: tinybench's statistics per benchmark, times in ms. */
export const VitestBenchJson = z.object({
  files: z
    .array(
      z.object({
        filepath: z.string(),
        groups: z.array(
          z.object({
            fullName: z.string(),
            benchmarks: z.array(
              z.object({
                name: z.string().min(1),
                hz: z.number().refine(Number.isFinite, "must be a finite number").nonnegative(),
                mean: ms,
                median: ms.optional(),
                p99: ms,
                rme: z.number().optional(),
                sampleCount: z.number().int().nonnegative().optional(),
                samples: z.array(ms).optional(),
              }),
            ),
          }),
        ),
      }),
    )
    .min(1, "expected at least one file"),
});

/**
 * vitest bench JSON: per benchmark `mean`, `p50`, `p99` (ms, lower is better)
 * and `ops` (hz, higher is better). vitest leaves the samples out unless asked
 * to keep them; when present they are kept.
 */
export function importVitest(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "vitest");
  const data = parseWith(VitestBenchJson, parseJsonText(text, source, "a vitest bench --outputJson file"), source, "vitest bench JSON");
  const entries = data.files.flatMap((f) => f.groups.flatMap((g) => g.benchmarks.map((b) => ({ group: g.fullName, b }))));
  // The group's full name is "file > describe"; the benchmark's name within it.
  const { ids, notes } = benchmarkIds(entries.map((e) => ({ name: `${e.group.split(" > ").slice(1).concat(e.b.name).join("/")}`, identity: `${e.group} > ${e.b.name}` })));
  const out = emptyOutput();
  out.notes.push(...notes);
  entries.forEach(({ group, b }, i) => {
    const key = b.samples?.length ? `${suite}/${ids[i]}` : undefined;
    if (key && b.samples) out.samples[key] = { unit: "ms", values: thinned(b.samples) };
    const extra: Extra = { name: b.name, group };
    if (b.rme !== undefined) extra.rme = b.rme;
    if (b.sampleCount !== undefined) extra.samples = b.sampleCount;
    const stats: Stat[] = [
      { stat: "mean", unit: "ms", direction: "lower-is-better", value: b.mean, estimator: { kind: "mean" } },
      ...(b.median !== undefined ? [{ stat: "p50", unit: "ms", direction: "lower-is-better", value: b.median, estimator: { kind: "median" } } satisfies Stat] : []),
      { stat: "p99", unit: "ms", direction: "lower-is-better", value: b.p99, estimator: { kind: "quantile", q: 0.99 } },
      { stat: "ops", unit: "ops/s", direction: "higher-is-better", value: b.hz, estimator: { kind: "rate", scale: 1000 } },
    ];
    for (const s of stats) out.metrics.push(importedMetric(suite, ids[i]!, s, extra, key));
  });
  return out;
}

function detectVitest(input: Sniffed): Fit {
  if (!isObject(input.json) || !Array.isArray(input.json.files)) return NO_FIT;
  const file: unknown = input.json.files[0];
  if (!isObject(file) || !Array.isArray(file.groups)) return { score: 0.3, misfit: 'files[0] has no "groups"' };
  return { score: 1 };
}

export const vitestFormat: FormatDef = { tool: "vitest bench --outputJson", suite: "vitest", importer: importVitest, detect: detectVitest };
