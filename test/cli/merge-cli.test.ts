// perf-gate merge on real partial results: three shard checks of the example's function
// benchmarks (each writes its partial Report and its partial comparison) and two `--only` runs,
// merged; then the refusals, each on a real part edited in one field.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Comparison } from "../../src/report/comparison.ts";
import { Report } from "../../src/report/schema.ts";

const CLI = resolve("dist/cli.js");
const BASELINE = resolve("fixtures/example/baseline.json");
let dir: string;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Bad input: exit 2 and one line naming the problem, no stack trace. */
function expectRefused(result: ReturnType<typeof cli>, ...fragments: string[]) {
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  for (const f of fragments) expect(lines[0]).toContain(f);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), "utf8"));
const report = (name: string) => Report.parse(read(name));
/** A copy of a real part with one change, as another job would have written it. */
function edited(name: string, as: string, change: (r: Record<string, unknown> & { environment: Record<string, unknown> }) => void): string {
  const data = read(name) as Record<string, unknown> & { environment: Record<string, unknown> };
  change(data);
  writeFileSync(join(dir, as), JSON.stringify(data));
  return as;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-merge-"));
  // The example's two function suites (the HTTP scenarios would only slow this down).
  const bench = (file: string) => resolve("fixtures/example/bench", file);
  writeFileSync(
    join(dir, "perf-gate.config.json"),
    JSON.stringify({ threshold: 10, benchmarks: [{ kind: "tinybench", files: [bench("text.bench.js"), bench("numbers.bench.js")], sets: ["quick"], time: 60 }] }),
  );
  for (const i of [1, 2, 3]) {
    const run = cli("check", "--config", "perf-gate.config.json", "--shard", `${i}/3`, "--pair", "off", "--baseline", BASELINE, "--out", `part${i}.json`, "--json", `cmp${i}.json`, "--no-fail");
    if (run.status !== 0) throw new Error(`shard ${i}/3 failed: ${run.stderr}`);
  }
  for (const suite of ["text", "numbers"]) {
    const run = cli("run", "--config", "perf-gate.config.json", "--only", `${suite}/*`, "--out", `only-${suite}.json`);
    if (run.status !== 0) throw new Error(`--only ${suite} failed: ${run.stderr}`);
  }
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("perf-gate merge of partial Reports", () => {
  it("each shard measured a different, non-empty part, and says which", () => {
    const ids = [1, 2, 3].map((i) => report(`part${i}.json`).metrics.map((m) => m.id));
    for (const [i, part] of ids.entries()) {
      expect(part.length).toBeGreaterThan(0);
      expect(report(`part${i + 1}.json`).shard).toEqual({ index: i + 1, count: 3 });
    }
    expect(new Set(ids.flat()).size).toBe(ids.flat().length);
    expect(ids.flat()).toHaveLength(20);
  });

  it("merges three shards, in any order, into one Report of every metric", () => {
    const merged = cli("merge", "part3.json", "part1.json", "part2.json", "--out", "merged.json");
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stderr).toContain("merged 3 parts (20 metrics) into merged.json");
    const whole = report("merged.json");
    const parts = [1, 2, 3].map((i) => report(`part${i}.json`));
    expect(whole.metrics.map((m) => m.id)).toEqual(parts.flatMap((p) => p.metrics.map((m) => m.id)));
    expect(whole.shard).toBeUndefined();
    for (const m of whole.metrics) expect(whole.samples[m.samples!]?.values.length).toBeGreaterThan(0);
    // The merged Report is a Report like any other: it compares.
    expect(cli("compare", "merged.json", "merged.json").status).toBe(0);
  });

  it("merges --only parts without shards", () => {
    const merged = cli("merge", "only-text.json", "only-numbers.json", "--out", "only.json");
    expect(merged.status, merged.stderr).toBe(0);
    expect(
      report("only.json")
        .metrics.map((m) => m.suite)
        .sort(),
    ).toEqual([...Array(10).fill("numbers"), ...Array(10).fill("text")]);
  });

  it("names a missing shard", () => {
    expectRefused(cli("merge", "part1.json", "part3.json"), "merge: shard 2/3 of linux", "is missing (have 1/3, 3/3)");
    expectRefused(cli("merge", "part2.json"), "shards 1/3, 3/3 of", "are missing (have 2/3)");
  });

  it("refuses a shard given twice, a metric in two parts, and a part of another split", () => {
    expectRefused(cli("merge", "part1.json", "part2.json", "part1.json"), "part1.json: is shard 1/3, and so is part1.json");
    expectRefused(
      cli(
        "merge",
        "only-text.json",
        edited("only-text.json", "only-text-again.json", () => {}),
      ),
      `only-text-again.json: metric "text/`,
      "is also in only-text.json",
    );
    expectRefused(cli("merge", "part1.json", "part2.json", "part3.json", "only-text.json"), "only-text.json: has no shard, but other parts");
    const fourths = edited("part2.json", "part2-of-4.json", (r) => (r.shard = { index: 2, count: 4 }));
    expectRefused(cli("merge", "part1.json", fourths, "part3.json"), "part2-of-4.json: is shard 2/4, but part1.json is a shard of 3");
  });

  it("refuses shards of another commit or set", () => {
    const other = edited("part2.json", "part2-other-commit.json", (r) => (r.environment.commit = "0123456789abcdef0123456789abcdef01234567"));
    expectRefused(cli("merge", "part1.json", other, "part3.json"), "part2-other-commit.json: measured commit 0123456789ab, but part1.json measured (unknown)");
    const full = edited("part3.json", "part3-full.json", (r) => (r.set = "full"));
    expectRefused(cli("merge", "part1.json", "part2.json", full), "part3-full.json: ran the full set, but part1.json ran the quick set");
  });

  it("keeps other Node versions apart: one Report for each environment, never mixed", () => {
    const older = [1, 2, 3].map((i) => edited(`part${i}.json`, `node22-part${i}.json`, (r) => (r.environment.node = "v22.11.0")));
    expectRefused(cli("merge", "part1.json", "part2.json", "part3.json", ...older), "ran in 2 environments", "never mixed; give --out FILE");
    const merged = cli("merge", "part1.json", "part2.json", "part3.json", ...older, "--out", "env.json");
    expect(merged.status, merged.stderr).toBe(0);
    const files = merged.stderr
      .trim()
      .split("\n")
      .map((l) => /into (\S+)$/.exec(l)?.[1]);
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(existsSync(join(dir, file!))).toBe(true);
      expect(report(file!).metrics).toHaveLength(20);
    }
    expect(new Set(files.map((f) => report(f!).environment.node))).toEqual(new Set([process.version, "v22.11.0"]));
    // A shard missing in one environment is named with that environment.
    expectRefused(cli("merge", "part1.json", "part2.json", "part3.json", older[0]!, older[2]!), "shard 2/3 of linux x64 node v22.11.0 is missing");
  });
});

describe("perf-gate merge of partial comparisons (sharded checks)", () => {
  it("joins the shards' rows into one verdict and one comment", () => {
    const merged = cli("merge", "cmp1.json", "cmp2.json", "cmp3.json", "--markdown", "comment.md", "--json", "merged-cmp.json", "--no-fail");
    expect(merged.status, merged.stderr).toBe(0);
    const whole = Comparison.parse(read("merged-cmp.json"));
    const parts = [1, 2, 3].map((i) => Comparison.parse(read(`cmp${i}.json`)));
    const measured = parts.flatMap((p) => p.rows.filter((r) => r.verdict !== "missing").map((r) => r.id));
    expect(
      whole.rows
        .filter((r) => r.verdict !== "missing")
        .map((r) => r.id)
        .sort(),
    ).toEqual(measured.sort());
    expect(measured).toHaveLength(20);
    // The baseline's metrics that no shard measured (the example's HTTP scenarios) are missing once each, and only they.
    const baselineIds = new Set((JSON.parse(readFileSync(BASELINE, "utf8")) as { metrics: Array<{ id: string }> }).metrics.map((m) => m.id));
    const missing = whole.rows.filter((r) => r.verdict === "missing").map((r) => r.id);
    expect(new Set(missing).size).toBe(missing.length);
    expect(missing.sort()).toEqual([...baselineIds].filter((id) => !measured.includes(id)).sort());
    expect(whole.verdict).toBe(parts.some((p) => p.verdict === "fail") ? "fail" : "pass");
    expect(whole.counts.regression).toBe(parts.reduce((n, p) => n + p.counts.regression, 0));
    const markdown = readFileSync(join(dir, "comment.md"), "utf8");
    expect(markdown.match(/^### /gm)).toHaveLength(1);
    expect(cli("merge", "cmp1.json", "cmp2.json", "cmp3.json").status).toBe(whole.verdict === "fail" ? 1 : 0);
  });

  it("names a missing shard's comparison, and refuses a Report among comparisons", () => {
    expectRefused(cli("merge", "cmp1.json", "cmp2.json"), "shard 3/3 of", "is missing (have 1/3, 2/3)");
    expectRefused(cli("merge", "cmp1.json", "cmp2.json", "part3.json"), "part3.json: is not a comparison, but cmp1.json is");
  });
});
