// Which mechanism pairs function benchmarks best: both checkouts' suites in one
// process (two module graphs), or one warm worker process per side driven in
// lock-step? Measures A/A pairs (the same code on both sides) with each, under
// injected noise and without, and prints how far from 0 they read.
//   node bench/pair-mechanism.ts [--checks N] [--rounds R]
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { mean, median, sampleStandardDeviation } from "simple-statistics";
import { Bench } from "tinybench";
import { startNoise } from "./noisy-neighbour.ts";
import { assembleReport, choosePinning, comparePaired, defaultPolicy, loadSuites, pairedChange, pairFunctions, roundLogRatios, shuffled, sideOrder, TinybenchSpec } from "../src/entry/api.ts";

const FILES = ["bench/text.bench.js", "bench/numbers.bench.js"];
const { values } = parseArgs({ options: { checks: { type: "string", default: "6" }, rounds: { type: "string", default: "30" }, "in-process-once": { type: "string" } } });
const rounds = Number(values.rounds);
const BATCH_MS = 25;
const STATS = ["mean", "p50"] as const;

/** One A/A check in this process: copy A and copy B loaded side by side, A first. */
async function inProcessOnce(dirs: string[]): Promise<Record<string, number>> {
  const sides = await Promise.all(
    dirs.map(
      async (dir) => new Map((await Promise.all(FILES.map((f) => loadSuites(resolve(dir, f))))).flat().flatMap((s) => Object.entries(s.tasks).map(([n, fn]) => [`${s.name}/${n}`, fn] as const))),
    ),
  );
  const keys = [...sides[0]!.keys()];
  const batch = async (fn: () => unknown) => {
    const bench = new Bench({ time: BATCH_MS, iterations: 5, warmup: false, retainSamples: true });
    bench.add("t", fn);
    await bench.run();
    const r = bench.getTask("t")!.result;
    return "latency" in r ? [...(r.latency.samples as number[])] : [];
  };
  for (const key of keys) for (let i = 0; i < 10; i++) for (const s of [0, 1]) await batch(sides[s]!.get(key)!);
  const series = new Map(keys.flatMap((k) => STATS.map((stat) => [`${k}.${stat}`, { base: new Map<number, number>(), head: new Map<number, number>() }] as const)));
  for (let round = 0; round < rounds; round++) {
    for (const key of shuffled(keys, Math.random)) {
      for (const side of sideOrder(Math.random)) {
        const samples = await batch(sides[side === "base" ? 0 : 1]!.get(key)!);
        series.get(`${key}.mean`)![side].set(round, mean(samples));
        series.get(`${key}.p50`)![side].set(round, median(samples));
      }
    }
  }
  return Object.fromEntries([...series].map(([k, s]) => [k, pairedChange(roundLogRatios(s.base, s.head))!.change]));
}

if (values["in-process-once"]) {
  process.stdout.write(JSON.stringify(await inProcessOnce(values["in-process-once"].split(","))));
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "perf-gate-mechanism-"));
const copies = ["a", "b"].map((name) => {
  const dir = join(work, name);
  cpSync("fixtures/example", dir, { recursive: true });
  return dir;
});

async function workersOnce(pin: boolean): Promise<Record<string, number>> {
  const env = { ...process.env };
  const out = await pairFunctions(TinybenchSpec.parse({ kind: "tinybench", files: FILES }), {
    sides: { base: { root: copies[0]!, env }, head: { root: copies[1]!, env } },
    // One pair of worker processes for the whole check: the mechanisms are compared as they stand.
    settings: { rounds: { min: rounds, max: rounds }, batch: BATCH_MS, warmup: 250, restartEvery: rounds },
    clock: { now: Date.now, deadline: Date.now() + 600_000, random: Math.random },
    progress: () => {},
    thresholdOf: () => 10,
    pinning: await choosePinning(pin),
  });
  const c = comparePaired(assembleReport(out.base, { set: "quick", root: copies[0]! }), assembleReport(out.head, { set: "quick", root: copies[1]! }), defaultPolicy());
  const result: Record<string, number> = {};
  for (const row of c.rows) if ((STATS as readonly string[]).includes(row.stat) && row.change !== undefined) result[row.id] = row.change;
  return result;
}

function inProcess(): Record<string, number> {
  return JSON.parse(execFileSync(process.execPath, ["bench/pair-mechanism.ts", "--rounds", String(rounds), "--in-process-once", copies.join(",")], { encoding: "utf8" })) as Record<string, number>;
}

const checks = Number(values.checks);
const fmt = (v: number) => `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`;
for (const noisy of [false, true]) {
  const noise = noisy ? startNoise({ processes: 2 }) : undefined;
  try {
    for (const [name, once] of [
      ["workers, pinned", () => workersOnce(true)],
      ["workers, unpinned", () => workersOnce(false)],
      ["one process", async () => inProcess()],
    ] as const) {
      const all = new Map<string, number[]>(STATS.map((stat) => [stat, []]));
      const started = performance.now();
      for (let i = 0; i < checks; i++) for (const [id, change] of Object.entries(await once())) all.get(id.slice(id.lastIndexOf(".") + 1))!.push(change);
      const seconds = (performance.now() - started) / 1000 / checks;
      for (const [stat, v] of all) {
        const worst = v.reduce((w, x) => (Math.abs(x) > Math.abs(w) ? x : w), 0);
        process.stdout.write(
          `${noisy ? "noise" : "as is"}  ${name.padEnd(17)} ${stat.padEnd(4)} A/A over ${v.length} task-checks: mean ${fmt(mean(v))}, sd ${fmt(sampleStandardDeviation(v))}, worst ${fmt(worst)}; ${seconds.toFixed(1)} s per check\n`,
        );
      }
    }
  } finally {
    await noise?.stop();
  }
}
rmSync(work, { recursive: true, force: true });
