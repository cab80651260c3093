// End to end: the bundled CLI checks real git commits whose head slows one
// named function, and the profiles taken after the paired measurement must
// name that function first. The planted slowdown gives the named function
// four times the work (its share of the benchmark is about half, so the
// benchmark is about 2.5 times slower): on an oversubscribed machine, where
// stolen time pulls a paired ratio toward 1, twice the work read +24% and
// was not credible in a quick check. The attribution stays clear too.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Comparison } from "../../src/report/comparison.ts";
import { commitAll, git } from "../helpers/git.ts";

const CLI = resolve("dist/cli.js");

/** Three functions a benchmark calls in turn; `passes` is how often `normalize` walks the text. */
function textLib(passes: number): string {
  return `// Text statistics: normalise, split into words, count them.
export function normalize(text) {
  let out = text;
  for (let pass = 0; pass < ${passes}; pass++) {
    // Built as char codes and decoded here, so a pass's whole cost lands in normalize
    // (a string built with += is flattened later, by whoever reads it first).
    const codes = new Uint16Array(out.length);
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      codes[i] = c >= 65 && c <= 90 ? c + 32 : c === 44 || c === 46 ? 32 : c;
    }
    out = String.fromCharCode.apply(null, codes);
  }
  return out;
}

export function tokenize(text) {
  const words = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || text.charCodeAt(i) === 32;
    if (space && start >= 0) { words.push(text.slice(start, i)); start = -1; }
    else if (!space && start < 0) start = i;
  }
  return words;
}

export function countWords(words) {
  const counts = new Map();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best = "";
  for (const [w, n] of counts) if (n > (counts.get(best) ?? 0)) best = w;
  return best;
}

export function wordStats(text) {
  return countWords(tokenize(normalize(text)));
}
`;
}

/** A lookup whose head keeps every answer in a module-level list that is never emptied: a leak. */
function cacheLib(leaks: boolean): string {
  return `const kept = [];
export function remember(key) {
  const entry = { key, value: key.toUpperCase() + ":" + key.length, at: [key.length, key.charCodeAt(0)] };
  ${leaks ? "kept.push(entry);" : ""}
  return entry.value.length;
}
export function lookup(i) {
  let s = 0;
  for (let j = 0; j < 200; j++) s = (s + Math.imul(j, i)) | 0;
  return remember("k" + (i & 1023)) + (s & 1);
}
`;
}

/** A route whose handler builds a report; the head's does its work twice. */
function serverSource(passes: number): string {
  return `import http from "node:http";
function renderReport(n) {
  let s = 0;
  for (let pass = 0; pass < ${passes}; pass++) for (let i = 0; i < n; i++) s = (s + Math.imul(i ^ pass, 2654435761)) | 0;
  return JSON.stringify({ s });
}
function handle(req, res) {
  if (req.url === "/report") return res.end(renderReport(150000));
  res.end("ok");
}
http.createServer(handle).listen(Number(process.env.PORT), "127.0.0.1");
`;
}

const TEXT = "The Quick, brown Fox jumps over the lazy Dog. ".repeat(40);

function writeProject(dir: string, slow: boolean): void {
  mkdirSync(join(dir, "lib"), { recursive: true });
  writeFileSync(join(dir, "lib", "text.js"), textLib(slow ? 4 : 1));
  writeFileSync(join(dir, "lib", "cache.js"), cacheLib(slow));
  writeFileSync(
    join(dir, "text.bench.js"),
    `import { wordStats } from "./lib/text.js";
import { lookup } from "./lib/cache.js";
const text = ${JSON.stringify(TEXT)};
let sink = 0;
let i = 0;
export default { name: "proj", tasks: { stats: () => { sink ^= wordStats(text).length; }, lookup: () => { sink ^= lookup(i++); } } };
`,
  );
  writeFileSync(join(dir, "server.js"), serverSource(slow ? 2 : 1));
  writeFileSync(
    join(dir, "perf-gate.config.json"),
    JSON.stringify(
      {
        pair: { install: "", rounds: { min: 10, max: 30 }, budget: 90 },
        // Always broken: the lookup task is profiled whatever its speed, which is how its leak shows.
        budgets: { "proj/lookup.mean": "< 0.001 ns" },
        benchmarks: [
          { kind: "tinybench", files: ["text.bench.js"], sets: ["quick"] },
          {
            kind: "http",
            name: "svc",
            sets: ["full"],
            server: { command: "node server.js", readyUrl: "http://127.0.0.1:${PORT}/" },
            warmup: 0.5,
            // Load slices on a busy machine vary a lot: enough rounds for the slower handler to be credible.
            rounds: 20,
            scenarios: [{ name: "report", path: "/report", connections: [2], duration: 0.3 }],
            memory: { nodeProbe: false },
          },
        ],
      },
      null,
      2,
    ),
  );
}

let root: string;
let repo: string;
let base: string;

function check(args: string[]): { status: number | null; stderr: string; stdout: string; comparison: Comparison; markdown: string; dir: string } {
  const out = mkdtempSync(join(root, "out-"));
  const json = join(out, "comparison.json");
  const md = join(out, "comment.md");
  const result = spawnSync(process.execPath, [CLI, "check", "--config", "perf-gate.config.json", "--json", json, "--markdown", md, "--base-commit", base, ...args], {
    cwd: repo,
    encoding: "utf8",
    timeout: 300_000,
  });
  let comparison: Comparison;
  try {
    comparison = Comparison.parse(JSON.parse(readFileSync(json, "utf8")));
  } catch {
    throw new Error(`check wrote no comparison (exit ${result.status}): ${result.stderr.slice(-3000)}`);
  }
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, comparison, markdown: readFileSync(md, "utf8"), dir: join(out, "perf-gate-profiles") };
}

/** The 1-based line of `text` in a file of the repository. */
function lineOf(file: string, text: string): number {
  return (
    readFileSync(join(repo, file), "utf8")
      .split("\n")
      .findIndex((l) => l.includes(text)) + 1
  );
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "perf-gate-profile-check-"));
  repo = join(root, "repo");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  writeProject(repo, false);
  base = commitAll(repo, "base");
  writeProject(repo, true);
  commitAll(repo, "an extra normalisation pass, a cache that keeps everything, a report rendered twice");
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("check, real timing: where the added time went", () => {
  it("names the slowed function first, with its file:line and more than half of the added time; names the leaking allocation site", () => {
    const { status, comparison, markdown, stdout, stderr, dir } = check(["--quick"]);
    expect(comparison.pairing?.status, stderr).toBe("paired");
    const p50 = comparison.rows.find((r) => r.id === "proj/stats.p50")!;
    expect(p50.verdict, JSON.stringify(p50)).toBe("regression");
    expect(status).toBe(1);

    const stats = comparison.profiles?.benchmarks.find((b) => b.benchmark === "proj/stats");
    expect(stats?.error, stderr).toBeUndefined();
    const first = stats!.cpu!.functions[0]!;
    expect(first.name, JSON.stringify(stats!.cpu!.functions.slice(0, 4))).toBe("normalize");
    expect(first.file).toBe("lib/text.js");
    expect(first.line).toBe(lineOf("lib/text.js", "export function normalize"));
    expect(first.share).toBeGreaterThan(0.5);
    // normalize's own cost per call grew. The profile's total may not show it on a busy machine (its
    // other functions' samples swing either way); the comment takes the added time from the paired
    // measurement, and the profile only divides it.
    expect(first.added).toBeGreaterThan(0);

    // The comment: under the regressed row, normalize first with its location and share.
    const line = markdown.split("\n").find((l) => l.startsWith("| ↳ |") && l.includes("normalize"))!;
    expect(line, markdown).toMatch(/\| ↳ \| \+[\d.]+ [µm]s\/op: (\d+)% in `normalize` \(lib\/text\.js:\d+\)/);
    // The comment rounds the share; the raw share above is past one half.
    expect(Number(/: (\d+)% in `normalize`/.exec(line)![1])).toBeGreaterThanOrEqual(50);
    expect(stdout).toMatch(/↳ \+[\d.]+ [µm]s\/op: \d+% in normalize \(lib\/text\.js:\d+\)/);

    // The leak: the lookup's head keeps every entry; `remember` allocates what is kept.
    const lookup = comparison.profiles?.benchmarks.find((b) => b.benchmark === "proj/lookup");
    expect(lookup?.leak?.[0]?.name, JSON.stringify(lookup?.retained?.functions.slice(0, 4))).toBe("remember");
    expect(lookup!.leak![0]!.file).toBe("lib/cache.js");
    expect(markdown).toMatch(/likely leak: memory kept after each call grows at `remember` \(lib\/cache\.js:2\)/);

    // Bottlenecks: the regression with a severity, the leak with its site, listed in the comment.
    expect(p50.severity ?? comparison.rows.find((r) => r.id === "proj/stats.p50")?.severity).toMatch(/^(critical|warning)$/);
    expect(comparison.bottlenecks?.find((b) => b.component === "proj/stats.p50")?.issue).toBe("regression");
    expect(comparison.bottlenecks?.find((b) => b.issue === "leak")?.sites?.[0]?.name).toBe("remember");
    expect(markdown).toMatch(/<summary>Bottlenecks: \d+<\/summary>/);

    // The files: both profiles and the flame graph, and the comment says where they are.
    for (const file of [stats!.files!.base!, stats!.files!.head!, stats!.files!.flame!]) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, stats!.files!.head!), "utf8")).nodes.length).toBeGreaterThan(3);
    expect(markdown).toContain(dir);
  }, 400_000);

  it("names the slowed route handler of a server, per request", () => {
    const { comparison, markdown, stderr } = check(["--full", "--pair", "always"]);
    // Any of the scenario's time or throughput rows confirmed as a regression is enough to profile it.
    const rows = comparison.rows.filter((r) => r.benchmark === "report.c2");
    expect(rows.filter((r) => r.verdict === "regression").length, JSON.stringify(rows.map((r) => [r.stat, r.verdict, r.change, r.note]))).toBeGreaterThan(0);
    const svc = comparison.profiles?.benchmarks.find((b) => b.benchmark === "svc/report.c2");
    expect(svc?.error, stderr).toBeUndefined();
    expect(svc!.cpu!.per).toBe("req");
    const first = svc!.cpu!.functions[0]!;
    expect(first.name, JSON.stringify(svc!.cpu!.functions.slice(0, 4))).toBe("renderReport");
    expect(first.file).toBe("server.js");
    expect(first.line).toBe(2);
    expect(first.share).toBeGreaterThan(0.5);
    expect(markdown).toMatch(/\| ↳ \| \+[\d.]+ [µm]s\/req: \d+% in `renderReport` \(server\.js:2\)/);
  }, 400_000);

  it("skips profiling with --no-profile", () => {
    const { comparison, stderr } = check(["--quick", "--no-profile"]);
    expect(
      comparison.rows.some((r) => r.verdict === "regression" || r.verdict === "over-budget"),
      stderr,
    ).toBe(true);
    expect(comparison.profiles).toBeUndefined();
  }, 400_000);
});
