import { describe, expect, it } from "vitest";
import { compare } from "../../src/compare/compare.ts";
import { defaultPolicy } from "../../src/compare/policy.ts";
import type { Estimator } from "../../src/report/schema.ts";
import { estimateChange } from "../../src/compare/stats/change.ts";
import { pinnedReports } from "../helpers/seeded-reports.ts";
import { seededSet, withoutRounds } from "../helpers/seeded-sets.ts";

// Seeded results recorded before the bootstrap was made faster: a faster
// implementation must give every interval and p-value bit for bit.
const ESTIMATORS: Record<string, Estimator> = {
  mean: { kind: "mean" },
  median: { kind: "median" },
  quantile: { kind: "quantile", q: 0.95 },
  rate: { kind: "rate", scale: 1000 },
  max: { kind: "max" },
};
const PINNED: Record<string, unknown> = {
  "mean rounds": { change: 0.028275502002441, interval: [0.0028940895505196185, 0.050540447864972915], pValue: 0.02798600699650175, replicates: [5, 5], method: "rounds" },
  "mean observations": { change: -0.0027346303306821085, interval: [-0.006770311523569106, 0.007165393437005951], pValue: 0.9155422288855573, replicates: [900, 700], method: "observations" },
  "median rounds": { change: 0.029467560264056614, interval: [-0.002647092400823836, 0.05787912943529294], pValue: 0.10394802598700649, replicates: [5, 5], method: "rounds" },
  "median observations": { change: -0.004013133021566917, interval: [-0.008593123648048206, 0.011354182911441857], pValue: 0.9825087456271864, replicates: [900, 700], method: "observations" },
  "quantile rounds": { change: 0.023771374964087544, interval: [0.006905186882501857, 0.041532667245241184], pValue: 0.013993003498250875, replicates: [5, 5], method: "rounds" },
  "quantile observations": { change: -0.004821981274712117, interval: [-0.014709514954775571, 0.01498886569140434], pValue: 0.9185407296351824, replicates: [900, 700], method: "observations" },
  "rate rounds": { change: -0.027497982736511606, interval: [-0.04810899757012643, -0.0028857365317205286], pValue: 0.02798600699650175, replicates: [5, 5], method: "rounds" },
  "rate observations": { change: 0.002742129039925434, interval: [-0.007114415841869781, 0.006816461322717959], pValue: 0.9155422288855573, replicates: [900, 700], method: "observations" },
  "max rounds": { change: 0.037088372566615124, interval: [0.013772499421945916, 0.06304116014229177], pValue: 0.0009995002498750624, replicates: [5, 5], method: "rounds" },
  "max observations": { change: 0.035471642196015285, interval: [-0.016404424439322995, 0.0034024186509817866], pValue: 0.49375312343828087, replicates: [900, 700], method: "observations" },
};
const PINNED_ROWS = [
  ["pin/task-0.mean", "regression", 0.1865795818884961, [0.10935617469126763, 0.26917858869493805]],
  ["pin/task-3.ops", "regression", -0.17876017493886787, [-0.25124082283850063, -0.09926332679730149]],
  ["pin/task-6.p99", "regression", 0.21971145579796714, [0.18702139602120105, 0.25349503185397926]],
  ["pin/task-9.p50", "regression", 0.18459448925777266, [0.1516842871379498, 0.22198900354278983]],
  ["pin/task-5.p50", "inconclusive", 0.06710604612074689, [-0.04902256031687697, 0.19741569689275387]],
  ["pin/task-1.p50", "unchanged", -0.016648742217462043, [-0.08653922136750002, 0.058589179526810274]],
  ["pin/task-2.p99", "unchanged", 0.00742466057023794, [-0.07218139678620415, 0.09386085082753638]],
  ["pin/task-4.mean", "unchanged", -0.03679842526246235, [-0.131484171250247, 0.06820997714272939]],
  ["pin/task-7.ops", "unchanged", -0.003529521037851535, [-0.021289862492554268, 0.01337399684902052]],
  ["pin/task-8.mean", "unchanged", 0.0158384919049952, [-0.01184969229572197, 0.04249930239445754]],
  ["pin/task-10.p99", "unchanged", 0.07632748197033501, [0.05963162798076116, 0.09349851457899083]],
  ["pin/task-11.ops", "unchanged", 0.032896374749289636, [-0.0008010213712565939, 0.06645994379676923]],
];

describe("seeded statistics stay identical", () => {
  for (const [name, estimator] of Object.entries(ESTIMATORS)) {
    it(`bootstraps ${name} over rounds exactly as before`, () => {
      expect(estimateChange(seededSet(11, 2, 5, 40), seededSet(12, 2.03, 5, 40), estimator, { seed: 7 })).toStrictEqual(PINNED[`${name} rounds`]);
    });
    it(`bootstraps ${name} over single observations exactly as before`, () => {
      const base = withoutRounds(seededSet(13, 1, 1, 900));
      const current = withoutRounds(seededSet(14, 1.004, 1, 700));
      expect(estimateChange(base, current, estimator, { seed: 9 })).toStrictEqual(PINNED[`${name} observations`]);
    });
  }
  it("compares seeded Reports (with run history) to the same rows as before", () => {
    const [base, current] = pinnedReports();
    const rows = compare(base, current, defaultPolicy()).rows.map((r) => [r.id, r.verdict, r.change, r.interval]);
    expect(rows).toStrictEqual(PINNED_ROWS);
    expect(new Set(rows.map((r) => r[1]))).toStrictEqual(new Set(["regression", "unchanged", "inconclusive"]));
  });
});
