// How well the gate tells real slowdowns from noise, on real measurements of
// the example made on this machine: under injected noisy-neighbour load and on
// the machine as it is. A benchmark: it prints figures, it asserts nothing.
//   node bench/detector.ts [--aa N] [--per-level M] [--http-per-level K] [--cv-runs R] [--only noise|quiet]
//
// Every check measures base and head paired (the example's own code on both
// sides; the slowdown knob is set for the head only). The same measurements
// are then judged by four rules side by side:
// - paired: the paired rounds decide (perf-gate's default);
// - artifact+history: the head against an earlier base run carrying the runs before it as history;
// - artifact+flagged: that, with the flagged metrics re-judged by the paired rounds (policy `flagged`);
// - naive: the head's value against one earlier base value, by the threshold alone.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startNoise, type Noise } from "./noisy-neighbour.ts";
import {
  applyPairedToFlagged,
  carryHistory,
  compare,
  comparePaired,
  degradation,
  loadConfig,
  measurePaired,
  pairSettingsOf,
  policyFromConfig,
  runSet,
  thresholdFor,
  type BenchmarkSpec,
  type Comparison,
  type LoadedConfig,
  type PairedMeasurement,
  type Policy,
  type Report,
} from "../src/entry/api.ts";

const CONFIG = "fixtures/example/perf-gate.config.json";
const LEVELS = [0.05, 0.1, 0.15, 0.2, 0.3];
/** The function tasks and the knob names that slow them. */
const TASKS: Record<string, string> = { "text/word-frequency": "wordFrequency", "text/slugify-200": "slugifyAll", "numbers/primes-50k": "primesBelow", "numbers/rank-2000": "rankRecords" };
/** The HTTP scenario the rankRecords knob slows (GET /items ranks 2000 records). */
const HTTP_PLANTED = "api/get-items.c10";
const HTTP_KNOB = "rankRecords";

const { values } = parseArgs({
  options: {
    aa: { type: "string", default: "12" },
    "per-level": { type: "string", default: "5" },
    "http-per-level": { type: "string", default: "2" },
    "cv-runs": { type: "string", default: "6" },
    only: { type: "string" },
    keep: { type: "string" },
  },
});
const KEEP = values.keep;
if (KEEP) mkdirSync(KEEP, { recursive: true });
const AA = Number(values.aa);
const PER_LEVEL = Number(values["per-level"]);
const HTTP_PER_LEVEL = Number(values["http-per-level"]);
const CV_RUNS = Number(values["cv-runs"]);

const log = (line: string) => process.stderr.write(line + "\n");
const pct = (k: number, n: number) => (n === 0 ? "n/a" : ((100 * k) / n).toFixed(1));
const fmt = (v: number) => `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`;
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : Number.NaN;
};

const loaded = await loadConfig(CONFIG);
const policy: Policy = policyFromConfig(loaded.config, CONFIG);
const quick = (kind: BenchmarkSpec["kind"]): LoadedConfig => ({
  ...loaded,
  config: { ...loaded.config, benchmarks: loaded.config.benchmarks.filter((b) => b.sets.includes("quick") && b.kind === kind) },
});
const FUNCTIONS = quick("tinybench");
const HTTP = quick("http");
const ALL: LoadedConfig = { ...loaded, config: { ...loaded.config, benchmarks: loaded.config.benchmarks.filter((b) => b.sets.includes("quick")) } };

interface Check {
  measured: PairedMeasurement;
  paired: Comparison;
  seconds: number;
}

async function pairedCheck(config: LoadedConfig, knob: string): Promise<Check> {
  const env = { ...process.env, PERF_GATE_EXAMPLE_SLOWDOWN: knob };
  const started = performance.now();
  const pair = loaded.config.pair;
  const measured = await measurePaired({
    loaded: config,
    set: "quick",
    sides: { base: { root: loaded.root, env }, head: { root: loaded.root, env } },
    settings: pairSettingsOf(pair),
    clock: { now: Date.now, deadline: Date.now() + pair.budget * 1000, random: Math.random },
    progress: () => {},
    thresholdOf: (id) => thresholdFor(policy, id),
    pin: pair.pin,
  });
  const check = { measured, paired: comparePaired(measured.base, measured.head, policy), seconds: (performance.now() - started) / 1000 };
  if (KEEP) writeFileSync(join(KEEP, `check-${++kept}.json`), JSON.stringify({ knob, config: config.config.benchmarks.map((b) => b.kind), base: measured.base, head: measured.head }));
  return check;
}
let kept = 0;

/** A/A checks re-judged with the default 10% threshold on every metric: which statistics would need a wider one. */
const UNIFORM = policyFromConfig({ ...loaded.config, threshold: 10, thresholds: {}, budgets: {} }, CONFIG);
const perStat = new Map<string, { changes: number[]; regressions: number; inconclusive: number; checks: number }>();
function tallyStats(check: Check): void {
  for (const row of comparePaired(check.measured.base, check.measured.head, UNIFORM).rows) {
    if (row.change === undefined || row.source !== "paired") continue;
    const key = `${row.kind} ${row.stat}`;
    const entry = perStat.get(key) ?? { changes: [], regressions: 0, inconclusive: 0, checks: 0 };
    entry.changes.push(row.change);
    entry.checks++;
    if (row.verdict === "regression") entry.regressions++;
    if (row.verdict === "inconclusive") entry.inconclusive++;
    perStat.set(key, entry);
  }
}

type Rule = "paired" | "artifact+history" | "artifact+flagged" | "naive";
const RULES: Rule[] = ["paired", "artifact+history", "artifact+flagged", "naive"];

/** Earlier base runs of this condition: main's history as an artifact would carry it. */
const history: Report[] = [];

function artifactBaseline(): Report | undefined {
  if (history.length < 2) return undefined;
  let baseline: Report | undefined;
  for (const run of history.slice(-10)) baseline = carryHistory(baseline, run);
  return baseline;
}

function naive(previous: Report, head: Report): Comparison {
  const rows = compare(previous, head, policy).rows.map((row) => {
    if (row.baseline === undefined || row.current === undefined || row.baseline === 0) return row;
    const change = row.current / row.baseline - 1;
    const worse = degradation(row, change) > row.threshold / 100;
    return { ...row, verdict: worse ? ("regression" as const) : ("unchanged" as const) };
  });
  return { ...compare(previous, head, policy), rows };
}

function judged(check: Check): Record<Rule, Comparison> | undefined {
  const baseline = artifactBaseline();
  const previous = history.at(-1);
  if (!baseline || !previous) return undefined;
  const artifact = compare(baseline, check.measured.head, policy);
  const pairing = { status: "paired" as const, baseCommit: "-", rounds: [0, 0] as [number, number], seconds: 0, unsettled: [], unpaired: 0 };
  return { paired: check.paired, "artifact+history": artifact, "artifact+flagged": applyPairedToFlagged(artifact, check.paired, pairing), naive: naive(previous, check.measured.head) };
}

/** Whether any metric of a benchmark (`suite/name`) is a regression. */
const regressed = (c: Comparison, benchmark: string) => c.rows.some((r) => `${r.suite}/${r.benchmark}` === benchmark && r.verdict === "regression");
const anyRegression = (c: Comparison) => c.rows.some((r) => r.verdict === "regression");
/** The paired change of a benchmark's median: time per call, or latency per request. */
function measuredChange(c: Comparison, benchmark: string): number | undefined {
  return c.rows.find((r) => `${r.suite}/${r.benchmark}` === benchmark && r.stat === "p50")?.change;
}

interface Tally {
  aa: Record<Rule, { alarms: number; checks: number }>;
  levels: Map<number, Record<Rule, { hits: number; n: number }> & { changes: number[]; kind: string[] }>;
  checkSeconds: number[];
}

function newTally(): Tally {
  const zero = () => Object.fromEntries(RULES.map((r) => [r, { alarms: 0, checks: 0 }])) as Tally["aa"];
  return { aa: zero(), levels: new Map(), checkSeconds: [] };
}

function levelEntry(t: Tally, level: number) {
  let entry = t.levels.get(level);
  if (!entry) {
    entry = Object.assign(Object.fromEntries(RULES.map((r) => [r, { hits: 0, n: 0 }])) as Record<Rule, { hits: number; n: number }>, { changes: [] as number[], kind: [] as string[] });
    t.levels.set(level, entry);
  }
  return entry;
}

/**
 * An A/A check (nothing planted): a false alarm when any metric regressed. The
 * first checks only build the history the artifact rules need; the paired rule counts them all.
 */
function countAa(t: Tally, check: Check, rules: Record<Rule, Comparison> | undefined): void {
  tallyStats(check);
  for (const rule of RULES) {
    const c = rule === "paired" ? check.paired : rules?.[rule];
    if (!c) continue;
    t.aa[rule].checks++;
    if (anyRegression(c)) t.aa[rule].alarms++;
  }
}

/** Run-to-run variation of the quick set's function means, measured alone (not paired), as the artifact rule sees it. */
async function runToRunCv(): Promise<number> {
  const byId = new Map<string, number[]>();
  for (let i = 0; i < CV_RUNS; i++) {
    const report = await runSet(FUNCTIONS, { set: "quick", progress: () => {} });
    for (const m of report.metrics.filter((x) => x.stat === "mean")) byId.set(m.id, [...(byId.get(m.id) ?? []), m.value]);
  }
  const cvs = [...byId.values()].map((v) => {
    const m = v.reduce((a, x) => a + x, 0) / v.length;
    return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1)) / m;
  });
  return median(cvs);
}

async function condition(name: "noise" | "quiet"): Promise<string> {
  const started = performance.now();
  let noise: Noise | undefined;
  if (name === "noise") noise = startNoise({ processes: 2, duty: [0.1, 1], cycleMs: [20, 400], seconds: 3 * 3600 });
  history.length = 0;
  perStat.clear();
  const t = newTally();
  const onSignal = () => void noise?.stop().then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const cv = await runToRunCv();
    log(`${name}: run-to-run variation of the quick set's function means (${CV_RUNS} unpaired runs): ${fmt(cv).replace("+", "")}`);
    // Base runs for the artifact rules' history, from A/A checks (their base sides), plus A/A false alarms.
    for (let i = 0; i < AA; i++) {
      const check = await pairedCheck(ALL, "");
      t.checkSeconds.push(check.seconds);
      countAa(t, check, judged(check));
      const regressions = check.paired.rows.filter((r) => r.verdict === "regression").map((r) => `${r.id} ${fmt(r.change ?? 0)}`);
      log(`${name}: A/A check ${i + 1}/${AA} in ${check.seconds.toFixed(1)} s: ${regressions.length ? `false alarm: ${regressions.join(", ")}` : "no regression"}`);
      history.push(check.measured.base);
    }
    const levels = [0, ...LEVELS];
    for (const level of levels) {
      // Function benchmarks: every task slowed by `level` (the knob, head side only).
      for (let i = 0; i < PER_LEVEL; i++) {
        const knob =
          level === 0
            ? ""
            : Object.values(TASKS)
                .map((k) => `${k}=${level}`)
                .join(",");
        const check = await pairedCheck(FUNCTIONS, knob);
        const rules = judged(check);
        const entry = levelEntry(t, level);
        if (level === 0) countAa(t, check, rules);
        for (const task of Object.keys(TASKS)) {
          for (const rule of RULES) {
            const c = rule === "paired" ? check.paired : rules?.[rule];
            if (!c) continue;
            entry[rule].n++;
            if (regressed(c, task)) entry[rule].hits++;
          }
          const change = measuredChange(check.paired, task);
          if (change !== undefined) entry.changes.push(change);
          entry.kind.push("function");
        }
        log(
          `${name}: functions +${level * 100}% check ${i + 1}/${PER_LEVEL}: ${Object.keys(TASKS)
            .map((k) => `${k} ${fmt(measuredChange(check.paired, k) ?? Number.NaN)}${regressed(check.paired, k) ? " (regression)" : ""}`)
            .join(", ")}`,
        );
      }
      // One HTTP endpoint: GET /items ranks records, slowed by the rankRecords knob.
      for (let i = 0; i < HTTP_PER_LEVEL; i++) {
        const check = await pairedCheck(HTTP, level === 0 ? "" : `${HTTP_KNOB}=${level}`);
        const entry = levelEntry(t, level);
        const rules = judged(check);
        if (level === 0) countAa(t, check, rules);
        for (const rule of RULES) {
          const c = rule === "paired" ? check.paired : rules?.[rule];
          if (!c) continue;
          entry[rule].n++;
          if (regressed(c, HTTP_PLANTED)) entry[rule].hits++;
        }
        const change = measuredChange(check.paired, HTTP_PLANTED);
        if (change !== undefined) entry.changes.push(change);
        entry.kind.push("http");
        log(`${name}: ${HTTP_PLANTED} +${level * 100}% check ${i + 1}/${HTTP_PER_LEVEL}: p50 ${fmt(change ?? Number.NaN)}${regressed(check.paired, HTTP_PLANTED) ? " (regression)" : ""}`);
      }
    }
    const wall = (performance.now() - started) / 1000;
    process.stdout.write(`\n## ${name === "noise" ? "Under injected noise (2 competing processes, random duty cycle)" : "On the machine as it is"}\n`);
    process.stdout.write(`run-to-run variation of the quick set (function means, unpaired): ${fmt(cv).replace("+", "")}\n\n`);
    process.stdout.write(
      `| rule | false alarms (A/A checks with any regressed metric) | ${levels.map((l) => `detected ${l * 100}%`).join(" | ")} |\n|---|---:|${levels.map(() => "---:").join("|")}|\n`,
    );
    for (const rule of RULES) {
      const aa = t.aa[rule];
      process.stdout.write(
        `| ${rule} | ${pct(aa.alarms, aa.checks)}% (${aa.alarms}/${aa.checks}) | ${levels
          .map((l) => {
            const e = t.levels.get(l)![rule];
            return `${pct(e.hits, e.n)}% (${e.hits}/${e.n})`;
          })
          .join(" | ")} |\n`,
      );
    }
    process.stdout.write(`| paired change measured (median) | | ${levels.map((l) => fmt(median(t.levels.get(l)!.changes))).join(" | ")} |\n`);
    const paired = (l: number) => {
      const e = t.levels.get(l)!.paired;
      return pct(e.hits, e.n);
    };
    process.stdout.write(
      `\nA/A checks re-judged with a 10% threshold on every metric (paired change per statistic):\n\n| metric kind and statistic | A/A metrics | sd of change | worst | regressions | inconclusive |\n|---|---:|---:|---:|---:|---:|\n`,
    );
    for (const [key, e] of [...perStat].sort()) {
      const m = e.changes.reduce((a, v) => a + v, 0) / e.changes.length;
      const sd = Math.sqrt(e.changes.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, e.changes.length - 1));
      const worst = e.changes.reduce((w, v) => (Math.abs(v) > Math.abs(w) ? v : w), 0);
      process.stdout.write(`| ${key} | ${e.checks} | ${(sd * 100).toFixed(1)}% | ${fmt(worst)} | ${e.regressions} | ${e.inconclusive} |\n`);
    }
    const line = `noise_cv=${(cv * 100).toFixed(1)} false_alarm=${pct(t.aa.paired.alarms, t.aa.paired.checks)} detect5=${paired(0.05)} detect10=${paired(0.1)} detect15=${paired(0.15)} detect20=${paired(0.2)} check_s=${median(t.checkSeconds).toFixed(1)} wall_s=${wall.toFixed(0)}`;
    if (name === "noise" && cv < 0.15)
      process.stdout.write(`note: the injected noise reached only ${fmt(cv).replace("+", "")} of run-to-run variation, short of 15%: this machine could not be made noisy enough\n`);
    return `${name === "noise" ? "detector" : "detector-quiet"}: ${line}`;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await noise?.stop();
  }
}

const lines: string[] = [];
for (const name of ["noise", "quiet"] as const) {
  if (values.only && values.only !== name) continue;
  lines.push(await condition(name));
}
process.stdout.write("\n" + lines.join("\n") + "\n");
