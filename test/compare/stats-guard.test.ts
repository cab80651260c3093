import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { guardResults, guardReports } from "../helpers/stats-guard.ts";
import { compare } from "../../src/compare/compare.ts";
import { parseReport } from "../../src/report/parse.ts";
import type { Estimator } from "../../src/report/schema.ts";
import { estimate, groupByRound, perRoundEstimates } from "../../src/compare/stats/estimate.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";

// Recorded from the code before the comparison was made faster (see test/fixtures/README.md):
// every row, verdict, interval and p-value must come out bit for bit the same.
const recorded = JSON.parse(readFileSync(new URL("../fixtures/stats-guard.json", import.meta.url), "utf8")) as Record<string, unknown>;

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

  it("estimates each round in place exactly as over the round's own values", () => {
    const random = mulberry32(5);
    const estimators: Estimator[] = [{ kind: "mean" }, { kind: "median" }, { kind: "quantile", q: 0.99 }, { kind: "quantile", q: 0.3 }, { kind: "rate", scale: 1000 }, { kind: "max" }];
    for (let trial = 0; trial < 200; trial++) {
      const rounds: number[] = [];
      const values: number[] = [];
      const count = 1 + (trial % 9);
      for (let r = 0; r < count; r++) {
        const size = 1 + Math.floor(random() * 50);
        // Mixed signs and magnitudes, where compensated summation matters.
        for (let k = 0; k < size; k++) values.push((random() - 0.3) * 10 ** Math.floor(random() * 20 - 10));
        for (let k = 0; k < size; k++) rounds.push(trial % 5 === 0 ? count - 1 - r : r * 2);
      }
      const set = { unit: "ms", values, rounds };
      for (const estimator of estimators) {
        expect(perRoundEstimates(set, estimator)).toStrictEqual(groupByRound(set).map((r) => estimate(estimator, r)));
      }
    }
  });
});
