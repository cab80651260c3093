// The verdict rules on their own, with made-up changes and intervals: no samples, no timing.
import { describe, expect, it } from "vitest";
import type { Row } from "../../src/report/comparison.ts";
import type { ChangeEstimate } from "../../src/compare/stats/change.ts";
import type { Judged } from "../../src/compare/judge-change.ts";
import { degradation, verdictOf } from "../../src/compare/verdict-rules.ts";

const ROW: Row = { id: "s/b.mean", suite: "s", benchmark: "b.mean", stat: "mean", kind: "function", unit: "ms", direction: "lower-is-better", threshold: 10, verdict: "unchanged" };

/** A judged row whose change is `change` with `interval`, over rounds (5 a side). */
function judged(change: number, interval: [number, number], pValue = 0.001, row: Partial<Row> = {}): Judged {
  const estimate: ChangeEstimate = { change, interval, pValue, replicates: [5, 5], method: "rounds" };
  return { row: { ...ROW, ...row, baseline: 1, current: 1 + change, change, interval }, estimate };
}

describe("verdict rules", () => {
  it("a regression needs the change past the threshold, an interval clear of zero and a discovery", () => {
    expect(verdictOf(judged(0.2, [0.15, 0.25]), true).verdict).toBe("regression");
    // The same change without the discovery, or with an interval that reaches zero, is not called.
    const notDiscovered = verdictOf(judged(0.2, [0.15, 0.25], 0.2), false);
    expect(notDiscovered).toMatchObject({ verdict: "inconclusive", credible: false, reason: { kind: "not-credible", threshold: 10, pValue: 0.2, cutOff: false } });
    expect(verdictOf(judged(0.2, [-0.01, 0.41]), true)).toMatchObject({ verdict: "inconclusive", credible: false });
  });

  it("a change under the threshold is unchanged, unless it leans toward one and its interval reaches past it", () => {
    expect(verdictOf(judged(0.04, [0.03, 0.05]), true).verdict).toBe("unchanged");
    // 6% (over half the 10% threshold) with an interval up to 14%: it may be a regression.
    const leaning = verdictOf(judged(0.06, [0.01, 0.14]), true);
    expect(leaning).toMatchObject({ verdict: "inconclusive", credible: true, reason: { kind: "reaches-threshold", threshold: 10, settle: { kind: "more", unit: "rounds", have: 5 } } });
    // What would settle it: about have × (half-width / distance to the threshold)², here 5 × (0.065 / 0.04)² → 14 rounds.
    expect(leaning.reason).toMatchObject({ settle: { need: 14 } });
    // 2% with the same wide interval does not lean: unchanged, its interval shown.
    expect(verdictOf(judged(0.02, [-0.05, 0.12]), true).verdict).toBe("unchanged");
  });

  it("reads the direction: a fall in a higher-is-better metric is the regression", () => {
    const rate = { direction: "higher-is-better" as const, stat: "ops", unit: "ops/s" };
    expect(degradation(rate, -0.2)).toBeCloseTo(0.2);
    expect(verdictOf(judged(-0.2, [-0.25, -0.15], 0.001, rate), true).verdict).toBe("regression");
    expect(verdictOf(judged(0.2, [0.15, 0.25], 0.001, rate), true).verdict).toBe("improvement");
  });

  it("without samples only the threshold decides, and says so", () => {
    const single = (change: number): Judged => ({ row: { ...ROW, baseline: 1, current: 1 + change, change } });
    expect(verdictOf(single(0.11), false)).toMatchObject({ verdict: "regression", reason: { kind: "single-values" } });
    expect(verdictOf(single(-0.11), false)).toMatchObject({ verdict: "improvement", reason: { kind: "single-values" } });
    expect(verdictOf(single(0.09), false).verdict).toBe("unchanged");
  });

  it("leaves a row that already has its verdict as it is", () => {
    const fresh: Judged = { row: { ...ROW, verdict: "new", current: 1 } };
    expect(verdictOf(fresh, true)).toBe(fresh.row);
  });
});
