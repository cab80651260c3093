import { InputError } from "../../../errors.ts";
import type { Direction } from "../../../report/schema.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, type Stat, suiteOf } from "./imported.ts";
import { parseJsonText } from "./json-text.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, isObject, NO_FIT, type Sniffed } from "./sniff.ts";

type Kind = "trend" | "counter" | "rate" | "gauge";

interface K6Metric {
  name: string;
  kind: Kind;
  /** "time" for durations (ms), "data" for bytes, "default" otherwise. */
  contains: string;
  values: Record<string, number>;
  failedThresholds: string[];
}

/** Trend statistics kept as metrics, and the stat each becomes. */
const TREND_STATS: Array<[string, string]> = [
  ["avg", "mean"],
  ["med", "p50"],
  ["p(90)", "p90"],
  ["p(95)", "p95"],
  ["p(99)", "p99"],
  ["max", "max"],
];

function numbers(obj: Record<string, unknown>, where: string, source: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "thresholds" || k === "type" || k === "contains") continue;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(source, `${where}.${k}: expected a finite number, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

/** The old `--summary-export` shape has no type: it follows from the fields. */
function kindOf(values: Record<string, number>): Kind {
  if ("avg" in values || "med" in values || "p(95)" in values) return "trend";
  if ("passes" in values || "fails" in values) return "rate";
  if ("count" in values && "rate" in values) return "counter";
  return "gauge";
}

function readMetric(name: string, raw: unknown, source: string): K6Metric {
  const where = `metrics["${name}"]`;
  if (!isObject(raw)) throw new InputError(source, `${where}: expected an object`);
  const typed = isObject(raw.values);
  const values = numbers(typed ? (raw.values as Record<string, unknown>) : raw, typed ? `${where}.values` : where, source);
  const kind = typed && typeof raw.type === "string" ? (raw.type as Kind) : kindOf(values);
  if (!["trend", "counter", "rate", "gauge"].includes(kind)) throw new InputError(source, `${where}.type: unknown metric type "${String(raw.type)}"`);
  // handleSummary data: { ok: false } is a failed threshold; --summary-export: true means it was crossed.
  const failedThresholds = isObject(raw.thresholds)
    ? Object.entries(raw.thresholds)
        .filter(([, t]) => (isObject(t) ? t.ok === false : t === true))
        .map(([expr]) => expr)
    : [];
  const contains = typeof raw.contains === "string" ? raw.contains : kind === "trend" ? "time" : name.startsWith("data_") ? "data" : "default";
  if (kind === "rate" && values.rate === undefined && values.value !== undefined) values.rate = values.value;
  return { name, kind, contains, values, failedThresholds };
}

/** Whether more of a rate metric is bad: failures and errors are, checks passing is good. */
function rateDirection(name: string): Direction {
  return /fail|error|timeout|drop/i.test(name) ? "lower-is-better" : "higher-is-better";
}

/**
 * k6's end-of-test summary, as `--summary-export` writes it or as
 * `handleSummary` receives it (`JSON.stringify(data)`). Trends (latencies, in
 * ms) give mean, p50, p90, p95, p99 and max, lower is better; counters their
 * per-second `rate` (http_reqs is requests/s), higher is better; rates (checks,
 * http_req_failed) their fraction, with the direction their name implies.
 * Gauges (vus) describe the load, not the result, and are left out with a
 * note. Failed thresholds are noted.
 */
export function importK6(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "k6");
  const data = parseJsonText(text, source, "a k6 summary (--summary-export or handleSummary data)");
  if (!isObject(data) || !isObject(data.metrics)) throw new InputError(source, 'expected an object with "metrics", as k6 --summary-export writes');
  const metrics = Object.entries(data.metrics).map(([name, raw]) => readMetric(name, raw, source));
  const kept = metrics.filter((m) => m.kind !== "gauge");
  if (kept.length === 0) throw new InputError(source, "no trend, counter or rate metrics in the k6 summary");
  const { ids, notes } = benchmarkIds(kept.map((m) => ({ name: m.name, identity: m.name })));
  const out = emptyOutput();
  out.notes.push(...notes);
  const gauges = metrics.filter((m) => m.kind === "gauge").map((m) => m.name);
  if (gauges.length) out.notes.push(`k6: gauges not imported (they describe the load): ${gauges.join(", ")}`);
  for (const m of metrics) for (const t of m.failedThresholds) out.notes.push(`k6: threshold "${t}" on ${m.name} failed`);
  kept.forEach((m, i) => {
    const extra: Extra = { name: m.name, type: m.kind };
    if (m.values.count !== undefined) extra.count = m.values.count;
    const stats: Stat[] = [];
    if (m.kind === "trend") {
      const unit = m.contains === "time" ? "ms" : m.contains === "data" ? "B" : "value";
      for (const [key, stat] of TREND_STATS) if (m.values[key] !== undefined) stats.push({ stat, unit, direction: "lower-is-better", value: m.values[key] });
    } else if (m.kind === "counter") {
      const unit = m.name === "http_reqs" ? "req/s" : m.contains === "data" ? "B/s" : "/s";
      if (m.values.rate !== undefined) stats.push({ stat: m.name === "http_reqs" ? "rps" : "rate", unit, direction: "higher-is-better", value: m.values.rate });
    } else if (m.values.rate !== undefined) {
      if (m.values.passes !== undefined) extra.passes = m.values.passes;
      if (m.values.fails !== undefined) extra.fails = m.values.fails;
      stats.push({ stat: "rate", unit: "ratio", direction: rateDirection(m.name), value: m.values.rate });
    }
    if (stats.length === 0) throw new InputError(source, `metrics["${m.name}"]: no statistic perf-gate can compare (expected avg/med/p(95) for a trend, rate for a counter or rate)`);
    for (const s of stats) out.metrics.push(importedMetric(suite, ids[i]!, s, extra));
  });
  return out;
}

function detectK6(input: Sniffed): Fit {
  if (!isObject(input.json) || !isObject(input.json.metrics)) return NO_FIT;
  if ("root_group" in input.json || "state" in input.json) return { score: 1 };
  return { score: 0.5, misfit: 'has "metrics" but no "root_group" or "state"' };
}

export const k6Format: FormatDef = { tool: "k6 end-of-test summary JSON", suite: "k6", importer: importK6, detect: detectK6 };
