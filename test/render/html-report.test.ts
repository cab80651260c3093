// The HTML report's renderer, pure: what the page holds for real Reports (the
// example's baseline, a 25% slower head, a paired base), the data it hands the
// charts, the sections it leaves out and says why, and hostile names kept inert.
import { describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { Config } from "../../src/config/schema.ts";
import { trendOf } from "../../src/report/history.ts";
import { defaultPolicy, policyFromConfig } from "../../src/compare/policy.ts";
import { axisUnit, type ChartSpec, loadCase } from "../../src/render/html-report-data.ts";
import { renderHtmlReport, scriptJson } from "../../src/render/html-report.ts";
import type { Report } from "../../src/report/schema.ts";
import { formatValue } from "../../src/report/units.ts";
import { PAYLOADS } from "../helpers/hostile.ts";
import { loadExampleBaseline, metric, reportWith, slowedDown } from "../helpers/reports.ts";

const CONFIG = Config.parse({
  benchmarks: [{ kind: "tinybench", files: ["x.js"] }],
  budgets: { "text/word-frequency.p95": "< 20 ms", "numbers/primes-50k.ops": "> 50000 ops/s" },
});
const policy = policyFromConfig(CONFIG, "perf-gate.config.json");

/** main's baseline with the commit and time of the runs its history came from. */
function baselineWithRuns(): Report {
  const baseline = loadExampleBaseline();
  const longest = Math.max(...Object.values(baseline.history ?? {}).map((v) => v.length));
  const runs = Array.from({ length: longest }, (_, i) => ({ commit: `c0ffee${i}`.padEnd(40, "0"), time: new Date(Date.UTC(2026, 0, i + 1)).toISOString() }));
  return { ...baseline, runs, environment: { ...baseline.environment, commit: "ba5e11ne".padEnd(40, "0") } };
}

/** Equal to five significant digits. */
const near = (a: number, b: number) => Math.abs(a / b - 1) < 1e-4;

const withEnv = (report: Report, commit: string, timestamp: string): Report => ({ ...report, environment: { ...report.environment, commit, timestamp } });

function chartsOf(html: string): ChartSpec[] {
  const block = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(block, "the inline data block").not.toBeNull();
  return (JSON.parse(block![1]!) as { charts: ChartSpec[] }).charts;
}

describe("HTML report renderer", () => {
  const baseline = baselineWithRuns();
  const head = withEnv(slowedDown(loadExampleBaseline(), 1.25), "4ead".padEnd(40, "0"), "2026-03-01T00:00:00.000Z");
  const comparison = compare(baseline, head, policy);
  const html = renderHtmlReport({
    comparison,
    head,
    baseline,
    links: [
      { text: "Workflow run 7", url: "https://github.com/octo/demo/actions/runs/7" },
      { text: "bad", url: "javascript:alert(1)" },
    ],
  });
  const charts = chartsOf(html);

  it("is one self-contained page: the chart library and data inline, nothing fetched", () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    // uPlot's minified source, then the page's own script.
    expect(html).toMatch(/<script>\/\*! https:\/\/github\.com\/leeoniya\/uPlot/);
    expect(html).toMatch(/<style>\.uplot, \.uplot \*/);
    expect(html).toContain("new uPlot(");
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    // Only http(s) links are kept.
    expect(html).toContain('<a href="https://github.com/octo/demo/actions/runs/7">Workflow run 7</a>');
    expect(html).not.toContain("javascript:");
  });

  it("heads with the verdict and lists every metric, regressions first and unchanged folded", () => {
    expect(html).toMatch(/<div class="verdict fail" id="verdict">perf-gate: \d+ benchmarks? (slower|regressed) \(worst: /);
    for (const id of ["metrics-title", "history", "distributions", "latency", "load", "memory", "budgets-title", "notes"]) expect(html).toContain(`<h2 id="${id}">`);
    const table = /<table id="metrics">([\s\S]*?)<\/table>/.exec(html)![1]!;
    const verdicts = [...table.matchAll(/<span class="v v-([\w-]+)">/g)].map((m) => m[1]);
    expect(verdicts[0]).toBe("regression");
    expect(verdicts.lastIndexOf("regression")).toBeLessThan(verdicts.findIndex((v) => v !== "regression" && v !== "over-budget"));
    const unchanged = comparison.rows.filter((r) => r.verdict === "unchanged").length;
    expect(html).toContain(`<summary>${unchanged} unchanged metrics</summary>`);
    const rows = (html.match(/<tr><td><span class="v /g) ?? []).length;
    expect(rows).toBe(comparison.rows.length);
    expect(table).toContain("text/word-frequency mean");
    expect(table).toMatch(/\+25\.0% \[\+[\d.]+%, \+[\d.]+%\]/);
  });

  it("draws every metric's history on main from the baseline's runs, with the threshold band and this run", () => {
    const history = charts.filter((c) => c.section === "history");
    expect(history).toHaveLength(comparison.rows.filter((r) => r.current !== undefined && baseline.metrics.some((m) => m.id === r.id)).length);
    const id = "text/word-frequency.mean";
    const chart = history.find((c) => c.title === "text/word-frequency mean")!;
    const points = trendOf(baseline, id, baseline.metrics.find((m) => m.id === id)!.value);
    // Milliseconds drawn in µs: main's values in order, then this run's value on its own.
    const [band, , main, thisRun] = chart.series;
    expect(chart.yName).toBe("µs");
    // The inline data keeps five significant digits.
    expect(main!.values.slice(0, -1)).toEqual(points.map((p) => Number((p.value * 1000).toPrecision(5))));
    expect(near(thisRun!.values.at(-1)!, head.metrics.find((m) => m.id === id)!.value * 1000)).toBe(true);
    expect(near(band!.values[0]!, points.at(-1)!.value * 1000 * 1.1)).toBe(true);
    expect(chart.xLabels?.at(-1)).toBe("this run");
    expect(chart.xLabels?.at(-2)).toBe("ba5e11n");
    expect(chart.xLabels?.[points.length - 2]).toMatch(/^c0ffee\d$/);
  });

  it("draws the raw samples of each function benchmark, the HTTP latency percentiles per round, the load table and memory over rounds", () => {
    const distributions = charts.filter((c) => c.section === "distribution").map((c) => c.title);
    expect(distributions.sort()).toEqual(["numbers/primes-50k", "numbers/rank-2000", "text/slugify-200", "text/word-frequency"]);
    const words = charts.find((c) => c.title === "text/word-frequency" && c.section === "distribution")!;
    expect(words.series.map((s) => s.label)).toEqual(["main (1,788 samples)", "head (1,788 samples)"]);
    // Shares of each side's samples, in percent, summing to at most 100 (outliers beyond the cut left out).
    for (const s of words.series) expect(s.values.reduce<number>((a, v) => a + (v ?? 0), 0)).toBeLessThanOrEqual(100.0001);
    expect(words.series[1]!.values.reduce<number>((a, v) => a + (v ?? 0), 0)).toBeGreaterThan(98);

    const latency = charts.filter((c) => c.section === "latency");
    expect(latency.map((c) => c.title).sort()).toEqual(["api/get-items.c10", "api/post-echo.256B.c10", "api/post-echo.4KB.c10", "api/slugify.c10"]);
    const items = latency.find((c) => c.title === "api/get-items.c10")!;
    expect(items.xLabels).toEqual(["p50", "p95", "p99"]);
    const p50 = head.samples["api/get-items.c10.p50"]!.values.toSorted((a, b) => a - b);
    const headMedian = items.series.find((s) => s.label === "head, median of 5 rounds")!;
    expect(near(headMedian.values[0]!, p50[2]!)).toBe(true);
    expect(items.bands).toHaveLength(2);

    // Load: one table per endpoint, by connection count; mean latency by Little's law.
    const rps = head.metrics.find((m) => m.id === "api/post-echo.256B.c10.rps")!.value;
    expect(html).toContain("<h3>api/post-echo.256B</h3>");
    const table = /<h3>api\/post-echo\.256B<\/h3>\s*<table class="load">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(table).toContain('<td class="num">10</td>');
    expect(table).toContain(`<td class="num">${formatValue((1000 * 10) / rps, "ms")} <span class="muted">(main `);
    expect(table).toContain("100%");

    const memory = charts.filter((c) => c.section === "memory").map((c) => c.title);
    expect(memory).toEqual(["api: resident memory (RSS)", "api: V8 heap used"]);
    const rss = charts.find((c) => c.title === "api: resident memory (RSS)")!;
    expect(rss.series.map((s) => s.label)).toEqual(["main rss-idle", "main rss-peak", "head rss-idle", "head rss-peak"]);
    expect(rss.x).toEqual([1, 2, 3, 4, 5]);
  });

  it("lists the budgets with the score", () => {
    const budgets = /<table id="budgets">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(budgets).toContain("text/word-frequency p95");
    expect(budgets).toContain("&lt; 20 ms");
    expect(budgets).toMatch(/numbers\/primes-50k ops<\/td><td>&gt; 50000 ops\/s<\/td><td class="num">[\d,.]+ ops\/s<\/td><td class="broken">broken/);
    expect(html).toContain(`Score: <strong>${comparison.score}%</strong> of the budgets met.`);
  });

  it("with a paired base, compares the head's samples with the base's", () => {
    const base = withEnv(loadExampleBaseline(), "ba5e".padEnd(40, "0"), "2026-03-01T00:00:00.000Z");
    const paired = renderHtmlReport({ comparison, head, base, baseline });
    const words = chartsOf(paired).find((c) => c.title === "text/word-frequency" && c.section === "distribution")!;
    expect(words.series[0]!.label).toBe("base (1,788 samples)");
  });

  it("leaves out a section it has no data for, with one line saying why", () => {
    const bare = renderHtmlReport({ comparison: compare(undefined, head, defaultPolicy()) });
    expect(bare).toContain('<div class="verdict none" id="verdict">perf-gate: no baseline yet');
    for (const reason of [
      "Left out: no baseline Report from main was given, so there is no run history to draw.",
      "Left out: this run's Report was not given, so its raw samples are not known.",
      "Left out: this run's Report was not given, so the per-round latency is not known.",
      "Left out: this run's Report was not given, so the memory per round is not known.",
    ]) {
      expect(bare).toContain(reason);
    }
    expect(chartsOf(bare).filter((c) => c.section !== "load")).toEqual([]);

    const fn = reportWith([metric("lib/fast.mean", 1, { unit: "ms" })]);
    const noHistory = renderHtmlReport({ comparison: compare(fn, fn, policy), head: fn, baseline: fn });
    expect(noHistory).toContain("Left out: the baseline Report carries no run history yet");
    expect(noHistory).toContain("Left out: no function or imported benchmark kept raw samples in this run's Report.");
    expect(noHistory).toContain("Left out: this run measured no HTTP scenario.");
    expect(noHistory).toContain("Left out: no HTTP scenario was compared.");
    expect(noHistory).toContain("Left out: no HTTP server's memory was measured in this run.");
    expect(noHistory).toContain("Left out: the config sets no budget.");
  });

  it("keeps hostile names inert: no </script> or <!-- breaks out of the data, no markup in the tables", () => {
    const names = ["x</script><script>alert(1)</script>", "<!--", "</SCRIPT >", ...PAYLOADS];
    const metrics = names.map((name, i) => metric(`evil/${name.replace(/[/.]/g, "_")}-${i}.mean`, 1 + i, { unit: "ms", samples: `s${i}`, kind: "function" }));
    const samples = Object.fromEntries(names.map((_, i) => [`s${i}`, { unit: "ms", values: [1, 2, 3, 4, 5, 6].map((v) => v + i) }]));
    const report = reportWith(metrics, { samples, notes: ["<script>alert(2)</script>"], history: Object.fromEntries(metrics.map((m) => [m.id, [1, 2]])) });
    const hostile = renderHtmlReport({ comparison: compare(report, report, policy), head: report, baseline: report });
    expect(hostile.match(/<script\b/gi)).toHaveLength(3);
    expect(hostile.match(/<\/script/gi)).toHaveLength(3);
    expect(hostile).not.toContain("<!--");
    expect(hostile).not.toMatch(/<img|<a href='|<details open/i);
    expect(hostile).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    // The names survive as data: the chart titles read back exactly (escaped only in transit).
    const titles = chartsOf(hostile).map((c) => c.title);
    expect(titles).toContain("evil/x<_script><script>alert(1)<_script>-0");
    expect(titles).toContain("evil/<!---1");
    expect(scriptJson({ a: "</script><!--\u2028" })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
  });

  it("tabulates the load per endpoint by connection count, and draws requests per second against connections", () => {
    const http = (factor: number) =>
      reportWith(
        [10, 50].flatMap((c) => [
          metric(`api/get-items.c${c}.rps`, (1000 * c) / (1 + c / 25) / factor, { kind: "http", unit: "req/s", direction: "higher-is-better" }),
          metric(`api/get-items.c${c}.p95`, (2 + c / 10) * factor, { kind: "http", unit: "ms" }),
          metric(`api/get-items.c${c}.errors`, c === 50 ? 2.5 : 0, { kind: "http", unit: "%" }),
        ]),
      );
    const base = http(1);
    const head = http(1.3);
    const page = renderHtmlReport({ comparison: compare(base, head, policy), head, base });
    const table = /<h3>api\/get-items<\/h3>\s*<table class="load">([\s\S]*?)<\/table>/.exec(page)![1]!;
    const rows = [...table.matchAll(/<tr><td class="num">(\d+)<\/td>(.*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(["10", "50"]);
    // 50 connections: 1,000·50/3/1.3 req/s, so 50 / that = 3.9 ms mean; 97.5% answered with 2xx.
    expect(rows[1]![2]).toContain(`${formatValue((1000 * 50) / 3 / 1.3, "req/s")} <span class="muted">(main ${formatValue((1000 * 50) / 3, "req/s")})</span>`);
    expect(rows[1]![2]).toContain(formatValue((50 * 1000) / ((1000 * 50) / 3 / 1.3), "ms"));
    expect(rows[1]![2]).toContain('97.5% <span class="muted">(main 97.5%)</span>');
    const chart = chartsOf(page).find((c) => c.section === "load")!;
    expect(chart.x).toEqual([10, 50]);
    expect(chart.series.map((s) => s.label)).toEqual(["main", "head"]);
  });

  it("reads endpoints and connection counts from the benchmark names, and picks readable axis units", () => {
    expect(loadCase("post-echo.256B.c10")).toEqual({ endpoint: "post-echo.256B", connections: 10 });
    expect(loadCase("get-items.c100")).toEqual({ endpoint: "get-items", connections: 100 });
    expect(loadCase("server")).toBeUndefined();
    expect(axisUnit("ms", [0.2, 0.4])).toEqual({ unit: "µs", factor: 1000 });
    expect(axisUnit("B", [9e7])).toEqual({ unit: "MB", factor: 1e-6 });
    expect(axisUnit("req/s", [2000])).toEqual({ unit: "req/s", factor: 1 });
  });
});
