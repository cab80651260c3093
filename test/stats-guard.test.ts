import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { guardResults, guardReports } from "./helpers/stats-guard.ts";
import { compare } from "../src/compare.ts";
import { parseReport } from "../src/files.ts";

// Recorded from the code before the comparison was made faster (see test/fixtures/README.md):
// every row, verdict, interval and p-value must come out bit for bit the same.
const recorded = JSON.parse(readFileSync(new URL("./fixtures/stats-guard.json", import.meta.url), "utf8")) as Record<string, unknown>;

describe("seeded comparisons stay identical", () => {
  const now = guardResults() as Record<string, unknown>;
  for (const part of ["plain", "calibrated", "paired", "changes"]) {
    it(`${part}: the same results as recorded`, () => {
      expect(now[part]).toStrictEqual(recorded[part]);
    });
  }
  it("compares Reports read from JSON (validated) to the same results", () => {
    const [base, current, policy] = guardReports();
    const read = (r: unknown, name: string) => parseReport(JSON.parse(JSON.stringify(r)), name);
    expect(JSON.parse(JSON.stringify(compare(read(base, "base.json"), read(current, "current.json"), policy)))).toStrictEqual(recorded.plain);
  });
  it("covers every verdict and both bootstrap methods", () => {
    const rows = (recorded.plain as { rows: Array<{ verdict: string }> }).rows;
    expect(new Set(rows.map((r) => r.verdict))).toStrictEqual(new Set(["regression", "improvement", "inconclusive", "unchanged", "new", "missing", "over-budget"]));
    const methods = new Set(Object.values(recorded.changes as Record<string, { method: string } | null>).map((c) => c?.method ?? "none"));
    expect(methods).toStrictEqual(new Set(["rounds", "observations", "none"]));
  });
});
