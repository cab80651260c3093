import { describe, expect, it } from "vitest";
import { COMPARISON_SCHEMA, type Comparison, type Row } from "../../src/report/comparison.ts";
import { commentBody } from "../../src/github/comment.ts";
import { commentLength, GITHUB_COMMENT_LIMIT, truncateToLimit } from "../../src/render/comment-limit.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { countVerdicts, overallVerdict, sortRows } from "../../src/compare/verdicts.ts";

const env = { node: "v24.0.0", os: "linux", platform: "linux", arch: "x64", cpuModel: "test", cores: 2, memoryBytes: 0, timestamp: "2026-01-01T00:00:00.000Z" };

/** 10,000 rows in 100 suites whose names carry an emoji outside the BMP (two UTF-16 units, one character on GitHub). */
function bigComparison(regressions: (i: number) => boolean): Comparison {
  const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => {
    const suite = `suite-${String(Math.floor(i / 100)).padStart(3, "0")}-🚀`;
    const verdict: Row["verdict"] = regressions(i) ? "regression" : i % 97 === 0 ? "inconclusive" : "unchanged";
    const change = verdict === "regression" ? 0.25 : 0.01;
    return {
      id: `${suite}/task-with-a-long-descriptive-name-${i}.p95`,
      suite,
      benchmark: `task-with-a-long-descriptive-name-${i}`,
      stat: "p95",
      kind: "function",
      unit: "ms",
      direction: "lower-is-better",
      baseline: 2,
      current: 2 * (1 + change),
      change,
      interval: [change - 0.02, change + 0.02],
      threshold: 10,
      verdict,
    };
  });
  sortRows(rows);
  return { schema: COMPARISON_SCHEMA, verdict: overallVerdict(rows), threshold: 10, counts: countVerdicts(rows), rows, notes: [], baseline: env, current: env };
}

describe("GitHub's comment limit, counted as GitHub counts it", () => {
  it("counts code points, so an emoji outside the BMP is one character", () => {
    expect(commentLength("a🚀b")).toBe(3);
    expect("a🚀b".length).toBe(4);
    expect(commentLength("✅")).toBe(1);
  });

  it("never cuts a surrogate pair when truncating", () => {
    const text = "ab🚀🚀🚀";
    expect(truncateToLimit(text, 3)).toBe("ab🚀");
    expect(truncateToLimit(text, 2)).toBe("ab");
    const body = commentBody("🚀".repeat(70_000));
    expect(commentLength(body)).toBe(GITHUB_COMMENT_LIMIT);
    expect(body.endsWith("🚀")).toBe(true);
    expect(/[\uD800-\uDBFF]$/.test(body)).toBe(false);
  });

  it("holds a 10,000-metric comment to the limit: counts per suite, regressions first, all of them named", () => {
    const c = bigComparison((i) => i % 33 === 16);
    const md = renderMarkdown(c);
    expect(commentLength(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(commentLength(commentBody(md, "shards"))).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toContain("**10,000 metrics in 100 suites**");
    expect(md).toMatch(/\| suite-000-🚀 \| 3 \| · \| 2 \| · \| · \| · \| 95 \|/);
    // Regressions come before every other row.
    const firstInconclusive = md.indexOf("❔ inconclusive |", md.indexOf("| Verdict |"));
    const lastRegression = md.lastIndexOf("🔴 regression |");
    expect(lastRegression).toBeGreaterThan(0);
    expect(firstInconclusive === -1 || lastRegression < firstInconclusive).toBe(true);
    // Every regression is in the table or named in the line about what did not fit.
    const regressions = c.rows.filter((r) => r.verdict === "regression");
    const named = regressions.filter((r) => md.includes(`| ${r.suite.replace(/-/g, "-")}/${r.benchmark} p95 |`) || md.includes(`\`${r.id}\``));
    const hidden = /(\d[\d,]*) more failing metrics? did not fit[^\n]*?, and (\d[\d,]*) more\./.exec(md);
    expect(named.length + Number(hidden?.[2]?.replace(/,/g, "") ?? 0)).toBe(regressions.length);
    expect(md).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("names every regression when there are too many for the table", () => {
    const c = bigComparison((i) => i % 4 === 0);
    const md = renderMarkdown(c);
    expect(commentLength(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const line = /> ⚠️ \*\*([\d,]+) more failing metrics did not fit in this comment:\*\* ([^\n]*)/.exec(md);
    expect(line).not.toBeNull();
    const inTable = (md.match(/^\| 🔴 regression \|/gm) ?? []).length;
    const hidden = Number(line![1]!.replace(/,/g, ""));
    expect(inTable + hidden).toBe(2_500);
    const namedInLine = (line![2]!.match(/`[^`]+`/g) ?? []).length;
    const andMore = Number(/, and ([\d,]+) more\./.exec(line![2]!)?.[1]?.replace(/,/g, "") ?? 0);
    expect(namedInLine + andMore).toBe(hidden);
    expect(namedInLine).toBeGreaterThan(0);
  });
});
