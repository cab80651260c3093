import { quantileSorted } from "simple-statistics";
import type { Comparison, Row } from "../report/comparison.ts";
import { trendOf } from "../report/history.ts";
import type { Metric, Report } from "../report/schema.ts";
import { convert, formatNumber, readableUnit } from "../report/units.ts";
import { plainLine, TEXT_CAP } from "./escape.ts";

/**
 * The charts of the HTML report as plain data: what the page's script hands
 * to the chart library. Everything here is computed from the Reports and the
 * comparison; nothing is drawn or worded for a reader beyond series labels.
 */

export interface SeriesSpec {
  label: string;
  values: Array<number | null>;
  color: string;
  /** line: joined points; step: a histogram outline; points: markers only. */
  style: "line" | "step" | "points";
  dash?: number[];
  fill?: string;
  width?: number;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** Which section the chart belongs to. */
  section: "history" | "distribution" | "latency" | "load" | "memory";
  x: number[];
  /** Tick labels by x index (history: commits; latency: percentiles). */
  xLabels?: string[];
  /** Ticks only at the given x values. */
  xTicks?: "given" | "integers";
  xName: string;
  yName: string;
  series: SeriesSpec[];
  /** Pairs of series indices (upper, lower) whose area between is shaded. */
  bands?: Array<{ upper: number; lower: number; fill: string }>;
  /** One line under the chart: what it shows and what it leaves out. */
  caption?: string;
}

export const COLOR = {
  base: "#1f6feb",
  head: "#e8590c",
  main: "#57606a",
  band: "rgba(46,160,67,0.16)",
  bandLine: "#2da44e",
  baseFill: "rgba(31,111,235,0.18)",
  headFill: "rgba(232,89,12,0.18)",
  peak: "#9a6700",
} as const;

/** At most this many charts per section; a big set lists the rest as left out. */
export const MAX_CHARTS = 60;

/** The side the head is compared with in the distribution, latency and memory charts. */
export interface Reference {
  report: Report;
  /** "base": measured paired with the head; "main": the baseline artifact. */
  kind: "base" | "main";
}

const short = (text: string, max: number = TEXT_CAP.name) => plainLine(text, max);
const label = (m: Pick<Metric, "suite" | "benchmark" | "stat">) => `${short(m.suite)}/${short(m.benchmark)} ${short(m.stat, TEXT_CAP.unit)}`;

/** The unit an axis shows `values` (in `unit`) in, and the factor that takes them there. */
export function axisUnit(unit: string, values: ReadonlyArray<number | null>): { unit: string; factor: number } {
  const largest = values.reduce<number>((m, v) => (v === null || !Number.isFinite(v) ? m : Math.max(m, Math.abs(v))), 0);
  const readable = readableUnit(largest, unit);
  // A unit perf-gate does not know comes from the Report: kept to one short plain line.
  return readable.factor === 1 && readable.unit === unit ? { unit: short(unit, TEXT_CAP.unit), factor: 1 } : readable;
}

function scaleAll(series: SeriesSpec[], factor: number): SeriesSpec[] {
  if (factor === 1) return series;
  return series.map((s) => ({ ...s, values: s.values.map((v) => (v === null ? null : v * factor)) }));
}

/** Rows that need a look first, as the table orders them. */
const VERDICT_ORDER = ["regression", "over-budget", "inconclusive", "improvement", "new", "missing", "unchanged"] as const;

export function ordered(rows: readonly Row[]): Row[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => VERDICT_ORDER.indexOf(a.row.verdict) - VERDICT_ORDER.indexOf(b.row.verdict) || a.i - b.i)
    .map((x) => x.row);
}

// --- history: main's recent values, the threshold band, this run ----------

/**
 * Every metric's trend on main, with the band its threshold tolerates around
 * main's value and this run's value. `ownRun`: the baseline is this run's own
 * Report (a run on main), whose latest point is this run.
 */
export function historyCharts(comparison: Comparison, baseline: Report, paired: boolean, ownRun = false): ChartSpec[] {
  const own = new Map(baseline.metrics.map((m) => [m.id, m.value]));
  const charts: ChartSpec[] = [];
  for (const row of ordered(comparison.rows)) {
    if (row.current === undefined || !own.has(row.id)) continue;
    const points = trendOf(baseline, row.id, own.get(row.id));
    const reference = ownRun ? (points.at(-2)?.value ?? own.get(row.id)!) : own.get(row.id)!;
    // This run is drawn after main's runs, or is main's latest run itself.
    const n = ownRun ? points.length - 1 : points.length;
    const x = [...points.slice(0, n).map((_, i) => i), n];
    const xLabels = [...points.slice(0, n).map((p, i) => (p.commit ? short(p.commit.slice(0, 7), 7) : `run ${i + 1}`)), "this run"];
    const t = row.threshold / 100;
    const band = (f: number) => x.map(() => reference * f);
    const mainValues: Array<number | null> = ownRun ? points.map((p) => p.value) : [...points.map((p) => p.value), null];
    const series: SeriesSpec[] = [
      { label: `tolerated (±${formatNumber(row.threshold)}%)`, values: band(1 + t), color: COLOR.bandLine, style: "line", dash: [4, 4], width: 1 },
      { label: "", values: band(1 - t), color: COLOR.bandLine, style: "line", dash: [4, 4], width: 1 },
      { label: "main", values: mainValues, color: COLOR.main, style: "line", width: 1.5 },
      { label: "this run", values: [...x.slice(0, -1).map(() => null), row.current], color: COLOR.head, style: "points" },
    ];
    if (paired && row.source === "paired" && row.baseline !== undefined)
      series.push({ label: "base (paired)", values: [...x.slice(0, -1).map(() => null), row.baseline], color: COLOR.base, style: "points" });
    const unit = axisUnit(
      row.unit,
      series.flatMap((s) => s.values),
    );
    charts.push({
      id: `history-${charts.length}`,
      title: label(row),
      section: "history",
      x,
      xLabels,
      xTicks: "integers",
      xName: "run on main",
      yName: unit.unit,
      series: scaleAll(series, unit.factor),
      bands: [{ upper: 0, lower: 1, fill: COLOR.band }],
    });
  }
  return charts;
}

// --- distributions of the raw samples, base against head ----------------------

const BINS = 40;
/** Share of samples cut at each end, so a few outliers do not squeeze the rest into one bin. */
const TRIM = 0.005;

function histogram(values: readonly number[], lo: number, width: number): number[] {
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) {
    if (v < lo || v > lo + width * BINS) continue;
    counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]! += 1;
  }
  // Shares of each side's samples, so sides with different counts compare.
  return counts.map((c) => c / Math.max(1, values.length));
}

/** Benchmarks with raw samples (function and imported ones: HTTP and memory keep one value per round, drawn below). */
function sampleKeys(report: Report): Array<{ key: string; metric: Metric }> {
  const seen = new Map<string, Metric>();
  for (const m of report.metrics) {
    if (m.samples === undefined || m.kind === "http" || m.kind === "memory" || m.kind === "calibration" || seen.has(m.samples)) continue;
    if ((report.samples[m.samples]?.values.length ?? 0) >= 5) seen.set(m.samples, m);
  }
  return [...seen].map(([key, metric]) => ({ key, metric }));
}

export function distributionCharts(head: Report, reference: Reference | undefined): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const refName = reference?.kind === "base" ? "base" : "main";
  for (const { key, metric } of sampleKeys(head)) {
    const headSet = head.samples[key]!;
    const refSet = reference?.report.samples[key];
    const refValues = refSet ? (refSet.unit === headSet.unit ? refSet.values : refSet.values.map((v) => convert(v, refSet.unit, headSet.unit)).filter((v): v is number => v !== undefined)) : [];
    const all = [...headSet.values, ...refValues].sort((a, b) => a - b);
    const lo = quantileSorted(all, TRIM);
    const hi = quantileSorted(all, 1 - TRIM);
    const width = hi > lo ? (hi - lo) / BINS : Math.max(Math.abs(lo) * 1e-3, 1e-12);
    const edges = Array.from({ length: BINS + 1 }, (_, i) => lo + i * width);
    const cut = all.length - all.filter((v) => v >= lo && v <= lo + width * BINS).length;
    const unit = axisUnit(headSet.unit, [lo, hi]);
    const shares = (values: readonly number[]) => [...histogram(values, lo, width).map((s) => s * 100), null];
    const series: SeriesSpec[] = [];
    if (refValues.length) series.push({ label: `${refName} (${refValues.length.toLocaleString("en-US")} samples)`, values: shares(refValues), color: COLOR.base, style: "step", fill: COLOR.baseFill });
    series.push({ label: `head (${headSet.values.length.toLocaleString("en-US")} samples)`, values: shares(headSet.values), color: COLOR.head, style: "step", fill: COLOR.headFill });
    charts.push({
      id: `distribution-${charts.length}`,
      title: `${short(metric.suite)}/${short(metric.benchmark)}`,
      section: "distribution",
      x: edges.map((e) => e * unit.factor),
      xName: unit.unit,
      yName: "% of samples",
      series,
      caption: cut > 0 ? `${cut.toLocaleString("en-US")} outlying samples beyond the ${TRIM * 100}% at either end are not drawn.` : undefined,
    });
  }
  return charts;
}

// --- HTTP: latency percentiles per round, the load table, memory over rounds ---

/** A load benchmark's endpoint and connection count: `post-echo.256B.c10` is `post-echo.256B` at 10 connections. */
export function loadCase(benchmark: string): { endpoint: string; connections: number } | undefined {
  const match = /^(.*)\.c(\d+)$/.exec(benchmark);
  return match ? { endpoint: match[1]!, connections: Number(match[2]) } : undefined;
}

/** Values of a metric's samples by round, converted to `unit`. */
function byRound(report: Report, id: string, unit: string): Map<number, number> {
  const metric = report.metrics.find((m) => m.id === id);
  const set = metric?.samples === undefined ? undefined : report.samples[metric.samples];
  const out = new Map<number, number>();
  if (!set) return out;
  set.values.forEach((v, i) => {
    const converted = convert(v, set.unit, unit);
    if (converted !== undefined) out.set(set.rounds?.[i] ?? i, converted);
  });
  return out;
}

const PERCENTILES = [
  { stat: "p50", at: 0.5 },
  { stat: "p95", at: 0.95 },
  { stat: "p99", at: 0.99 },
];

/** Per percentile, the median, lowest and highest over the rounds. */
function percentileSpread(report: Report, suite: string, benchmark: string): { mid: number[]; low: number[]; high: number[]; rounds: number } | undefined {
  const columns = PERCENTILES.map((p) => [...byRound(report, `${suite}/${benchmark}.${p.stat}`, "ms").values()].sort((a, b) => a - b));
  if (columns.some((c) => c.length === 0)) return undefined;
  return { mid: columns.map((c) => quantileSorted(c, 0.5)), low: columns.map((c) => c[0]!), high: columns.map((c) => c[c.length - 1]!), rounds: Math.min(...columns.map((c) => c.length)) };
}

function httpBenchmarks(report: Report): Array<{ suite: string; benchmark: string }> {
  const seen = new Map<string, { suite: string; benchmark: string }>();
  for (const m of report.metrics) if (m.kind === "http" && m.stat === "p50") seen.set(`${m.suite}/${m.benchmark}`, { suite: m.suite, benchmark: m.benchmark });
  return [...seen.values()];
}

export function latencyCharts(head: Report, reference: Reference | undefined): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const refName = reference?.kind === "base" ? "base" : "main";
  // The percentile axis in "nines": p50, p95 and p99 spread out evenly enough to read the tail.
  const x = PERCENTILES.map((p) => -Math.log10(1 - p.at));
  for (const { suite, benchmark } of httpBenchmarks(head)) {
    const own = percentileSpread(head, suite, benchmark);
    if (!own) continue;
    const ref = reference && percentileSpread(reference.report, suite, benchmark);
    const series: SeriesSpec[] = [];
    const bands: NonNullable<ChartSpec["bands"]> = [];
    const side = (name: string, s: NonNullable<typeof own>, color: string, fill: string) => {
      const at = series.length;
      series.push(
        { label: `${name}, median of ${s.rounds} rounds`, values: s.mid, color, style: "line", width: 2 },
        // The range's edges go unnamed in the legend: the caption says what the shading is.
        { label: "", values: s.high, color, style: "line", width: 1, dash: [3, 3] },
        { label: "", values: s.low, color, style: "line", width: 1, dash: [3, 3] },
      );
      bands.push({ upper: at + 1, lower: at + 2, fill });
    };
    if (ref) side(refName, ref, COLOR.base, COLOR.baseFill);
    side("head", own, COLOR.head, COLOR.headFill);
    charts.push({
      id: `latency-${charts.length}`,
      title: `${short(suite)}/${short(benchmark)}`,
      section: "latency",
      x,
      xLabels: PERCENTILES.map((p) => p.stat),
      xTicks: "given",
      xName: "percentile",
      yName: "ms",
      series,
      bands,
    });
  }
  return charts;
}

export interface LoadRow {
  connections: number;
  rps?: { head?: number; base?: number };
  /** Mean latency by Little's law: connections in flight divided by responses per second, in ms. */
  mean?: { head?: number; base?: number };
  p95?: { head?: number; base?: number };
  success?: { head?: number; base?: number };
}

export interface LoadTable {
  suite: string;
  endpoint: string;
  rows: LoadRow[];
}

/** The load table by connection count, per endpoint, from the comparison's rows (base or baseline, and head). */
export function loadTables(comparison: Comparison): LoadTable[] {
  const tables = new Map<string, LoadTable>();
  const cells = new Map<string, Map<string, Row>>();
  for (const row of comparison.rows) {
    if (row.kind !== "http") continue;
    const found = loadCase(row.benchmark);
    if (!found) continue;
    const key = `${row.suite}\u0000${found.endpoint}`;
    if (!tables.has(key)) tables.set(key, { suite: row.suite, endpoint: found.endpoint, rows: [] });
    const caseKey = `${key}\u0000${found.connections}`;
    if (!cells.has(caseKey)) {
      cells.set(caseKey, new Map());
      tables.get(key)!.rows.push({ connections: found.connections });
    }
    cells.get(caseKey)!.set(row.stat, row);
  }
  for (const [key, table] of tables) {
    for (const r of table.rows) {
      const stats = cells.get(`${key}\u0000${r.connections}`)!;
      const pick = (stat: string, unit: string, f: (v: number) => number = (v) => v) => {
        const row = stats.get(stat);
        if (!row) return undefined;
        const of = (v: number | undefined) => (v === undefined ? undefined : convert(v, row.unit, unit));
        const head = of(row.current);
        const base = of(row.baseline);
        return { head: head === undefined ? undefined : f(head), base: base === undefined ? undefined : f(base) };
      };
      r.rps = pick("rps", "req/s");
      r.p95 = pick("p95", "ms");
      r.success = pick("errors", "%", (e) => 100 - e);
      if (r.rps) r.mean = { head: r.rps.head ? (1000 * r.connections) / r.rps.head : undefined, base: r.rps.base ? (1000 * r.connections) / r.rps.base : undefined };
    }
    table.rows.sort((a, b) => a.connections - b.connections);
  }
  return [...tables.values()];
}

/** Requests per second against connections, for endpoints loaded at two or more connection counts. */
export function loadCharts(tables: readonly LoadTable[], refName: string): ChartSpec[] {
  return tables
    .filter((t) => t.rows.length >= 2 && t.rows.some((r) => r.rps?.head !== undefined))
    .map((t, i) => {
      const series: SeriesSpec[] = [];
      if (t.rows.some((r) => r.rps?.base !== undefined)) series.push({ label: refName, values: t.rows.map((r) => r.rps?.base ?? null), color: COLOR.base, style: "line", width: 2 });
      series.push({ label: "head", values: t.rows.map((r) => r.rps?.head ?? null), color: COLOR.head, style: "line", width: 2 });
      return { id: `load-${i}`, title: `${short(t.suite)}/${short(t.endpoint)}`, section: "load", x: t.rows.map((r) => r.connections), xTicks: "given", xName: "connections", yName: "req/s", series };
    });
}

const MEMORY_CHARTS = [
  { title: "resident memory (RSS)", stats: ["rss-idle", "rss-peak"], unit: "B" },
  { title: "V8 heap used", stats: ["heap-idle", "heap-peak"], unit: "B" },
  { title: "GC pause time per round", stats: ["gc-time"], unit: "ms" },
  { title: "GC pauses per round", stats: ["gc-count"], unit: "count" },
] as const;

/** Per http suite, the server's memory and GC per round, head and the reference side. */
export function memoryCharts(head: Report, reference: Reference | undefined): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const refName = reference?.kind === "base" ? "base" : "main";
  const suites = [...new Set(head.metrics.filter((m) => m.kind === "memory" && m.samples !== undefined).map((m) => m.suite))];
  for (const suite of suites) {
    for (const chart of MEMORY_CHARTS) {
      const sides = [...(reference ? [{ name: refName, report: reference.report, color: COLOR.base, dash: [5, 4] }] : []), { name: "head", report: head, color: COLOR.head, dash: undefined }];
      const lines = sides.flatMap((side) => chart.stats.map((stat, k) => ({ side, stat, k, values: byRound(side.report, `${suite}/server.${stat}`, chart.unit) }))).filter((l) => l.values.size > 0);
      if (!lines.some((l) => l.side.report === head)) continue;
      const rounds = [...new Set(lines.flatMap((l) => [...l.values.keys()]))].sort((a, b) => a - b);
      const series: SeriesSpec[] = lines.map((l) => ({
        label: `${l.side.name} ${l.stat}`,
        values: rounds.map((r) => l.values.get(r) ?? null),
        color: l.k === 0 ? l.side.color : l.side.name === "head" ? COLOR.peak : "#6e40c9",
        style: "line",
        width: 1.5,
        ...(l.side.dash ? { dash: l.side.dash } : {}),
      }));
      const unit = axisUnit(
        chart.unit,
        series.flatMap((s) => s.values),
      );
      charts.push({
        id: `memory-${charts.length}`,
        title: `${short(suite)}: ${chart.title}`,
        section: "memory",
        x: rounds.map((r) => r + 1),
        xTicks: "integers",
        xName: "round",
        yName: unit.unit,
        series: scaleAll(series, unit.factor),
      });
    }
  }
  return charts;
}
