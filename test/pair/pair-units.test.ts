import { describe, expect, it } from "vitest";
import { applyPairedToFlagged, combineComparisons, withoutPairing } from "../../src/compare/combine.ts";
import { COMPARISON_SCHEMA, type Comparison, type Row } from "../../src/report/comparison.ts";
import { Config, migrateConfirm } from "../../src/config/schema.ts";
import { allowedCpus } from "../../src/pair/affinity.ts";
import { shuffled, sideOrder } from "../../src/pair/settings.ts";
import { emptySeries, settleState } from "../../src/pair/settle.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { renderTerminal } from "../../src/render/terminal.ts";
import { mulberry32 } from "../../src/compare/stats/random.ts";
import { reportWith } from "../helpers/reports.ts";

const env = reportWith([]).environment;

function row(id: string, verdict: Row["verdict"], change: number | undefined, extra: Partial<Row> = {}): Row {
  const [suite = "s", rest = ""] = id.split("/");
  const [benchmark = rest, stat = "mean"] = rest.split(".");
  return {
    id,
    suite,
    benchmark,
    stat,
    kind: "function",
    unit: "ms",
    direction: "lower-is-better",
    baseline: 1,
    current: change === undefined ? undefined : 1 + change,
    change,
    threshold: 10,
    verdict,
    ...extra,
  };
}

function comparison(rows: Row[], overrides: Partial<Comparison> = {}): Comparison {
  const counts = { regression: 0, "over-budget": 0, inconclusive: 0, improvement: 0, new: 0, missing: 0, unchanged: 0 };
  for (const r of rows) counts[r.verdict] += 1;
  return { schema: COMPARISON_SCHEMA, verdict: rows.some((r) => r.verdict === "regression") ? "fail" : "pass", threshold: 10, counts, rows, notes: [], baseline: env, current: env, ...overrides };
}

const PAIRING = { status: "paired" as const, baseCommit: "a1b2c3d4e5f6", rounds: [10, 42] as [number, number], seconds: 31.4, unsettled: [], unpaired: 0, cpu: 1 };

describe("settling: when more rounds cannot change a verdict", () => {
  it("settles once the interval lies wholly below or wholly past the threshold, not while it straddles", () => {
    const clear = emptySeries();
    const straddling = emptySeries();
    const past = emptySeries();
    for (let r = 0; r < 12; r++) {
      const jitter = 1 + ((r % 3) - 1) * 0.002;
      clear.base.set(r, 1);
      clear.head.set(r, 1.01 * jitter);
      straddling.base.set(r, 1);
      straddling.head.set(r, r % 2 ? 1.02 : 1.18);
      past.base.set(r, 1);
      past.head.set(r, 1.3 * jitter);
    }
    expect(settleState(clear, "lower-is-better", 10).settled).toBe(true);
    expect(settleState(straddling, "lower-is-better", 10).settled).toBe(false);
    expect(settleState(past, "lower-is-better", 10).settled).toBe(true);
    // Higher is better: 30% more throughput is far from a regression.
    expect(settleState(past, "higher-is-better", 10).settled).toBe(true);
  });

  it("has nothing to settle on before there are enough rounds", () => {
    const few = emptySeries();
    few.base.set(0, 1);
    few.head.set(0, 1);
    expect(settleState(few, "lower-is-better", 10)).toEqual({ settled: false, halfWidth: Number.POSITIVE_INFINITY });
  });
});

describe("random order", () => {
  it("puts either side first about half the time, and shuffles without losing items", () => {
    const random = mulberry32(5);
    let baseFirst = 0;
    for (let i = 0; i < 2000; i++) if (sideOrder(random)[0] === "base") baseFirst++;
    expect(baseFirst).toBeGreaterThan(900);
    expect(baseFirst).toBeLessThan(1100);
    expect(shuffled([1, 2, 3, 4, 5], random).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("CPU pinning", () => {
  it("reads the CPUs this process may use from /proc", () => {
    expect(allowedCpus("Name:\tnode\nCpus_allowed_list:\t0-3,6\n")).toEqual([0, 1, 2, 3, 6]);
    expect(allowedCpus("Cpus_allowed_list:\t1\n")).toEqual([1]);
    expect(allowedCpus("no such line")).toEqual([]);
  });
});

describe("old configs: confirm becomes pair", () => {
  it("maps the policy and keeps install and budget, with a warning saying what to write", () => {
    const warnings: string[] = [];
    const data = migrateConfirm({ benchmarks: [{ kind: "tinybench", files: ["a.js"] }], confirm: { policy: "on-regression", install: "pnpm i", rounds: 6, budget: 200 } }, (w) => warnings.push(w));
    const config = Config.parse(data);
    expect(config.pair).toMatchObject({ policy: "flagged", install: "pnpm i", budget: 200 });
    expect(warnings).toEqual(['`confirm` is now `pair` (base and head measured paired on the runner): write {"pair":{"policy":"flagged","install":"pnpm i","budget":200}} instead']);
  });

  it("refuses both at once", () => {
    expect(() => migrateConfirm({ confirm: {}, pair: {} }, () => {})).toThrow("`confirm` and `pair` cannot both be set");
  });

  it("defaults to pairing always", () => {
    expect(Config.parse({ benchmarks: [{ kind: "tinybench", files: ["a.js"] }] }).pair).toEqual({
      policy: "always",
      install: "npm ci",
      installTimeout: 600,
      budget: 120,
      rounds: { min: 32, max: 80 },
      restartEvery: 8,
      batch: 25,
      warmup: 100,
      pin: true,
    });
  });
});

describe("combining the paired comparison with the artifact's", () => {
  const paired = comparison([row("lib/a.p50", "regression", 0.3, { interval: [0.25, 0.35] }), row("lib/b.p50", "unchanged", 0.01, { interval: [-0.02, 0.03] })]);
  const artifact = comparison(
    [
      row("lib/a.p50", "regression", 0.5, { interval: [0.1, 0.9] }),
      row("lib/b.p50", "regression", 0.4, { interval: [0.2, 0.6] }),
      row("web/imported.value", "unchanged", 0.02),
      row("lib/gone.p50", "missing", undefined),
    ],
    { baseline: { ...env, cpuModel: "Main CPU" } },
  );

  it("paired verdicts decide; the artifact's change stays beside them; unpaired and missing rows come from the artifact", () => {
    const c = combineComparisons(paired, artifact, PAIRING);
    const byId = new Map(c.rows.map((r) => [r.id, r]));
    expect(byId.get("lib/a.p50")).toMatchObject({ verdict: "regression", change: 0.3, source: "paired", artifact: { verdict: "regression", change: 0.5 } });
    // Main's artifact called b a regression (a noisy runner); the paired rounds did not.
    expect(byId.get("lib/b.p50")).toMatchObject({ verdict: "unchanged", source: "paired", artifact: { verdict: "regression", change: 0.4 } });
    expect(byId.get("web/imported.value")).toMatchObject({ verdict: "unchanged", source: "artifact" });
    expect(byId.get("lib/gone.p50")).toMatchObject({ verdict: "missing", source: "artifact" });
    expect(c.counts).toMatchObject({ regression: 1, unchanged: 2, missing: 1 });
    expect(c.verdict).toBe("fail");
    expect(c.pairing).toEqual(PAIRING);
    expect(c.artifactBaseline?.cpuModel).toBe("Main CPU");
  });

  it("flagged: only the flagged rows take the paired verdict", () => {
    const onlyB = comparison([row("lib/b.p50", "unchanged", 0.01, { interval: [-0.02, 0.03] })]);
    const c = applyPairedToFlagged(artifact, onlyB, PAIRING);
    const byId = new Map(c.rows.map((r) => [r.id, r]));
    expect(byId.get("lib/b.p50")).toMatchObject({ verdict: "unchanged", source: "paired", artifact: { verdict: "regression" } });
    expect(byId.get("lib/a.p50")).toMatchObject({ verdict: "regression", source: "artifact" });
    expect(c.counts.regression).toBe(1);
  });

  it("renders paired tables with base, head and the change against main, and says how the verdicts were reached", () => {
    const c = combineComparisons(paired, artifact, PAIRING);
    const md = renderMarkdown(c);
    expect(md).toContain("| Verdict | Benchmark | Base | Head | Change [95% CI] | vs main | Note |");
    expect(md).toContain("| 🔴 regression | lib/a · p50 | 1 ms | 1.3 ms | +30.0% [+25.0%, +35.0%] | +50.0% |  |");
    expect(md).toContain("| ➖ unchanged | lib/b · p50 | 1 ms | 1.01 ms | +1.0% [−2.0%, +3.0%] | +40.0% (regression) |  |");
    expect(md).toContain("judged against the baseline artifact");
    expect(md).toContain("Verdicts come from base commit a1b2c3d and the head measured paired on this runner: 10–42 rounds");
    expect(md).toContain("both pinned to CPU 1");
    expect(md).toContain("Baseline artifact: linux x64, Main CPU");
    const text = renderTerminal(c, { color: false });
    expect(text).toMatch(/verdict\s+benchmark\s+base\s+head\s+change \[95% CI\]\s+vs main/);
    expect(text).toContain("vs main:  linux x64, Main CPU");
  });

  it("without pairing, says why, and the artifact's verdicts stand", () => {
    const c = withoutPairing(artifact, "install command npm ci failed in the base worktree (exit 1): boom");
    expect(c.rows.map((r) => r.verdict)).toEqual(artifact.rows.map((r) => r.verdict));
    const md = renderMarkdown(c);
    expect(md).toContain(
      "Base and head could not be measured paired on this runner (install command npm ci failed in the base worktree (exit 1): boom); the verdicts are against the baseline artifact.",
    );
    expect(md).toContain("| Verdict | Benchmark | Baseline | Current | Change [95% CI] | Note |");
  });
});
