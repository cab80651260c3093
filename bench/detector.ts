// Detection quality of perf-gate's rule vs the naive single-value rule, on real
// measurements of the example made on this machine. A benchmark: prints figures.
//   node bench/detector.ts [--runs N] [--ab-runs M]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { compare, degradation } from "../src/compare.ts";
import { loadConfig } from "../src/config.ts";
import { loadReport } from "../src/files.ts";
import { policyFromConfig, thresholdFor, type Policy } from "../src/policy.ts";
import type { Report } from "../src/report.ts";

const CONFIG = "fixtures/example/perf-gate.config.json";
/** The tasks the slowdown knob slows in the A/B scenarios, and their metric. */
const PLANTED = { knob: "wordFrequency=F,slugifyAll=F", metrics: ["text/word-frequency.mean", "text/slugify-200.mean"] };

const { values } = parseArgs({ options: { runs: { type: "string", default: "12" }, "ab-runs": { type: "string", default: "6" } } });
const runs = Number(values.runs);
const abRuns = Number(values["ab-runs"]);
const dir = mkdtempSync(join(tmpdir(), "perf-gate-detector-"));

async function measure(label: string, slowdown: string): Promise<{ report: Report; seconds: number }> {
  const out = join(dir, `${label}.json`);
  const started = performance.now();
  execFileSync(process.execPath, ["src/cli.ts", "run", "--config", CONFIG, "--quick", "--out", out], {
    env: { ...process.env, PERF_GATE_EXAMPLE_SLOWDOWN: slowdown },
    stdio: "ignore",
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`  measured ${label} in ${seconds.toFixed(1)} s\n`);
  return { report: await loadReport(out), seconds };
}

type Rule = (baseline: Report, current: Report, policy: Policy) => Set<string>;

/** perf-gate: the ids it calls a regression. */
const perfGate: Rule = (a, b, policy) => new Set(compare(a, b, policy).rows.filter((r) => r.verdict === "regression").map((r) => r.id));

/** github-action-benchmark's rule: current/previous beyond the threshold, one number each. */
const naive: Rule = (a, b, policy) => {
  const base = new Map(a.metrics.map((m) => [m.id, m.value]));
  return new Set(
    b.metrics
      .filter((m) => {
        const prev = base.get(m.id);
        return prev !== undefined && degradation(m, m.value / prev - 1) > thresholdFor(policy, m.id) / 100;
      })
      .map((m) => m.id),
  );
};

const pct = (k: number, n: number) => (n === 0 ? "n/a" : `${((100 * k) / n).toFixed(1)}%`);

const loaded = await loadConfig(CONFIG);
const policy = policyFromConfig(loaded.config, CONFIG);
const wallStart = performance.now();
process.stderr.write(`detector: ${runs} unchanged runs, ${abRuns} runs per slowdown level\n`);
const aa: Report[] = [];
let runSeconds = 0;
for (let i = 0; i < runs; i++) {
  const { report, seconds } = await measure(`aa-${i}`, "");
  aa.push(report);
  runSeconds += seconds;
}
const levels = [0.05, 0.1, 0.2];
const ab = new Map<number, Report[]>();
for (const level of levels) {
  const list: Report[] = [];
  for (let i = 0; i < abRuns; i++) list.push((await measure(`ab-${level}-${i}`, PLANTED.knob.replaceAll("F", String(level)))).report);
  ab.set(level, list);
}

interface Row {
  rule: string;
  falseAlarmPairs: string;
  falseAlarmMetrics: string;
  detect: Record<number, string>;
  seconds: number;
}
const results: Row[] = [];
for (const [name, rule] of [["perf-gate", perfGate], ["naive single value", naive]] as const) {
  const started = performance.now();
  let pairs = 0;
  let alarmedPairs = 0;
  let metricTests = 0;
  let alarmedMetrics = 0;
  for (let i = 0; i < aa.length; i++) {
    for (let j = 0; j < aa.length; j++) {
      if (i === j) continue; // both orders: baseline and current are not symmetric for a rule
      const flagged = rule(aa[i]!, aa[j]!, policy);
      pairs++;
      metricTests += aa[j]!.metrics.length;
      alarmedMetrics += flagged.size;
      if (flagged.size > 0) alarmedPairs++;
    }
  }
  const detect: Record<number, string> = {};
  for (const level of levels) {
    let tries = 0;
    let hits = 0;
    for (const base of aa) {
      for (const cur of ab.get(level)!) {
        const flagged = rule(base, cur, policy);
        for (const id of PLANTED.metrics) {
          tries++;
          if (flagged.has(id)) hits++;
        }
      }
    }
    detect[level] = pct(hits, tries);
  }
  results.push({ rule: name, falseAlarmPairs: pct(alarmedPairs, pairs), falseAlarmMetrics: pct(alarmedMetrics, metricTests), detect, seconds: (performance.now() - started) / 1000 });
}

const quickSet = runSeconds / runs;
console.log("");
console.log(`A/A: ${runs} runs of unchanged code, ${runs * (runs - 1)} ordered pairs; A/B: ${abRuns} runs per level x ${runs} baselines, 2 planted metrics (${PLANTED.metrics.join(", ")}).`);
console.log(`Quick set: ${quickSet.toFixed(1)} s per run on average (sampling budget included).`);
console.log("");
console.log("| rule | false alarms (A/A pairs with any regression) | false alarms (per metric) | detected 5% | detected 10% | detected 20% | judging time |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of results) {
  console.log(`| ${r.rule} | ${r.falseAlarmPairs} | ${r.falseAlarmMetrics} | ${r.detect[0.05]} | ${r.detect[0.1]} | ${r.detect[0.2]} | ${r.seconds.toFixed(1)} s |`);
}
const ours = results[0]!;
const wall = (performance.now() - wallStart) / 1000;
rmSync(dir, { recursive: true, force: true });
console.log("");
console.log(`detector: false_alarm=${ours.falseAlarmPairs.replace("%", "")} detect10=${ours.detect[0.1]!.replace("%", "")} detect20=${ours.detect[0.2]!.replace("%", "")} wall_s=${wall.toFixed(0)}`);
