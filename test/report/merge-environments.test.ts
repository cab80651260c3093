import { describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { mergeComparisons } from "../../src/report/merge.ts";
import { defaultPolicy } from "../../src/compare/policy.ts";
import { commentLength, GITHUB_COMMENT_LIMIT } from "../../src/render/comment-limit.ts";
import { renderMergedMarkdown } from "../../src/render/merged.ts";
import type { Report } from "../../src/report/schema.ts";
import { pinnedReports } from "../helpers/seeded-reports.ts";

/** The seeded current run as measured on another Node version, its metrics renamed so that they can be told apart. */
function onNode(report: Report, node: string, suite: string): Report {
  const rename = (id: string) => id.replace(/^pin\//, `${suite}/`);
  return {
    ...report,
    environment: { ...report.environment, node },
    metrics: report.metrics.map((m) => ({ ...m, id: rename(m.id), suite, samples: m.samples && rename(m.samples) })),
    samples: Object.fromEntries(Object.entries(report.samples).map(([k, v]) => [rename(k), v])),
  };
}

describe("shards from different environments", () => {
  const [base, current] = pinnedReports();
  const on24 = compare(onNode(base, "v24.1.0", "node24"), onNode(current, "v24.1.0", "node24"), defaultPolicy());
  const on22 = compare(onNode(base, "v22.11.0", "node22"), onNode(current, "v22.11.0", "node22"), defaultPolicy());

  it("stay separate comparisons, each with its own rows and verdict", () => {
    const merged = mergeComparisons([
      { source: "a.json", value: { ...on24, shard: { index: 1, count: 1 } } },
      { source: "b.json", value: { ...on22, shard: { index: 1, count: 1 } } },
    ]);
    expect(merged.map((m) => m.key)).toEqual(["linux x64 node v24.1.0", "linux x64 node v22.11.0"]);
    expect(merged[0]!.comparison.rows.every((r) => r.suite === "node24")).toBe(true);
    expect(merged[1]!.comparison.rows.every((r) => r.suite === "node22")).toBe(true);
    expect(merged[0]!.comparison.rows).toHaveLength(on24.rows.length);
  });

  it("share one comment under GitHub's limit, one section each", () => {
    const merged = mergeComparisons([
      { source: "a.json", value: on24 },
      { source: "b.json", value: on22 },
    ]);
    const md = renderMergedMarkdown(merged);
    expect(commentLength(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.match(/^### /gm)).toHaveLength(1);
    expect(md).toMatch(/^### ❌ perf-gate: 2 environments compared apart, 2 with regressions/);
    const sections = md.split(/^#### /m).slice(1);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toMatch(/^❌ linux x64 node v24\.1\.0: /);
    expect(sections[0]).toContain("node24/task-0");
    expect(sections[0]).not.toContain("node22/");
    expect(sections[1]).toMatch(/^❌ linux x64 node v22\.11\.0: /);
    expect(sections[1]).not.toContain("node24/");
  });
});
