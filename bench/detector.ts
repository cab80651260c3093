// Detection quality of perf-gate's rule vs the naive single-value rule, on real
// measurements of the example made on this machine. A benchmark: prints figures.
//   node bench/detector.ts [--runs N] [--ab-runs M] [--confirm-rounds R] [--keep DIR] [--from DIR]
// --keep DIR keeps the measured Reports; --from DIR judges Reports kept earlier without measuring.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { loadReport } from "../src/files.ts";
import { carryHistory, HISTORY_RUNS } from "../src/history.ts";
import { policyFromConfig, type Policy } from "../src/policy.ts";
import type { Report } from "../src/report.ts";
import { mulberry32 } from "../src/stats/random.ts";
import { measuredElsewhere, type OtherMachine } from "./detector/machine.ts";
import { naive, perfGate, perfGateConfirmed } from "./detector/rules.ts";

const CONFIG = "fixtures/example/perf-gate.config.json";
/** The function benchmarks measured (the example's load and memory groups are left out). */
const ONLY = ["text/*", "numbers/*"];
/** The tasks the slowdown knob slows in the A/B scenarios, and their metric. */
const PLANTED = { knob: "wordFrequency={level},slugifyAll={level}", metrics: ["text/word-frequency.mean", "text/slugify-200.mean"] };
const LEVELS = [0.05, 0.1, 0.2];
/** The baseline's machine in the cross-machine scenario. */
const ELSEWHERE: OtherMachine = { codeFaster: 0.15, calibrationFaster: 0.03, cpuModel: "Simulated CPU, 15% faster on this code" };

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "14" },
    "ab-runs": { type: "string", default: "8" },
    "confirm-rounds": { type: "string", default: "6" },
    history: { type: "string", default: String(HISTORY_RUNS) },
    keep: { type: "string" },
    from: { type: "string" },
  },
});
const runs = Number(values.runs);
const abRuns = Number(values["ab-runs"]);
const confirmRounds = Number(values["confirm-rounds"]);
const historyRuns = Number(values.history);
if (abRuns <= confirmRounds || runs < 2 * confirmRounds + 2 || runs < historyRuns + 2) {
  throw new Error(`need --ab-runs > --confirm-rounds and --runs >= 2 x --confirm-rounds + 2 and >= --history + 2 (confirmation and history draw other runs from the pools)`);
}
const dir = values.from ?? values.keep ?? mkdtempSync(join(tmpdir(), "perf-gate-detector-"));
mkdirSync(dir, { recursive: true });
const random = mulberry32(20261122);

async function measure(label: string, slowdown: string): Promise<{ report: Report; seconds: number }> {
  const out = join(dir, `${label}.json`);
  if (values.from) {
    if (!existsSync(out)) throw new Error(`${out}: not kept (measure with the same --runs and --ab-runs and --keep first)`);
    return { report: await loadReport(out), seconds: 0 };
  }
  const started = performance.now();
  execFileSync(process.execPath, ["src/cli.ts", "run", "--config", CONFIG, "--quick", "--out", out, ...ONLY.flatMap((g) => ["--only", g])], {
    env: { ...process.env, PERF_GATE_EXAMPLE_SLOWDOWN: slowdown },
    stdio: "ignore",
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`  measured ${label} in ${seconds.toFixed(1)} s\n`);
  return { report: await loadReport(out), seconds };
}

/** `count` distinct items of `pool`, none of them excluded, drawn with the seeded generator. */
function draw<T>(pool: readonly T[], count: number, exclude: readonly T[]): T[] {
  const left = pool.filter((r) => !exclude.includes(r));
  for (let i = left.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [left[i], left[j]] = [left[j]!, left[i]!];
  }
  return left.slice(0, count);
}

const pct = (k: number, n: number) => (n === 0 ? "n/a" : `${((100 * k) / n).toFixed(1)}%`);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

const loaded = await loadConfig(CONFIG);
const policy: Policy = policyFromConfig(loaded.config, CONFIG);
const wallStart = performance.now();

// Every run, unchanged and slowed alike, measured in one shuffled order so machine drift hits all scenarios.
const plan: Array<{ level: number; index: number }> = [
  ...Array.from({ length: runs }, (_, index) => ({ level: 0, index })),
  ...LEVELS.flatMap((level) => Array.from({ length: abRuns }, (_, index) => ({ level, index }))),
];
for (let i = plan.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [plan[i], plan[j]] = [plan[j]!, plan[i]!];
}
process.stderr.write(`detector: ${runs} unchanged runs and ${abRuns} per slowdown level (${LEVELS.map((l) => `${l * 100}%`).join(", ")}), in random order\n`);
const pools = new Map<number, Report[]>([[0, []], ...LEVELS.map((l) => [l, []] as [number, Report[]])]);
let runSeconds = 0;
for (const { level, index } of plan) {
  const { report, seconds } = await measure(level === 0 ? `aa-${index}` : `ab-${level}-${index}`, level === 0 ? "" : PLANTED.knob.replaceAll("{level}", String(level)));
  pools.get(level)!.push(report);
  runSeconds += seconds;
}
const aa = pools.get(0)!;

interface Tally {
  pairs: number;
  alarmedPairs: number;
  metricTests: number;
  alarmedMetrics: number;
  hits: Record<number, [number, number]>;
  confirmRuns: number;
  seconds: number;
}
const tally = (): Tally => ({ pairs: 0, alarmedPairs: 0, metricTests: 0, alarmedMetrics: 0, hits: Object.fromEntries(LEVELS.map((l) => [l, [0, 0]])), confirmRuns: 0, seconds: 0 });

type Judge = (baseline: Report, current: Report, sides: { base: Report[]; head: Report[] }) => { flagged: Set<string>; confirmed?: boolean };

/** A baseline as the default branch would have stored it: `earlier` runs carried along as its history. */
function asBaseline(report: Report, earlier: Report[]): Report {
  return carryHistory(earlier.reduce<Report | undefined>((previous, run) => carryHistory(previous, run), undefined), report);
}

/** Runs one rule over every A/A pair and every A/B pair of a scenario. */
function score(judge: Judge, machine: (r: Report) => Report, history: number): Tally {
  const t = tally();
  const started = performance.now();
  const baselineOf = (base: Report, exclude: Report[]) => machine(asBaseline(base, history ? draw(aa, history, [base, ...exclude]) : []));
  for (const base of aa) {
    for (const cur of aa) {
      if (base === cur) continue; // both orders: baseline and current are not symmetric for a rule
      const verdict = judge(baselineOf(base, [cur]), cur, { base: draw(aa, confirmRounds, [base, cur]), head: [] });
      t.pairs++;
      t.metricTests += cur.metrics.length;
      t.alarmedMetrics += verdict.flagged.size;
      if (verdict.flagged.size > 0) t.alarmedPairs++;
      if (verdict.confirmed) t.confirmRuns++;
    }
    for (const level of LEVELS) {
      for (const cur of pools.get(level)!) {
        const verdict = judge(baselineOf(base, []), cur, { base: draw(aa, confirmRounds, [base]), head: draw(pools.get(level)!, confirmRounds, [cur]) });
        const hit = t.hits[level]!;
        for (const id of PLANTED.metrics) {
          hit[1]++;
          if (verdict.flagged.has(id)) hit[0]++;
        }
      }
    }
  }
  t.seconds = (performance.now() - started) / 1000;
  return t;
}

const artifactOnly: Judge = (b, c) => ({ flagged: perfGate(b, c, policy) });
const naiveRule: Judge = (b, c) => ({ flagged: naive(b, c, policy) });
const withConfirm: Judge = (b, c, sides) => {
  // In A/A pairs the head is unchanged code: its re-measurements come from the same pool.
  const head = sides.head.length ? sides.head : draw(aa, confirmRounds, [c, ...sides.base]);
  const { flagged, confirmed } = perfGateConfirmed(b, c, policy, { base: sides.base, head });
  return { flagged: confirmed, confirmed: flagged.size > 0 };
};

const same = (r: Report) => r;
const elsewhere = (r: Report) => measuredElsewhere(r, ELSEWHERE);
const withHistory = `perf-gate, baseline with ${historyRuns} earlier runs`;
const results: Array<{ scenario: string; rule: string; t: Tally }> = [
  { scenario: "same machine", rule: withHistory, t: score(artifactOnly, same, historyRuns) },
  { scenario: "same machine", rule: "perf-gate, first baseline (no history)", t: score(artifactOnly, same, 0) },
  { scenario: "same machine", rule: "naive single value", t: score(naiveRule, same, 0) },
  { scenario: "baseline from another machine", rule: `${withHistory}, artifact only`, t: score(artifactOnly, elsewhere, historyRuns) },
  { scenario: "baseline from another machine", rule: `${withHistory} + confirm on this runner`, t: score(withConfirm, elsewhere, historyRuns) },
  { scenario: "baseline from another machine", rule: "naive single value", t: score(naiveRule, elsewhere, 0) },
];

// What the knob really did to the planted metrics, measured here.
const planted = LEVELS.map((level) => {
  const changes = PLANTED.metrics.flatMap((id) => {
    const base = median(aa.map((r) => r.metrics.find((m) => m.id === id)!.value));
    return pools.get(level)!.map((r) => r.metrics.find((m) => m.id === id)!.value / base - 1);
  });
  return `${level * 100}% -> ${(median(changes) * 100).toFixed(1)}%`;
});

const quickSet = runSeconds / plan.length;
const cell = (t: Tally, level: number) => pct(t.hits[level]![0], t.hits[level]![1]);
console.log("");
console.log(`A/A: ${runs} runs of unchanged code, ${runs * (runs - 1)} ordered pairs; A/B: ${abRuns} runs per level x ${runs} baselines, 2 planted metrics (${PLANTED.metrics.join(", ")}).`);
console.log(`Planted slowdown -> median measured change of the planted metrics: ${planted.join(", ")}.`);
console.log(`Another machine: ${ELSEWHERE.codeFaster * 100}% faster on the example's code, ${ELSEWHERE.calibrationFaster * 100}% faster on the calibration workload, another CPU model.`);
console.log(`Confirmation: ${confirmRounds} base and ${confirmRounds} head runs measured on this machine for each flagged pair.`);
console.log(`Quick set (function benchmarks): ${quickSet.toFixed(1)} s per run on average (adaptive sampling included).`);
console.log("");
console.log("| scenario | rule | false alarms (A/A pairs with any regression) | false alarms (per metric) | detected 5% | detected 10% | detected 20% | pairs re-measured | judging time |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
for (const { scenario, rule, t } of results) {
  const confirm = rule.includes("confirm") ? pct(t.confirmRuns, t.pairs) : "—";
  console.log(`| ${scenario} | ${rule} | ${pct(t.alarmedPairs, t.pairs)} | ${pct(t.alarmedMetrics, t.metricTests)} | ${cell(t, 0.05)} | ${cell(t, 0.1)} | ${cell(t, 0.2)} | ${confirm} | ${t.seconds.toFixed(1)} s |`);
}
if (!values.keep && !values.from) rmSync(dir, { recursive: true, force: true });
const ours = results[0]!.t;
const [artifact, confirmed] = [results[3]!.t, results[4]!.t];
const num = (text: string) => text.replace("%", "");
const wall = (performance.now() - wallStart) / 1000;
console.log("");
console.log(
  `detector-cross-machine: artifact_false_alarm=${num(pct(artifact.alarmedPairs, artifact.pairs))} confirmed_false_alarm=${num(pct(confirmed.alarmedPairs, confirmed.pairs))} confirmed_detect10=${num(cell(confirmed, 0.1))} confirmed_detect20=${num(cell(confirmed, 0.2))}`,
);
console.log(`detector: false_alarm=${num(pct(ours.alarmedPairs, ours.pairs))} detect10=${num(cell(ours, 0.1))} detect20=${num(cell(ours, 0.2))} wall_s=${wall.toFixed(0)}`);
