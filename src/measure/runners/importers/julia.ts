import { InputError, textOf } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, medianOf, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

interface Leaf {
  path: string[];
  kind: string;
  fields: Record<string, unknown>;
}

/** `BenchmarkTools.save`: `[versions, [value...]]`, each value `[TypeName, fields]`. */
function leaves(value: unknown, path: string[], out: Leaf[], source: string): void {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || !isObject(value[1])) {
    throw new InputError(source, `${path.join("/") || "(top)"}: expected a ["TypeName", {...}] pair as BenchmarkTools.save writes`);
  }
  const [kind, fields] = value as [string, Record<string, unknown>];
  if (kind === "BenchmarkGroup") {
    if (!isObject(fields.data)) throw new InputError(source, `${path.join("/") || "(top)"}: BenchmarkGroup without "data"`);
    for (const [name, child] of Object.entries(fields.data)) leaves(child, [...path, name], out, source);
    return;
  }
  out.push({ path, kind, fields });
}

function num(fields: Record<string, unknown>, key: string, where: string, source: string): number {
  const v = fields[key];
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new InputError(source, `${where}.${key}: expected a non-negative number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Julia BenchmarkTools JSON (`BenchmarkTools.save`): groups become the path of
 * the name. A `Trial` gives `time` (median of its samples, ns, every sample
 * kept), a `TrialEstimate` its `time`; both give `memory` (B) and `allocs`.
 */
export function importJulia(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "julia");
  const data = parseJsonText(text, source, "a BenchmarkTools JSON file");
  if (!Array.isArray(data) || data.length !== 2 || !isObject(data[0]) || !Array.isArray(data[1])) {
    throw new InputError(source, 'expected [{"Julia": ..., "BenchmarkTools": ...}, [...]] as BenchmarkTools.save writes');
  }
  const found: Leaf[] = [];
  const groups: unknown[] = data[1];
  groups.forEach((value, i) => leaves(value, groups.length > 1 ? [String(i)] : [], found, source));
  if (found.length === 0) throw new InputError(source, "no benchmark results found in the BenchmarkTools groups");
  const { ids, notes } = benchmarkIds(found.map((l) => ({ name: l.path.join("/") || "benchmark", identity: l.path.join("\0") })));
  const out = emptyOutput();
  out.notes.push(...notes);
  const versions = data[0];
  out.notes.push(`Julia ${textOf(versions.Julia ?? "?")}, BenchmarkTools ${textOf(versions.BenchmarkTools ?? "?")}`);
  found.forEach((leaf, i) => {
    const benchmark = ids[i]!;
    const where = leaf.path.join("/");
    const extra: Extra = { name: where, kind: leaf.kind };
    let time: Stat;
    let key: string | undefined;
    if (leaf.kind === "Trial") {
      const times = leaf.fields.times;
      if (!Array.isArray(times) || times.length === 0 || !times.every((t) => typeof t === "number" && Number.isFinite(t) && t >= 0)) {
        throw new InputError(source, `${where}.times: expected a non-empty list of times in ns`);
      }
      const values = times as number[];
      key = `${suite}/${benchmark}`;
      out.samples[key] = { unit: "ns", values: thinned(values) };
      extra.samples = values.length;
      time = { stat: "time", unit: "ns", direction: "lower-is-better", value: medianOf(values), estimator: { kind: "median" } };
    } else if (leaf.kind === "TrialEstimate") {
      time = { stat: "time", unit: "ns", direction: "lower-is-better", value: num(leaf.fields, "time", where, source) };
      if (typeof leaf.fields.gctime === "number") extra.gctimeNs = leaf.fields.gctime;
    } else {
      throw new InputError(source, `${where}: "${leaf.kind}" is not a result this importer reads (expected Trial or TrialEstimate)`);
    }
    out.metrics.push(importedMetric(suite, benchmark, time, extra, key));
    out.metrics.push(importedMetric(suite, benchmark, { stat: "memory", unit: "B", direction: "lower-is-better", value: num(leaf.fields, "memory", where, source) }, extra));
    out.metrics.push(importedMetric(suite, benchmark, { stat: "allocs", unit: "allocs", direction: "lower-is-better", value: num(leaf.fields, "allocs", where, source) }, extra));
  });
  return out;
}

function detectJulia(input: Sniffed): Fit {
  const d = input.json;
  if (!Array.isArray(d) || d.length === 0 || !isObject(d[0])) return NO_FIT;
  if (!("BenchmarkTools" in d[0])) return NO_FIT;
  return Array.isArray(d[1]) ? { score: 1 } : { score: 0.5, misfit: "no list of groups after the versions" };
}

export const juliaFormat: FormatDef = { tool: "Julia BenchmarkTools JSON", suite: "julia", importer: importJulia, detect: detectJulia };
