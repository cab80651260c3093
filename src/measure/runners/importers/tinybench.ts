import { InputError, textOf } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, parseNumber, type Stat, suiteOf, thinned } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

interface Task {
  name: string;
  meanMs: number;
  p50Ms?: number;
  p99Ms?: number;
  ops?: number;
  samples?: number[];
  extra: Extra;
}

function finiteAt(obj: Record<string, unknown>, key: string, where: string, source: string): number {
  const v = obj[key];
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new InputError(source, `${where}.${key}: expected a non-negative number, got ${JSON.stringify(v)}`);
  return v;
}

function optional(obj: Record<string, unknown>, key: string, where: string, source: string): number | undefined {
  return obj[key] === undefined ? undefined : finiteAt(obj, key, where, source);
}

/** `JSON.stringify(bench.tasks.map(({ name, result }) => ({ name, result })))`: tinybench 3+ (latency, throughput) or 2 (flat). */
function fromResult(entry: Record<string, unknown>, i: number, source: string): Task {
  const where = `[${i}].result`;
  const name = String(entry.name);
  const r = entry.result;
  if (!isObject(r)) throw new InputError(source, `[${i}] ("${name}"): no result (the task did not run)`);
  if (r.state === "errored" || r.error !== undefined) {
    const message = isObject(r.error) && typeof r.error.message === "string" ? `: ${r.error.message}` : "";
    throw new InputError(source, `[${i}] ("${name}"): the task threw${message}; it has no result`);
  }
  if (typeof r.state === "string" && r.state !== "completed") throw new InputError(source, `[${i}] ("${name}"): state is "${r.state}", not "completed"`);
  const extra: Extra = { name };
  if (isObject(r.latency)) {
    const l = r.latency;
    const samples = Array.isArray(l.samples) && l.samples.every((s) => typeof s === "number") ? l.samples : undefined;
    if (typeof l.samplesCount === "number") extra.samples = l.samplesCount;
    if (typeof l.rme === "number") extra.rme = l.rme;
    const ops = isObject(r.throughput) ? optional(r.throughput, "mean", `${where}.throughput`, source) : undefined;
    return {
      name,
      meanMs: finiteAt(l, "mean", `${where}.latency`, source),
      p50Ms: optional(l, "p50", `${where}.latency`, source),
      p99Ms: optional(l, "p99", `${where}.latency`, source),
      ops,
      samples,
      extra,
    };
  }
  // tinybench 2: mean, p99 (ms) and hz on the result itself.
  const samples = Array.isArray(r.samples) && r.samples.every((s) => typeof s === "number") ? r.samples : undefined;
  if (typeof r.rme === "number") extra.rme = r.rme;
  return {
    name,
    meanMs: finiteAt(r, "mean", where, source),
    p50Ms: optional(r, "p50", where, source),
    p99Ms: optional(r, "p99", where, source),
    ops: optional(r, "hz", where, source),
    samples,
    extra,
  };
}

/** The leading number of a table cell like "3219.7 ± 108.65%" or "1,234,567". */
function cell(row: Record<string, unknown>, key: string, where: string, source: string): number | undefined {
  const v = row[key];
  if (v === undefined) return undefined;
  const text = typeof v === "number" ? String(v) : typeof v === "string" ? v.split(/\s*±/)[0]!.trim() : "";
  const n = parseNumber(text);
  if (n === undefined || n < 0) throw new InputError(source, `${where}["${key}"]: expected a non-negative number, got ${JSON.stringify(v)}`);
  return n;
}

/** `bench.table()`: tinybench 3+ columns (latency in ns) or tinybench 2's (`ops/sec`, `Average Time (ns)`). */
function fromTableRow(row: Record<string, unknown>, i: number, source: string): Task {
  const where = `[${i}]`;
  const name = String(row["Task name"] ?? row["Task Name"]);
  if (row.Error !== undefined) throw new InputError(source, `${where} ("${name}"): the task threw: ${textOf(row.Error).slice(0, 120)}; it has no result`);
  const avgNs = cell(row, "Latency avg (ns)", where, source) ?? cell(row, "Average Time (ns)", where, source);
  if (avgNs === undefined) throw new InputError(source, `${where} ("${name}"): no "Latency avg (ns)" or "Average Time (ns)" column`);
  const medNs = cell(row, "Latency med (ns)", where, source);
  const extra: Extra = { name };
  const samples = cell(row, "Samples", where, source);
  if (samples !== undefined) extra.samples = samples;
  return { name, meanMs: avgNs / 1e6, p50Ms: medNs === undefined ? undefined : medNs / 1e6, ops: cell(row, "Throughput avg (ops/s)", where, source) ?? cell(row, "ops/sec", where, source), extra };
}

/**
 * tinybench has no file format of its own; what people save is its tasks'
 * results (`JSON.stringify`) or `bench.table()`. Both give `mean` (and `p50`,
 * `p99` where present) in ms, lower is better, and `ops` in ops/s, higher is
 * better. A task that threw is an error.
 */
export function importTinybench(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "tinybench");
  const data = parseJsonText(text, source, "tinybench results or bench.table() as JSON");
  if (!Array.isArray(data) || data.length === 0 || !data.every(isObject)) throw new InputError(source, "expected a non-empty list of tinybench tasks ({ name, result }) or bench.table() rows");
  const rows = data;
  const tasks = rows.map((row, i) => ("result" in row && "name" in row ? fromResult(row, i, source) : fromTableRow(row, i, source)));
  const { ids, notes } = benchmarkIds(tasks.map((t) => ({ name: t.name, identity: t.name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  tasks.forEach((t, i) => {
    const key = t.samples?.length ? `${suite}/${ids[i]}` : undefined;
    if (key && t.samples) out.samples[key] = { unit: "ms", values: thinned(t.samples) };
    const stats: Stat[] = [{ stat: "mean", unit: "ms", direction: "lower-is-better", value: t.meanMs, estimator: { kind: "mean" } }];
    if (t.p50Ms !== undefined) stats.push({ stat: "p50", unit: "ms", direction: "lower-is-better", value: t.p50Ms, estimator: { kind: "median" } });
    if (t.p99Ms !== undefined) stats.push({ stat: "p99", unit: "ms", direction: "lower-is-better", value: t.p99Ms, estimator: { kind: "quantile", q: 0.99 } });
    if (t.ops !== undefined) stats.push({ stat: "ops", unit: "ops/s", direction: "higher-is-better", value: t.ops });
    for (const s of stats) out.metrics.push(importedMetric(suite, ids[i]!, s, t.extra, key));
  });
  return out;
}

function detectTinybench(input: Sniffed): Fit {
  if (!Array.isArray(input.json) || input.json.length === 0) return NO_FIT;
  const first: unknown = input.json[0];
  if (!isObject(first)) return NO_FIT;
  if ("Task name" in first || "Task Name" in first) return { score: 1 };
  if ("name" in first && "result" in first)
    return isObject(first.result) && ("latency" in first.result || "hz" in first.result || "state" in first.result) ? { score: 1 } : { score: 0.5, misfit: "result has no latency or hz" };
  return NO_FIT;
}

export const tinybenchFormat: FormatDef = { tool: "tinybench results or bench.table() (JSON)", suite: "tinybench", importer: importTinybench, detect: detectTinybench };
