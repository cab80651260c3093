import { describe, expect, it } from "vitest";
import { COMPARISON_SCHEMA, Comparison, type Row } from "../../src/report/comparison.ts";
import { renderJson } from "../../src/render/json.ts";
import { escapeCell, GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/render/markdown.ts";
import { renderTerminal } from "../../src/render/terminal.ts";
import { reportWith } from "../helpers/reports.ts";

const env = reportWith([]).environment;

function row(id: string, verdict: Row["verdict"], baseline: number | undefined, current: number | undefined, extra: Partial<Row> = {}): Row {
  const [suite = "s", rest = ""] = id.split("/");
  const [benchmark = rest, stat = "mean"] = rest.split(".");
  const change = baseline !== undefined && current !== undefined ? current / baseline - 1 : undefined;
  return { id, suite, benchmark, stat, kind: "function", unit: "ms", direction: "lower-is-better", baseline, current, change, threshold: 10, verdict, ...extra };
}

function comparison(rows: Row[], overrides: Partial<Comparison> = {}): Comparison {
  const counts = { regression: 0, "over-budget": 0, inconclusive: 0, improvement: 0, new: 0, missing: 0, unchanged: 0 };
  for (const r of rows) counts[r.verdict] += 1;
  const failing = rows.some((r) => r.verdict === "regression" || r.verdict === "over-budget");
  return { schema: COMPARISON_SCHEMA, verdict: failing ? "fail" : "pass", threshold: 10, counts, rows, notes: [], baseline: env, current: { ...env, commit: "fedcba9876543210" }, ...overrides };
}

const mixed = comparison([
  row("text/word-frequency.mean", "regression", 0.354, 0.449, { interval: [0.22, 0.31] }),
  row("api/get|items.p95", "over-budget", 150, 230, { budget: { text: "< 200 ms", met: false } }),
  row("text/slugify.p99", "inconclusive", 0.2, 0.23, { interval: [-0.02, 0.31], note: "interval straddles the threshold; a longer run would settle it" }),
  row("numbers/rank.mean", "improvement", 0.3, 0.24, { interval: [-0.24, -0.16] }),
  row("numbers/new-task.mean", "new", undefined, 0.1),
  row("numbers/old-task.mean", "missing", 0.1, undefined),
  row("numbers/primes.mean", "unchanged", 0.213, 0.215, { interval: [-0.01, 0.03] }),
  row("numbers/primes.p50", "unchanged", 0.209, 0.209),
]);

describe("markdown renderer", () => {
  it("renders the whole comment: verdict title, attention rows by suite, unchanged folded", async () => {
    const md = renderMarkdown(mixed, { links: ["[run](https://example.test/run/1)"] });
    await expect(md).toMatchFileSnapshot("../__snapshots__/comment-mixed.md");
    expect(md.split("\n")[0]).toBe(
      "### ❌ perf-gate: 1 benchmark slower (worst: text/word-frequency mean +26.8% \\[+22.0%, +31.0%\\]); 1 over budget, 1 faster, 1 new, 1 missing, 1 too noisy to call, 1 unchanged",
    );
    // The table everyone reads: one row per benchmark, what fails first, then budgets, improvements, new and missing.
    const attention = md
      .slice(0, md.indexOf("<details>"))
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| Verdict"));
    expect(attention.map((l) => l.split(" | ")[1])).toEqual(["text/word-frequency · mean", "api/get\\|items · p95", "numbers/rank · mean", "numbers/new-task · mean", "numbers/old-task · mean"]);
    // An inconclusive row that may be noise needs no action: folded, apart from the unchanged ones.
    expect(md).toContain("<details><summary>❔ 1 benchmark inconclusive: too noisy to call, no action needed</summary>");
    expect(md).toContain("<details><summary>1 unchanged benchmark (2 metrics)</summary>");
    expect(md).not.toContain("primes · p50");
  });

  it("says plainly when there is no baseline", async () => {
    const md = renderMarkdown(comparison([row("text/a.mean", "new", undefined, 1)], { baseline: undefined }));
    await expect(md).toMatchFileSnapshot("../__snapshots__/comment-no-baseline.md");
    expect(md).toContain("No baseline Report was available");
  });

  it("escapes pipes, HTML and backticks in metric names", () => {
    expect(escapeCell("a|b <script>`x`")).toBe("a\\|b &lt;script&gt;\\`x\\`");
    const md = renderMarkdown(comparison([row("evil/<img src=x>|`y`.mean", "regression", 1, 2)]));
    expect(md).not.toContain("<img");
    expect(md).toContain("&lt;img src=x&gt;\\|\\`y\\`");
  });

  it("stays under GitHub's comment limit with thousands of metrics, saying what it left out", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(`suite${i % 7}/task-with-a-long-name-${i}.p95`, i % 3 === 0 ? "regression" : "unchanged", 1, i % 3 === 0 ? 1.5 : 1.01));
    const md = renderMarkdown(comparison(rows));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Too many rows for one comment: the compact layout counts them per suite (test/render/comment-limit.test.ts).
    expect(md).toContain("**5,000 metrics in 7 suites**");
    expect(md).toMatch(/> ⚠️ \*\*[\d,]+ more failing metrics did not fit in this comment:\*\* `suite/);
    expect(md).toContain("### ❌");
  });
});

describe("terminal renderer", () => {
  it("prints aligned plain text without colour", () => {
    const text = renderTerminal(mixed, { color: false });
    expect(text).not.toContain("\u001b[");
    const lines = text.split("\n");
    expect(lines[0]).toBe("perf-gate: 1 benchmark slower (worst: text/word-frequency mean +26.8% [+22.0%, +31.0%]); 1 over budget, 1 faster, 1 new, 1 missing, 1 too noisy to call, 1 unchanged");
    const header = lines.find((l) => l.startsWith("verdict"))!;
    const first = lines.find((l) => l.startsWith("regression"))!;
    expect(first.indexOf("+26.8%")).toBeGreaterThan(0);
    expect(header.length).toBeLessThanOrEqual(first.length);
  });

  it("colours verdicts when asked", () => {
    expect(renderTerminal(mixed, { color: true })).toContain("\u001b[31m");
  });
});

describe("JSON renderer", () => {
  it("emits a Comparison that parses back", () => {
    expect(Comparison.parse(JSON.parse(renderJson(mixed)))).toEqual(mixed);
  });
});
