// How compare and render scale with the number of metrics, against the floor
// of reading the two Reports (JSON.parse of the same files).
//   node bench/scale.ts [--sizes 1000,10000] [--keep DIR] [--one-thread]
//
// Synthetic Reports: function metrics, each with its own sample set of 5
// rounds of 40 samples; 3% of them are planted 25% slower in the current run.
// Each size is measured in fresh processes (--repeat, best of) so that its peak RSS is its own.
// Prints one line per size (with the CPU-time ratio and the machine's load average, which
// tell a busy machine from a slow comparison), and last the line for the largest size:
//   scale: metrics=N parse_s=S compare_s=S ratio=X rss_mb=MB comment_chars=N
// compare_s is everything `perf-gate compare` does after JSON.parse:
// validating both Reports, comparing, and rendering the comment. As the CLI does, the comparison
// spreads its bootstraps over a second thread (started before the parse, and warm before it is
// timed); --one-thread keeps them all in one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import {
  commentLength,
  compare,
  defaultPolicy,
  startBootstrapThread,
  threadedBootstraps,
  estimate,
  mulberry32,
  parseReport,
  renderMarkdown,
  REPORT_SCHEMA,
  type Metric,
  type ReportInput,
  type SampleSet,
} from "../src/entry/api.ts";

const ROUNDS = 5;
const PER_ROUND = 40;
const PLANTED_SHARE = 0.03;
const SLOWER = 1.25;
const SUITE_SIZE = 100;
const STATS: Array<Pick<Metric, "stat" | "estimator" | "direction" | "unit">> = [
  { stat: "mean", estimator: { kind: "mean" }, direction: "lower-is-better", unit: "ms" },
  { stat: "p50", estimator: { kind: "median" }, direction: "lower-is-better", unit: "ms" },
  { stat: "p95", estimator: { kind: "quantile", q: 0.95 }, direction: "lower-is-better", unit: "ms" },
  { stat: "p99", estimator: { kind: "quantile", q: 0.99 }, direction: "lower-is-better", unit: "ms" },
  { stat: "ops", estimator: { kind: "rate", scale: 1000 }, direction: "higher-is-better", unit: "ops/s" },
];

/** Which metric indices are planted slower: every 33rd, so 3% and spread over the suites. */
export function planted(count: number): Set<number> {
  const every = Math.round(1 / PLANTED_SHARE);
  const out = new Set<number>();
  for (let i = Math.floor(every / 2); i < count; i += every) out.add(i);
  return out;
}

function syntheticReport(count: number, seed: number, slow: Set<number>, commit: string): ReportInput {
  const random = mulberry32(seed);
  // Standard normal from two uniforms (Box-Muller).
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const metrics: Metric[] = [];
  const samples: Record<string, SampleSet> = {};
  for (let i = 0; i < count; i++) {
    const suite = `suite-${String(Math.floor(i / SUITE_SIZE)).padStart(3, "0")}`;
    const benchmark = `task-${String(i % SUITE_SIZE).padStart(2, "0")}`;
    const spec = STATS[i % STATS.length]!;
    const level = (0.5 + (i % 17) / 4) * (slow.has(i) ? SLOWER : 1);
    const values: number[] = [];
    const rounds: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const roundShift = 1 + 0.01 * normal();
      for (let k = 0; k < PER_ROUND; k++) {
        values.push(level * roundShift * Math.exp(0.04 * normal()));
        rounds.push(r);
      }
    }
    const key = `${suite}/${benchmark}.${spec.stat}`;
    samples[key] = { unit: "ms", values, rounds };
    metrics.push({ id: key, suite, benchmark: `${benchmark}.${spec.stat}`, kind: "function", samples: key, value: estimate(spec.estimator!, values), ...spec });
  }
  return {
    schema: REPORT_SCHEMA,
    tool: { name: "perf-gate", version: "bench" },
    set: "quick",
    environment: { node: process.version, os: "linux", platform: "linux", arch: "x64", cpuModel: "bench", cores: 2, memoryBytes: 0, commit, timestamp: "2026-01-01T00:00:00.000Z" },
    metrics,
    samples,
    notes: [],
  };
}

interface Measured {
  metrics: number;
  parse_s: number;
  compare_s: number;
  rss_mb: number;
  comment_chars: number;
  found: number;
  planted: number;
  falseFlags: number;
  inconclusive: number;
  /** CPU seconds of this process in each phase (all its threads): steadier than wall time on a busy machine. */
  parse_cpu_s: number;
  compare_cpu_s: number;
}

/** One size, measured in this process: parse, then validate + compare + render. */
async function measure(dir: string, count: number, threaded: boolean): Promise<Measured> {
  // As `perf-gate compare` does, the helper thread starts before the Reports are read; here it is
  // also waited for, so that it takes nothing from the parse that the comparison is held to.
  if (threaded) await startBootstrapThread();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const baseData: unknown = JSON.parse(readFileSync(join(dir, "baseline.json"), "utf8"));
  const curData: unknown = JSON.parse(readFileSync(join(dir, "current.json"), "utf8"));
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const comparison = compare(parseReport(baseData, "baseline.json"), parseReport(curData, "current.json"), defaultPolicy(), threaded ? threadedBootstraps : undefined);
  const markdown = renderMarkdown(comparison);
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1e6;
  const slow = planted(count);
  const ids = new Set([...slow].map((i) => `suite-${String(Math.floor(i / SUITE_SIZE)).padStart(3, "0")}/task-${String(i % SUITE_SIZE).padStart(2, "0")}.${STATS[i % STATS.length]!.stat}`));
  const flagged = comparison.rows.filter((r) => r.verdict === "regression");
  const changed = comparison.rows.filter((r) => r.verdict !== "unchanged" && r.verdict !== "regression");
  return {
    metrics: count,
    parse_s: (t1 - t0) / 1000,
    compare_s: (t2 - t1) / 1000,
    rss_mb: process.resourceUsage().maxRSS / 1024,
    comment_chars: commentLength(markdown),
    found: flagged.filter((r) => ids.has(r.id)).length,
    planted: ids.size,
    falseFlags: flagged.filter((r) => !ids.has(r.id)).length + changed.filter((r) => ids.has(r.id) || r.verdict === "improvement").length,
    inconclusive: comparison.counts.inconclusive,
    parse_cpu_s: cpu(c0, c1),
    compare_cpu_s: cpu(c1, c2),
  };
}

const { values } = parseArgs({
  options: {
    "one-thread": { type: "boolean", default: false },
    sizes: { type: "string", default: "1000,10000" },
    repeat: { type: "string", default: "3" },
    keep: { type: "string" },
    measure: { type: "string" },
    count: { type: "string" },
  },
});

if (values.measure) {
  process.stdout.write(JSON.stringify(await measure(values.measure, Number(values.count), !values["one-thread"])) + "\n");
} else {
  const root = values.keep ?? mkdtempSync(join(tmpdir(), "perf-gate-scale-"));
  const self = fileURLToPath(import.meta.url);
  const results: Measured[] = [];
  let ok = true;
  for (const count of values.sizes.split(",").map(Number)) {
    const dir = join(root, String(count));
    spawnSync("mkdir", ["-p", dir]);
    const slow = planted(count);
    writeFileSync(join(dir, "baseline.json"), JSON.stringify(syntheticReport(count, 1, new Set(), "a".repeat(40))));
    writeFileSync(join(dir, "current.json"), JSON.stringify(syntheticReport(count, 2, slow, "b".repeat(40))));
    // Fresh processes, best time of each phase: other work on a shared machine only ever adds time.
    const runs: Measured[] = [];
    for (let r = 0; r < Number(values.repeat); r++) {
      const child = spawnSync(process.execPath, [...process.execArgv, self, "--measure", dir, "--count", String(count), ...(values["one-thread"] ? ["--one-thread"] : [])], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 1 << 20,
      });
      if (child.status !== 0) throw new Error(`measuring ${count} metrics failed (exit ${child.status})`);
      runs.push(JSON.parse(child.stdout.trim().split("\n").pop()!) as Measured);
    }
    const m: Measured = {
      ...runs[0]!,
      parse_s: Math.min(...runs.map((x) => x.parse_s)),
      compare_s: Math.min(...runs.map((x) => x.compare_s)),
      rss_mb: Math.max(...runs.map((x) => x.rss_mb)),
      parse_cpu_s: Math.min(...runs.map((x) => x.parse_cpu_s)),
      compare_cpu_s: Math.min(...runs.map((x) => x.compare_cpu_s)),
    };
    results.push(m);
    const size = (readFileSync(join(dir, "current.json")).length / 1e6).toFixed(1);
    process.stdout.write(
      `metrics=${m.metrics} report_mb=${size} parse_s=${m.parse_s.toFixed(2)} compare_s=${m.compare_s.toFixed(2)} cpu: parse=${m.parse_cpu_s.toFixed(2)} compare=${m.compare_cpu_s.toFixed(2)} ratio=${(m.compare_cpu_s / m.parse_cpu_s).toFixed(2)} load=${loadavg()[0]!.toFixed(1)} rss_mb=${m.rss_mb.toFixed(0)} found=${m.found}/${m.planted} false=${m.falseFlags} inconclusive=${m.inconclusive} comment_chars=${m.comment_chars}\n`,
    );
    if (m.found !== m.planted || m.falseFlags !== 0) ok = false;
  }
  if (!values.keep) rmSync(root, { recursive: true, force: true });
  const last = results[results.length - 1]!;
  if (!ok) process.stdout.write("scale: a planted regression was missed or something else was flagged\n");
  process.stdout.write(
    `scale: metrics=${last.metrics} parse_s=${last.parse_s.toFixed(2)} compare_s=${last.compare_s.toFixed(2)} ratio=${(last.compare_s / last.parse_s).toFixed(2)} rss_mb=${last.rss_mb.toFixed(0)} comment_chars=${last.comment_chars}\n`,
  );
  process.exitCode = ok ? 0 : 1;
}
