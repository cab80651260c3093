import { describe, expect, it } from "vitest";
import { COMPARISON_SCHEMA, Comparison, type Row } from "../../src/report/comparison.ts";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/render/markdown.ts";
import { renderTerminal } from "../../src/render/terminal.ts";
import { PAYLOADS } from "../helpers/hostile.ts";
import { liveConstructs, tableCells } from "../helpers/markdown-safety.ts";
import { reportWith } from "../helpers/reports.ts";

const env = reportWith([]).environment;

function row(extra: Partial<Row> = {}): Row {
  return {
    id: "s/b.mean",
    suite: "s",
    benchmark: "b",
    stat: "mean",
    kind: "function",
    unit: "ms",
    direction: "lower-is-better",
    baseline: 1,
    current: 1.5,
    change: 0.5,
    interval: [0.4, 0.6],
    threshold: 10,
    verdict: "regression",
    ...extra,
  };
}

function comparison(rows: Row[], overrides: Partial<Comparison> = {}): Comparison {
  const counts = { regression: 0, "over-budget": 0, inconclusive: 0, improvement: 0, new: 0, missing: 0, unchanged: 0 };
  for (const r of rows) counts[r.verdict] += 1;
  return { schema: COMPARISON_SCHEMA, verdict: counts.regression ? "fail" : "pass", threshold: 10, counts, rows, notes: [], baseline: env, current: env, ...overrides };
}

describe("markdown of a hostile comparison", () => {
  for (const payload of PAYLOADS) {
    it(`renders ${JSON.stringify(payload)} inert wherever it appears`, () => {
      const hostile = comparison(
        [
          row({ id: payload, suite: payload, benchmark: payload, stat: payload, unit: payload, note: payload, budget: { text: payload, met: false }, verdict: "over-budget" }),
          row({ suite: payload, verdict: "unchanged", change: 0, interval: [-0.01, 0.01], unit: payload }),
        ],
        {
          notes: [payload, `note ${payload}`],
          baseline: { ...env, platform: payload, arch: payload, cpuModel: payload, node: payload, commit: payload },
          current: { ...env, platform: payload, arch: payload, cpuModel: payload, node: payload },
        },
      );
      const md = renderMarkdown(hostile);
      expect(liveConstructs(md)).toEqual([]);
      // Every row keeps its own verdict in its first cell, whatever the unit or names say.
      expect(tableCells(md).map((cells) => cells[0])).toEqual(["🚫 over budget", "➖ unchanged"]);
    });
  }

  it("a unit cannot rewrite a regression into an improvement", () => {
    const forged = row({ unit: "ms | 🟢 improvement | x | y | z |\n| 🟢 improvement" });
    const cells = tableCells(renderMarkdown(comparison([forged])));
    expect(cells).toHaveLength(1);
    expect(cells[0]![0]).toBe("🔴 regression");
    expect(cells[0]).toHaveLength(6);
  });

  it("shows a known unit as perf-gate writes it and an unknown one escaped and short", () => {
    const md = renderMarkdown(comparison([row({ unit: "ms" }), row({ id: "s/c.ops", benchmark: "c", unit: "parsecs<b>".repeat(5) })]));
    expect(md).toContain("| 1 ms | 1.5 ms |");
    expect(md).toContain("| 1 parsecs&lt;b&gt;parse… |");
  });

  it("a 1 MB cpu model or note does not make a 1 MB comment or summary", () => {
    const huge = "x".repeat(1_000_000);
    const c = comparison([row({ note: huge, suite: huge })], { notes: Array.from({ length: 500 }, () => huge), baseline: { ...env, cpuModel: huge, node: huge } });
    const md = renderMarkdown(c, { maxLength: 1_000_000 });
    expect(md.length).toBeLessThan(30_000);
    expect(md).toContain("480 more notes are in the JSON report.");
    expect(renderMarkdown(c).length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });
});

describe("the Comparison schema caps what a fork can send", () => {
  const valid = comparison([row()]);
  it("accepts a normal comparison", () => {
    expect(Comparison.safeParse(valid).success).toBe(true);
  });
  it.each([
    ["cpuModel", { ...valid, current: { ...env, cpuModel: "x".repeat(1_000_000) } }],
    ["note", { ...valid, notes: ["x".repeat(1_000_000)] }],
    ["notes", { ...valid, notes: Array.from({ length: 100_000 }, () => "n") }],
    ["unit", { ...valid, rows: [row({ unit: "u".repeat(1000) })] }],
    ["row note", { ...valid, rows: [row({ note: "x".repeat(100_000) })] }],
    ["budget text", { ...valid, rows: [row({ budget: { text: "x".repeat(10_000), met: true } })] }],
    ["rows", { ...valid, rows: Array.from({ length: 400_001 }, () => row()) }],
  ])("refuses an oversized %s", (_, data) => {
    expect(Comparison.safeParse(data).success).toBe(false);
  });
});

describe("terminal output of hostile names", () => {
  it("neutralises ANSI escapes and control characters", () => {
    const evil = "\u001b[2J\u001b]0;title\u0007name\r\u009b31m";
    const text = renderTerminal(comparison([row({ suite: evil, note: evil, unit: evil })], { notes: [evil], current: { ...env, cpuModel: evil } }), { color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain("[2J ]0;title name");
  });
});

describe("a comparison whose summary contradicts its rows", () => {
  it("titles the comment from the rows, not from the claimed verdict and counts", () => {
    const forged = {
      ...comparison([row({ verdict: "regression" })]),
      verdict: "pass" as const,
      counts: { regression: 0, "over-budget": 0, inconclusive: 0, improvement: 0, new: 0, missing: 0, unchanged: 5 },
    };
    const md = renderMarkdown(forged);
    expect(md).toMatch(/^### ❌ perf-gate: 1 benchmark slower \(worst: /);
    expect(md).not.toContain("unchanged");
    expect(renderTerminal(forged, { color: false })).toMatch(/^perf-gate: 1 benchmark slower \(worst: /);
  });
});
