// End to end: the bundled CLI checks real git commits, base and head measured
// paired on this machine, while a competing process keeps the cores busy.
// Real timing: the planted slowdowns are twice the work (three times for HTTP), so that they
// stay credible even on an oversubscribed machine, where time stolen from both sides of a pair
// pulls their ratio toward 1 (a planted 30% has read +17% there); the detection power at 15%
// under noise is a figure of bench/detector.ts, not a test. The hog is part of the test.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Comparison } from "../../src/report/comparison.ts";
import { type Noise, startNoise } from "../../bench/noisy-neighbour.ts";
import { commitAll, git } from "../helpers/git.ts";

const CLI = resolve("dist/cli.js");

/** A library function doing `units` of work, a benchmark of it, and a service with a route that calls it. */
function writeProject(dir: string, units: number, comment = ""): void {
  writeFileSync(
    join(dir, "lib.js"),
    `${comment}
export function work(units = ${units}) {
  let s = 0;
  for (let i = 0; i < units; i++) s = (s + Math.imul(i, 2654435761)) | 0;
  return s;
}
`,
  );
  writeFileSync(join(dir, "loop.bench.js"), `import { work } from "./lib.js";\nlet sink = 0;\nexport default { name: "proj", tasks: { loop: () => { sink ^= work(); } } };\n`);
  writeFileSync(
    join(dir, "server.js"),
    `import http from "node:http";
import { work } from "./lib.js";
http.createServer((req, res) => res.end(String(work()))).listen(Number(process.env.PORT), "127.0.0.1");
`,
  );
}

function writeConfig(dir: string, kinds: Array<"function" | "http">): void {
  const benchmarks: unknown[] = [];
  if (kinds.includes("function")) benchmarks.push({ kind: "tinybench", files: ["loop.bench.js"] });
  if (kinds.includes("http")) {
    benchmarks.push({
      kind: "http",
      name: "svc",
      server: { command: "node server.js", readyUrl: "http://127.0.0.1:${PORT}/" },
      warmup: 0.3,
      rounds: 8,
      scenarios: [{ name: "work", path: "/", connections: [2], duration: 0.25 }],
      memory: { nodeProbe: false },
    });
  }
  writeFileSync(join(dir, "perf-gate.config.json"), JSON.stringify({ pair: { install: "", rounds: { min: 24, max: 96 }, budget: 150 }, benchmarks }, null, 2));
}

let root: string;
let repo: string;
let base: string;
let slow: string;
let same: string;
let noise: Noise | undefined;

function check(args: string[], cwd = repo): { status: number | null; stderr: string; comparison: Comparison } {
  const json = join(root, `comparison-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(process.execPath, [CLI, "check", "--config", "perf-gate.config.json", "--json", json, ...args], { cwd, encoding: "utf8", timeout: 240_000 });
  let comparison: Comparison;
  try {
    comparison = Comparison.parse(JSON.parse(readFileSync(json, "utf8")));
  } catch {
    throw new Error(`check wrote no comparison (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  }
  return { status: result.status, stderr: result.stderr, comparison };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "perf-gate-pair-check-"));
  repo = join(root, "repo");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  writeProject(repo, 40_000);
  writeConfig(repo, ["function"]);
  base = commitAll(repo, "base");
  // Head with twice the work per call: the planted regression.
  writeProject(repo, 80_000);
  slow = commitAll(repo, "slower");
  git(repo, "checkout", "-q", base);
  // Head that only changes a comment: nothing to find.
  writeProject(repo, 40_000, "// a comment, nothing else");
  same = commitAll(repo, "unchanged");
  // The noisy neighbour: two processes with a random duty cycle on the cores, for the whole file at most.
  noise = startNoise({ processes: 2, seconds: 600 });
});

afterAll(async () => {
  await noise?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("check, real timing: base and head paired on one runner, under a competing load", () => {
  it("fails a head whose function does twice the work, from the paired rounds", () => {
    git(repo, "checkout", "-q", slow);
    const { status, comparison, stderr } = check(["--base-commit", base]);
    expect(comparison.pairing?.status, stderr).toBe("paired");
    const p50 = comparison.rows.find((r) => r.id === "proj/loop.p50")!;
    expect(p50.source).toBe("paired");
    expect(p50.verdict, JSON.stringify(p50)).toBe("regression");
    expect(p50.change!).toBeGreaterThan(0.15);
    expect(p50.change!).toBeLessThan(1.5);
    expect(comparison.verdict).toBe("fail");
    expect(status).toBe(1);
    if (comparison.pairing?.status === "paired") expect(comparison.pairing.baseCommit).toBe(base);
  });

  it("passes a head that changed only a comment: no metric regressed", () => {
    git(repo, "checkout", "-q", same);
    const { status, comparison } = check(["--base-commit", base]);
    expect(comparison.pairing?.status).toBe("paired");
    expect(comparison.rows.filter((r) => r.verdict === "regression")).toEqual([]);
    const p50 = comparison.rows.find((r) => r.id === "proj/loop.p50")!;
    expect(Math.abs(p50.change!)).toBeLessThan(0.15);
    expect(status).toBe(0);
  });

  it("pairs HTTP load too: both servers up at once, load alternating; a route doing three times the work fails", () => {
    git(repo, "checkout", "-q", base);
    writeConfig(repo, ["http"]);
    const httpBase = commitAll(repo, "http base");
    // Load slices under a competing process vary more than function batches: the planted slowdown is larger.
    writeProject(repo, 120_000);
    commitAll(repo, "http slower");
    const { status, comparison, stderr } = check(["--base-commit", httpBase]);
    expect(comparison.pairing?.status, stderr).toBe("paired");
    const rps = comparison.rows.find((r) => r.id === "svc/work.c2.rps")!;
    expect(rps.source).toBe("paired");
    expect(rps.verdict, JSON.stringify(rps)).toBe("regression");
    expect(rps.change!).toBeLessThan(-0.15);
    expect(status).toBe(1);
    // Both servers ran at once, each announced on its own port.
    const ports = [...stderr.matchAll(/svc \((base|head)\): starting `node server.js` \(PORT=(\d+)\)/g)].map((m) => m[2]);
    expect(new Set(ports).size).toBe(2);
  });
});

describe("check: a head that adds a benchmark file", () => {
  it("pairs what both sides have and measures the new file's task on the head alone", () => {
    git(repo, "checkout", "-q", same);
    writeFileSync(join(repo, "extra.bench.js"), `let sink = 0;\nexport default { name: "extra", tasks: { spin: () => { for (let i = 0; i < 20000; i++) sink ^= i; } } };\n`);
    const config = JSON.parse(readFileSync(join(repo, "perf-gate.config.json"), "utf8")) as { benchmarks: Array<{ files?: string[] }> };
    config.benchmarks[0]!.files = ["loop.bench.js", "extra.bench.js"];
    writeFileSync(join(repo, "perf-gate.config.json"), JSON.stringify(config, null, 2));
    commitAll(repo, "a new benchmark file");
    const { status, comparison, stderr } = check(["--base-commit", same]);
    expect(comparison.pairing?.status, stderr).toBe("paired");
    expect(comparison.rows.find((r) => r.id === "extra/spin.p50")?.verdict).toBe("new");
    expect(comparison.rows.find((r) => r.id === "proj/loop.p50")?.source).toBe("paired");
    // The new file never fails the check; the unchanged task is judged paired (on a very busy
    // machine a false alarm there is the engine's noise, which bench/detector.ts measures).
    const failing = comparison.rows.filter((r) => r.verdict === "regression" || r.verdict === "over-budget");
    expect(failing.filter((r) => r.suite === "extra")).toEqual([]);
    expect(status, JSON.stringify(failing)).toBe(failing.length === 0 ? 0 : 1);
  });
});

describe("check: when the base cannot be paired", () => {
  it("falls back to the baseline artifact and says why", () => {
    git(repo, "checkout", "-q", same);
    const baseline = join(root, "baseline.json");
    execFileSync(process.execPath, [CLI, "run", "--config", "perf-gate.config.json", "--out", baseline], { cwd: repo, stdio: "ignore" });
    const { status, comparison } = check(["--baseline", baseline, "--base-commit", "0123456789abcdef0123456789abcdef01234567"]);
    expect(comparison.pairing).toEqual({ status: "unavailable", reason: expect.stringContaining("cannot find commit 0123456789ab") });
    expect(comparison.rows.every((r) => r.source !== "paired")).toBe(true);
    expect(comparison.baseline).toBeDefined();
    expect(status === 0 || status === 1).toBe(true);
  });

  it("--pair off measures the head alone against the artifact", () => {
    git(repo, "checkout", "-q", same);
    const { comparison } = check(["--pair", "off"]);
    expect(comparison.pairing).toBeUndefined();
    expect(comparison.verdict).toBe("pass");
  });

  it("fetches a base commit a shallow clone lacks, so no fetch-depth: 0 is needed", () => {
    const origin = join(root, "origin.git");
    execFileSync("git", ["clone", "-q", "--bare", repo, origin]);
    const shallow = join(root, "shallow");
    git(root, "clone", "-q", "--depth", "1", "--branch", "main", `file://${origin}`, shallow);
    // main's tip is `same`'s ancestor line? Use a branch at the unchanged head and base behind it.
    git(repo, "branch", "-f", "unchanged", same);
    git(repo, "push", "-q", origin, "unchanged");
    git(shallow, "fetch", "-q", "--depth", "1", "origin", "unchanged");
    git(shallow, "checkout", "-q", "FETCH_HEAD");
    expect(git(shallow, "rev-parse", "--is-shallow-repository")).toBe("true");
    expect(spawnSync("git", ["cat-file", "-e", `${base}^{commit}`], { cwd: shallow }).status).not.toBe(0);
    const { comparison, stderr } = check(["--base-commit", base], shallow);
    expect(comparison.pairing?.status, stderr).toBe("paired");
  });
});
