import { z } from "zod";
import { InputError } from "../../../errors.ts";
import { parseWith } from "../../../report/parse.ts";
import type { Direction } from "../../../report/schema.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { entriesFit, type Fit, NO_FIT, type Sniffed } from "./sniff.ts";
import { isTimeUnit, toNanoseconds } from "./time-units.ts";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const Metric = z.object({ score: finite, scoreError: z.union([finite, z.literal("NaN")]).optional(), scoreUnit: z.string().min(1), rawData: z.array(z.array(finite)).optional() });

/** `-rf json`: one entry per benchmark method (and parameter combination). */
export const JmhJson = z
  .array(
    z.object({
      jmhVersion: z.string().optional(),
      benchmark: z.string().min(1),
      mode: z.enum(["thrpt", "avgt", "sample", "ss"]),
      threads: z.number().optional(),
      forks: z.number().optional(),
      params: z.record(z.string(), z.string()).optional(),
      primaryMetric: Metric,
      secondaryMetrics: z.record(z.string(), Metric).optional(),
    }),
  )
  .min(1, "expected at least one benchmark");

/**
 * How a JMH unit reads: `ops/s` (throughput, higher is better) stays as it is;
 * `ns/op`, `us/op`, `ms/op` (time per operation, lower is better) become ns.
 */
function unitOf(unit: string, source: string, where: string): { unit: string; direction: Direction; scale: number } {
  const perOp = /^(\S+)\/op$/.exec(unit);
  if (perOp && isTimeUnit(perOp[1]!)) return { unit: "ns", direction: "lower-is-better", scale: toNanoseconds(1, perOp[1]!, source, where) };
  if (/^ops\//.test(unit)) return { unit, direction: "higher-is-better", scale: 1 };
  if (unit.endsWith("/op")) return { unit, direction: "lower-is-better", scale: 1 };
  throw new InputError(source, `${where}: unknown score unit "${unit}" (expected ops/TIME or TIME/op)`);
}

/**
 * JMH JSON: per benchmark the primary score (`ops` for throughput modes,
 * `time` per operation otherwise), with every measurement iteration of every
 * fork as a sample, and secondary metrics per operation (e.g. the GC profiler's
 * `gc.alloc.rate.norm` in B/op), lower is better.
 */
export function importJmh(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "jmh");
  const data = parseWith(JmhJson, parseJsonText(text, source, "a JMH JSON result file (-rf json)"), source, "JMH JSON file");
  const names = data.map((b) => {
    const parts = b.benchmark.split(".");
    const short = parts.slice(-2).join("/");
    const params = Object.entries(b.params ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    return { name: params ? `${short}/${params}` : short, identity: `${b.benchmark} ${params} ${b.mode}` };
  });
  const { ids, notes } = benchmarkIds(names);
  const out = emptyOutput();
  out.notes.push(...notes);
  const versions = [...new Set(data.map((b) => b.jmhVersion).filter(Boolean))];
  if (versions.length) out.notes.push(`JMH ${versions.join(", ")}`);
  data.forEach((b, i) => {
    const benchmark = ids[i]!;
    const where = `[${i}] ("${b.benchmark}")`;
    const primary = unitOf(b.primaryMetric.scoreUnit, source, `${where}.primaryMetric.scoreUnit`);
    const extra: Extra = { name: b.benchmark, mode: b.mode };
    if (b.threads !== undefined) extra.threads = b.threads;
    if (b.forks !== undefined) extra.forks = b.forks;
    for (const [k, v] of Object.entries(b.params ?? {})) extra[`param:${k}`] = v;
    if (typeof b.primaryMetric.scoreError === "number") extra.scoreError = b.primaryMetric.scoreError * primary.scale;
    const raw = (b.primaryMetric.rawData ?? []).flat().map((v) => v * primary.scale);
    const key = raw.length ? `${suite}/${benchmark}` : undefined;
    if (key) out.samples[key] = { unit: primary.unit, values: thinned(raw) };
    const stat: Stat = {
      stat: primary.direction === "higher-is-better" ? "ops" : "time",
      unit: primary.unit,
      direction: primary.direction,
      value: b.primaryMetric.score * primary.scale,
      estimator: { kind: "mean" },
    };
    out.metrics.push(importedMetric(suite, benchmark, stat, extra, key));
    for (const [name, m] of Object.entries(b.secondaryMetrics ?? {})) {
      if (!m.scoreUnit.endsWith("/op")) continue; // rates of the whole run (MB/sec, counts) are not per operation: not judged
      const u = unitOf(m.scoreUnit, source, `${where}.secondaryMetrics.${name}`);
      out.metrics.push(importedMetric(suite, benchmark, { stat: name.replace(/^[^\w]+/, "").replace(/\./g, "-"), unit: u.unit, direction: "lower-is-better", value: m.score * u.scale }, extra));
    }
  });
  return out;
}

function detectJmh(input: Sniffed): Fit {
  if (!Array.isArray(input.json)) return NO_FIT;
  const fit = entriesFit(input.json, ["benchmark", "mode", "primaryMetric"], "entry");
  return fit.score > 0.4 ? fit : NO_FIT;
}

export const jmhFormat: FormatDef = { tool: "JMH JSON (-rf json)", suite: "jmh", importer: importJmh, detect: detectJmh };
