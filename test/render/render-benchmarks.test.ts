import { describe, expect, it } from "vitest";
import { COMPARISON_SCHEMA, type Comparison, type Row } from "../../src/report/comparison.ts";
import { groupBenchmarks, standingOf } from "../../src/render/benchmarks.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { sparkline, trendMark } from "../../src/render/sparkline.ts";
import { renderTerminal } from "../../src/render/terminal.ts";
import { trendChart, trendCharts } from "../../src/render/trend-chart.ts";
import { countVerdicts, overallVerdict } from "../../src/compare/verdicts.ts";
import { reportWith } from "../helpers/reports.ts";

const env = reportWith([]).environment;

function row(id: string, verdict: Row["verdict"], baseline: number | undefined, current: number | undefined, extra: Partial<Row> = {}): Row {
  const [suite = "s", rest = ""] = id.split("/");
  const dot = rest.lastIndexOf(".");
  const benchmark = rest.slice(0, dot);
  const stat = rest.slice(dot + 1);
  const change = baseline !== undefined && current !== undefined ? current / baseline - 1 : undefined;
  return { id, suite, benchmark, stat, kind: "function", unit: "ms", direction: "lower-is-better", baseline, current, change, threshold: 10, verdict, ...extra };
}

function comparison(rows: Row[], overrides: Partial<Comparison> = {}): Comparison {
  return {
    schema: COMPARISON_SCHEMA,
    verdict: overallVerdict(rows),
    threshold: 10,
    counts: countVerdicts(rows),
    rows,
    notes: [],
    baseline: env,
    current: { ...env, commit: "fedcba9876543210" },
    ...overrides,
  };
}

/** The table lines (not headers) of a markdown section. */
const tableLines = (md: string) => md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Verdict"));
const cells = (line: string) => line.slice(2, -2).split(" | ");

const http = (stat: string, verdict: Row["verdict"], b: number, c: number, extra: Partial<Row> = {}) =>
  row(`api/get-items.c10.${stat}`, verdict, b, c, { kind: "http", unit: stat === "rps" ? "req/s" : "ms", direction: stat === "rps" ? "higher-is-better" : "lower-is-better", ...extra });

// A function benchmark whose statistics all say the same, one whose tail alone regressed,
// an endpoint, and a server's memory.
const rows: Row[] = [
  row("text/slugify.mean", "regression", 0.1, 0.124, { interval: [0.19, 0.29], severity: "critical" }),
  row("text/slugify.p50", "regression", 0.09, 0.11, { interval: [0.15, 0.3] }),
  row("text/slugify.p95", "regression", 0.2, 0.25, { interval: [0.15, 0.35] }),
  row("text/slugify.ops", "regression", 10_000, 8_065, { unit: "ops/s", direction: "higher-is-better", interval: [-0.22, -0.16] }),
  row("text/tokens.mean", "unchanged", 0.3, 0.301, { interval: [-0.02, 0.03] }),
  row("text/tokens.p50", "unchanged", 0.29, 0.29),
  row("text/tokens.p99", "regression", 0.6, 0.9, { interval: [0.3, 0.7], severity: "warning" }),
  http("rps", "unchanged", 2000, 2010, { interval: [-0.03, 0.04] }),
  http("p50", "unchanged", 4, 4.1),
  http("p99", "unchanged", 11, 11.2, { interval: [-0.05, 0.08] }),
  row("api/server.rss-peak", "improvement", 95e6, 80e6, { kind: "memory", unit: "B", interval: [-0.2, -0.12] }),
  row("api/server.rss-idle", "unchanged", 90e6, 90e6, { kind: "memory", unit: "B" }),
];

describe("one row per benchmark", () => {
  const groups = groupBenchmarks(rows);

  it("groups the statistics of a benchmark, takes the verdict of the worst, and orders regressions by severity", () => {
    expect(groups.map((g) => [`${g.suite}/${g.benchmark}`, g.standing, g.headline.map((r) => r.stat)])).toEqual([
      ["text/slugify", "regression", ["mean"]],
      ["text/tokens", "regression", ["mean"]],
      ["api/server", "improvement", ["rss-peak"]],
      ["api/get-items.c10", "unchanged", ["rps", "p99"]],
    ]);
    // The tail that regressed alone is shown under its benchmark; statistics that agree stay folded.
    expect(groups[0]!.differing).toEqual([]);
    expect(groups[1]!.differing.map((r) => r.stat)).toEqual(["p99"]);
  });

  it("shows a statistic under its benchmark only when it tells another story", () => {
    const story = (stats: Array<[string, Row["verdict"], Partial<Row>?]>) =>
      groupBenchmarks(stats.map(([stat, verdict, extra]) => row(`lib/f.${stat}`, verdict, 1, 1.2, extra))).map((g) => g.differing.map((r) => r.stat));
    // A less certain tail under a regressed mean says the same thing.
    expect(
      story([
        ["mean", "regression"],
        ["p95", "inconclusive", { credible: true }],
        ["p99", "inconclusive"],
      ]),
    ).toEqual([[]]);
    // A tail that regressed under an unchanged mean, or a tail that improved under a regression, does not.
    expect(
      story([
        ["mean", "unchanged"],
        ["p95", "inconclusive", { credible: true }],
        ["p99", "regression"],
      ]),
    ).toEqual([["p95", "p99"]]);
    expect(
      story([
        ["mean", "regression"],
        ["p99", "improvement"],
      ]),
    ).toEqual([["p99"]]);
  });

  it("renders a comment a person reads in seconds: one line per benchmark, the differing tail under it", async () => {
    const md = renderMarkdown(comparison(rows));
    await expect(md).toMatchFileSnapshot("../__snapshots__/comment-benchmarks.md");
    expect(md.split("\n")[0]).toBe("### ❌ perf-gate: 2 benchmarks slower (worst: text/tokens p99 +50.0% \\[+30.0%, +70.0%\\]); 1 faster, 1 unchanged");
    const attention = tableLines(md.slice(0, md.indexOf("<details>")));
    expect(attention.map((l) => cells(l).slice(0, 2))).toEqual([
      ["🔴 regression · critical", "text/slugify · mean"],
      ["🔴 regression", "text/tokens · mean"],
      ["🔴 regression · warning", "↳ p99"],
      ["🟢 improvement", "api/server · rss-peak"],
    ]);
    expect(cells(attention[1]!)[4]).toBe("+0.3% [−2.0%, +3.0%]");
    // The headline statistic under its benchmark's worse verdict says its own.
    expect(cells(attention[1]!)[5]).toBe("mean: unchanged");
    expect(cells(attention[2]!)[4]).toBe("+50.0% [+30.0%, +70.0%]");
    // The endpoint shows rps and its tail latency, folded with the unchanged.
    const folded = tableLines(md.slice(md.indexOf("<details>")));
    expect(folded.map((l) => cells(l).slice(0, 2))).toEqual([
      ["➖ unchanged", "api/get-items.c10 · rps"],
      ["", "↳ p99"],
    ]);
    expect(md).toContain("<summary>1 unchanged benchmark (3 metrics)</summary>");
    // 12 metrics, 6 table lines.
    expect(tableLines(md)).toHaveLength(6);
  });

  it("prints the same shape in the terminal", () => {
    const text = renderTerminal(comparison(rows), { color: false });
    const lines = text.split("\n");
    expect(lines[0]).toBe("perf-gate: 2 benchmarks slower (worst: text/tokens p99 +50.0% [+30.0%, +70.0%]); 1 faster, 1 unchanged");
    const body = lines.slice(3, 9).map((l) =>
      l
        .trim()
        .split(/\s{2,}/)
        .slice(0, 2),
    );
    expect(body).toEqual([
      ["regression", "text/slugify mean"],
      ["regression", "text/tokens mean"],
      ["regression", "↳ p99"],
      ["improvement", "api/server rss-peak"],
      ["unchanged", "api/get-items.c10 rps"],
      ["↳ p99", "11 ms"],
    ]);
  });

  it("shows a credible change of unclear size, and folds an inconclusive row that may be noise", () => {
    const unclear = row("lib/parse.mean", "inconclusive", 1, 1.09, { interval: [0.04, 0.14], credible: true, note: "interval reaches past the 10% threshold" });
    const noisy = row("lib/format.mean", "inconclusive", 1, 1.12, { interval: [-0.05, 0.3], credible: false });
    expect([standingOf(unclear), standingOf(noisy)]).toEqual(["unclear", "noisy"]);
    const md = renderMarkdown(comparison([noisy, unclear, row("lib/x.mean", "unchanged", 1, 1)]));
    expect(md.split("\n")[0]).toBe("### ✅ perf-gate: no regressions (1 inconclusive, 1 too noisy to call, 1 unchanged)");
    const attention = tableLines(md.slice(0, md.indexOf("<details>")));
    expect(attention.map((l) => cells(l)[1])).toEqual(["lib/parse · mean"]);
    expect(md).toContain("<details><summary>❔ 1 benchmark inconclusive: too noisy to call, no action needed</summary>");
  });

  it("on unchanged code the table that needs attention is empty", () => {
    const md = renderMarkdown(comparison([row("lib/a.mean", "unchanged", 1, 1.01), row("lib/a.p99", "inconclusive", 1, 1.2, { interval: [-0.1, 0.5], credible: false })]));
    expect(md.split("\n")[0]).toBe("### ✅ perf-gate: no regressions (1 too noisy to call)");
    expect(md.indexOf("| Verdict")).toBeGreaterThan(md.indexOf("<details>"));
  });

  it("titles a check that fails on a budget alone by its budget", () => {
    const md = renderMarkdown(comparison([row("api/get.p95", "over-budget", 150, 230, { budget: { text: "< 200 ms", met: false } }), row("api/x.mean", "unchanged", 1, 1)]));
    expect(md.split("\n")[0]).toBe("### ❌ perf-gate: 1 benchmark over budget (api/get p95, budget &lt; 200 ms); 1 unchanged");
  });
});

describe("trends on main", () => {
  it("draws a sparkline of main's values and marks where this run lands", () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe("▁▂▃▄▅▆▇█→█");
    expect(sparkline([10, 10, 10], 10)).toBe("▄▄▄→▄");
    expect(sparkline([10, 10, 10], 20)).toBe("▁▁▁→█");
    expect(sparkline([5], 6)).toBe("");
    expect(sparkline(undefined, 6)).toBe("");
  });

  it("marks a paired row where its change puts main's latest value, not where this runner's speed put the head", () => {
    const paired = row("a/b.mean", "unchanged", 1, 5, { change: 0, source: "paired", trend: [1, 1, 1, 2] });
    expect(trendMark(paired)).toBe(2);
    expect(sparkline(paired.trend, trendMark(paired))).toBe("▁▁▁█→█");
    const judgedOnArtifact = { ...paired, source: "artifact" as const };
    expect(sparkline(judgedOnArtifact.trend, trendMark(judgedOnArtifact))).toBe("▁▁▁▃→█");
  });

  const withHistory = comparison([
    row("text/slugify.mean", "regression", 0.1, 0.125, { interval: [0.2, 0.3], trend: [0.1, 0.101, 0.099, 0.1, 0.1] }),
    row("text/tokens.mean", "unchanged", 0.3, 0.3, { trend: [0.31, 0.3, 0.3, 0.29, 0.3] }),
    row("text/fresh.mean", "new", undefined, 1),
  ]);

  it("adds a trend column to the comment when the baseline carries history", async () => {
    const md = renderMarkdown(withHistory);
    await expect(md).toMatchFileSnapshot("../__snapshots__/comment-history.md");
    expect(md).toContain("| Verdict | Benchmark | Baseline | Current | Change [95% CI] | Trend on main | Note |");
    const [regressed, fresh] = tableLines(md.slice(0, md.indexOf("<details>")));
    // Main's values sit within 2% of each other; this run's is 25% above them.
    expect(cells(regressed!)[5]).toBe("▁▁▁▁▁→█");
    expect(cells(fresh!)[5]).toBe("");
  });

  it("charts each regressed benchmark for the job summary with Mermaid: main's line, the threshold, the PR's bar", async () => {
    const charts = trendCharts(withHistory);
    await expect(charts).toMatchFileSnapshot("../__snapshots__/summary-charts.md");
    expect(charts.match(/```mermaid\nxychart-beta/g)).toHaveLength(1);
    expect(charts).toContain('x-axis ["-4", "-3", "-2", "-1", "main", "PR"]');
    expect(charts).toContain('y-axis "µs"');
    expect(charts).toContain("line [100, 101, 99, 100, 100, 100]");
    expect(charts).toContain("line [110, 110, 110, 110, 110, 110]");
    expect(charts).toContain("bar [0, 0, 0, 0, 0, 125]");
    expect(trendCharts(comparison([row("a/b.mean", "regression", 1, 2)]))).toBe("");
  });

  it("keeps untrusted names out of the diagram's syntax", () => {
    const chart = trendChart(row('x/"]\n```\n<img src=x>.mean', "regression", 1, 2, { trend: [1, 1] }), 'x/"]\n```\n<img src=x> mean')!;
    const lines = chart.split("\n");
    expect(lines[0]).toBe("```mermaid");
    expect(lines.at(-1)).toBe("```");
    expect(lines.filter((l) => l.includes("```"))).toHaveLength(2);
    expect(chart).not.toContain("<img");
    expect(lines.find((l) => l.startsWith("  title"))).toMatch(/^ {2}title "[^"\n]*"$/);
  });
});
