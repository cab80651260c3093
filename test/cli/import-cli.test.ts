import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Comparison } from "../../src/report/comparison.ts";
import { parseReport } from "../../src/report/parse.ts";
import type { Report } from "../../src/report/schema.ts";
import { commitAll, git } from "../helpers/git.ts";

const CLI = resolve("dist/cli.js");
const FIXTURES = resolve("test/fixtures/import");
let dir: string;

function cli(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readReport(path: string): Report {
  return parseReport(JSON.parse(readFileSync(path, "utf8")), path);
}

/** Bad input: exit 2 and exactly one line on stderr (after any indented progress), no stack trace. */
function expectOneLineError(result: ReturnType<typeof cli>, ...fragments: string[]) {
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split("\n");
  const errors = lines.filter((l) => !/^(perf-gate: (running|calibration|measured)|\s)/.test(l));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toBe(lines[lines.length - 1]);
  expect(errors[0]).toMatch(/^perf-gate: /);
  for (const f of fragments) expect(errors[0]).toContain(f);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-import-cli-"));
});

describe("perf-gate import", () => {
  const cases = [
    ["hyperfine", "hyperfine/commands.json", "hyperfine/sleep-0_01.mean"],
    ["pytest", "pytest/benchmark.json", "pytest/test_fib_15.ops"],
    ["go", "go/bench-count3.txt", "go/BenchmarkFib20.time"],
    ["benchmarkjs", "benchmarkjs/output.txt", "benchmarkjs/fib(20).ops"],
    ["custom", "custom/custom.json", "custom/Map-inserts.value"],
    ["customSmallerIsBetter", "custom/gab-smaller.json", "custom/My-Custom-Smaller-Is-Better-Benchmark-Payload.value"],
  ] as const;

  it.each(cases)("writes a valid Report from %s output that compare accepts", (format, file, id) => {
    const out = join(dir, `${format}.json`);
    const result = cli(["import", format, join(FIXTURES, file), "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^perf-gate: imported \\d+ metrics from .*${file.replace(/[.()]/g, "\\$&")}; wrote `));
    const report = readReport(out);
    expect(report.metrics.map((m) => m.id)).toContain(id);
    expect(report.metrics.every((m) => m.kind === "import")).toBe(true);
    expect(report.calibration?.samples.length).toBeGreaterThan(5);
    expect(report.environment.node).toMatch(/^v24\./);
    expect(report.notes).toContain(`Imported from ${join(FIXTURES, file)} (${format}).`);
    const same = cli(["compare", out, out]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("no regressions");
  });

  it("reads standard input for the file -, and recognises the format with auto", () => {
    const input = readFileSync(join(FIXTURES, "go/bench-utf16.txt"));
    const result = spawnSync(process.execPath, [CLI, "import", "auto", "-"], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(result.status).toBe(0);
    const report = parseReport(JSON.parse(result.stdout), "stdout");
    expect(report.metrics.find((m) => m.id === "go/BenchmarkFib20.time")).toMatchObject({ value: 30186, unit: "ns" });
    expect(report.notes).toContain("Imported from stdin (auto).");
    expect(report.notes).toContain("Recognised as go test -bench (text or -json) (format go).");
  });

  it("prints the Report to stdout without --out, under the suite chosen", () => {
    const result = cli(["import", "go", join(FIXTURES, "go/bench.txt"), "--suite", "fib"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    const report = parseReport(JSON.parse(result.stdout), "stdout");
    expect(report.metrics.find((m) => m.id === "fib/BenchmarkJoin.throughput")).toMatchObject({ value: 459.43, direction: "higher-is-better" });
  });

  it("detects a command that became 25% slower between two imported hyperfine Reports", () => {
    const fast = join(dir, "fast.json");
    const slow = join(dir, "slow.json");
    expect(cli(["import", "hyperfine", join(FIXTURES, "hyperfine/fast.json"), "--out", fast]).status).toBe(0);
    expect(cli(["import", "hyperfine", join(FIXTURES, "hyperfine/slow.json"), "--out", slow]).status).toBe(0);
    const json = join(dir, "comparison.json");
    const result = cli(["compare", fast, slow, "--json", json]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^regression\s+hyperfine\/sum-loop mean/m);
    const comparison = Comparison.parse(JSON.parse(readFileSync(json, "utf8")));
    const mean = comparison.rows.find((r) => r.id === "hyperfine/sum-loop.mean")!;
    expect(mean.verdict).toBe("regression");
    // The interval comes from the 30 runs on each side, and it excludes "no change".
    expect(mean.interval![0]).toBeGreaterThan(0.1);
    expect(mean.change).toBeCloseTo(97.70138020000002 / 75.80180646666666 - 1, 9);
    expect(comparison.rows.find((r) => r.id === "hyperfine/sum-loop.p50")!.verdict).toBe("regression");
    // The same Report against itself passes.
    expect(cli(["compare", slow, slow]).status).toBe(0);
  });

  it("rejects malformed input, unknown formats and bad arguments with one line and exit 2", () => {
    expectOneLineError(cli(["import", "hyperfine", join(FIXTURES, "broken/hyperfine-truncated.json")]), "hyperfine-truncated.json: invalid JSON at line 28");
    expectOneLineError(cli(["import", "pytest", join(FIXTURES, "broken/pytest-wrong-type.json")]), "benchmarks[2].stats.rounds");
    expectOneLineError(cli(["import", "go", join(FIXTURES, "broken/go-non-numeric.txt")]), 'line 12: expected a number before "ns/op", got "3O20"');
    expectOneLineError(cli(["import", "benchmarkjs", join(FIXTURES, "broken/empty.txt")]), "empty.txt: file is empty");
    expectOneLineError(cli(["import", "nosuchtool", join(FIXTURES, "go/bench.txt")]), 'unknown import format "nosuchtool" (expected one of: custom, ', ", benchmarkjs, googlecpp, ", ", bmf, auto)");
    expectOneLineError(cli(["import", "go", join(dir, "no-such.txt")]), "no-such.txt: file not found");
    expectOneLineError(cli(["import", "go"]), "import needs a format and a file: FORMAT FILE");
    expectOneLineError(cli(["import", "go", join(FIXTURES, "go/bench.txt"), "--suite", "a/b"]), '--suite: "a/b" must use only');
  });
});

describe("the import kind in a config", () => {
  it("runs the command, then imports what it wrote, through perf-gate run", () => {
    const project = mkdtempSync(join(tmpdir(), "perf-gate-import-run-"));
    writeFileSync(join(project, "bench.txt.in"), readFileSync(join(FIXTURES, "go/bench-count3.txt")));
    writeFileSync(join(project, "bench.mjs"), 'import { copyFileSync } from "node:fs";\nconsole.log("ok  \\texample.com/fib\\t26.692s");\ncopyFileSync("bench.txt.in", "bench.txt");\n');
    const command = `${JSON.stringify(process.execPath)} bench.mjs`;
    writeFileSync(join(project, "perf-gate.config.json"), JSON.stringify({ benchmarks: [{ kind: "import", format: "go", file: "bench.txt", command, suite: "fib" }] }));
    const out = join(project, "report.json");
    const result = cli(["run", "--out", out], project);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`  fib: running "${command}"`);
    expect(result.stderr).toContain("  ok  \texample.com/fib\t26.692s");
    const report = readReport(out);
    expect(report.metrics).toHaveLength(17);
    expect(report.samples[report.metrics.find((m) => m.id === "fib/BenchmarkFib20.time")!.samples!]!.values).toEqual([29254, 31407, 32060]);

    const only = join(project, "only.json");
    expect(cli(["run", "--out", only, "--only", "fib/BenchmarkJoin.*"], project).status).toBe(0);
    expect(readReport(only).metrics.map((m) => m.stat)).toEqual(["time", "throughput", "bytes", "allocs"]);
  });

  it("recognises the format of each file with format: auto", () => {
    const project = mkdtempSync(join(tmpdir(), "perf-gate-import-auto-"));
    writeFileSync(join(project, "gbench.json"), readFileSync(join(FIXTURES, "googlebenchmark/repetitions.json")));
    writeFileSync(join(project, "ips.txt"), readFileSync(join(FIXTURES, "ruby/ips.txt")));
    writeFileSync(
      join(project, "perf-gate.config.json"),
      JSON.stringify({
        benchmarks: [
          { kind: "import", format: "auto", file: "gbench.json" },
          { kind: "import", format: "auto", file: "ips.txt", suite: "rb" },
        ],
      }),
    );
    const out = join(project, "report.json");
    const result = cli(["run", "--out", out], project);
    expect(result.status).toBe(0);
    const report = readReport(out);
    expect(report.metrics.find((m) => m.id === "googlebenchmark/BM_Sort.time")).toMatchObject({ unit: "ns", direction: "lower-is-better" });
    expect(report.metrics.find((m) => m.id === "rb/string-concat.ips")).toMatchObject({ value: 2854998.1, direction: "higher-is-better" });
    expect(cli(["compare", out, out]).status).toBe(0);
  });

  it("fails clearly when the command fails", () => {
    const project = mkdtempSync(join(tmpdir(), "perf-gate-import-fail-"));
    writeFileSync(join(project, "bench.mjs"), 'console.log("building");\nconsole.error("bench_test.go:12: undefined: fib");\nprocess.exit(2);\n');
    const command = `${JSON.stringify(process.execPath)} bench.mjs`;
    writeFileSync(join(project, "perf-gate.config.json"), JSON.stringify({ benchmarks: [{ kind: "import", format: "go", file: "bench.txt", command }] }));
    expectOneLineError(cli(["run"], project), `command "${command}": failed with exit status 2`, "last output: building / bench_test.go:12: undefined: fib");
  });

  it("stops the command and everything it started when perf-gate is terminated", async () => {
    const project = mkdtempSync(join(tmpdir(), "perf-gate-import-term-"));
    // The shell starts node, which records its pid and then waits a minute.
    writeFileSync(join(project, "slow.mjs"), 'import { writeFileSync } from "node:fs";\nwriteFileSync("pid", String(process.pid));\nconsole.log("started");\nsetTimeout(() => {}, 60_000);\n');
    const command = `${JSON.stringify(process.execPath)} slow.mjs; echo finished`;
    writeFileSync(join(project, "perf-gate.config.json"), JSON.stringify({ benchmarks: [{ kind: "import", format: "go", file: "bench.txt", command }] }));
    const child = spawn(process.execPath, [CLI, "run"], { cwd: project, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on("close", (_code, sig) => done(sig)));
    await new Promise<void>((started) =>
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("\n  started\n")) started();
      }),
    );
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    const pid = Number(readFileSync(join(project, "pid"), "utf8"));
    // Gone, or a zombie waiting to be reaped (a container's init may never reap it).
    const alive = () => {
      try {
        process.kill(pid, 0);
      } catch {
        return false;
      }
      const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
      return !/^\d+ \(.*\) Z/.test(stat);
    };
    // Signal delivery is asynchronous: give the grandchild a moment to go.
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
    expect(stderr).not.toContain("\n  finished");
  });

  it("rejects an import spec with an unknown format, naming the field", () => {
    const config = join(dir, "bad-format.json");
    writeFileSync(config, JSON.stringify({ benchmarks: [{ kind: "import", format: "nosuchtool", file: "x.json" }] }));
    expectOneLineError(cli(["run", "--config", config]), "bad-format.json", "benchmarks[0].format");
  });
});

describe("pairing imported results on the same runner", () => {
  /** A project whose benchmark command reports fixed timings: the test asserts behaviour, not speed. */
  function writeProject(repo: string, ms: number): void {
    const samples = [0.98, 1, 1.02, 1.01, 0.99].map((f) => Number((ms * f).toFixed(3)));
    writeFileSync(
      join(repo, "bench.mjs"),
      `import { writeFileSync } from "node:fs";\nconsole.log("render: ${ms} ms");\nwriteFileSync("results.json", JSON.stringify([{ name: "render page", unit: "ms", value: ${ms}, smallerIsBetter: true, samples: ${JSON.stringify(samples)} }]));\n`,
    );
  }

  it("an old `confirm` config still works: flagged results are re-measured in the base checkout and paired", () => {
    const repo = mkdtempSync(join(tmpdir(), "perf-gate-import-confirm-"));
    git(repo, "init", "-q", "-b", "main");
    const command = `${JSON.stringify(process.execPath)} bench.mjs`;
    writeFileSync(join(repo, ".gitignore"), "results.json\n");
    writeFileSync(
      join(repo, "perf-gate.config.json"),
      JSON.stringify({ benchmarks: [{ kind: "import", format: "custom", file: "results.json", command, suite: "web" }], confirm: { install: "", rounds: 3, budget: 120 } }),
    );
    writeProject(repo, 10);
    const base = commitAll(repo, "base");
    const baseline = join(dir, "confirm-baseline.json");
    expect(cli(["run", "--out", baseline], repo).status).toBe(0);
    expect(readReport(baseline).metrics.map((m) => [m.id, m.value])).toEqual([["web/render-page.value", 10]]);

    writeProject(repo, 12.5);
    git(repo, "commit", "-qam", "head: 25% slower");
    const json = join(dir, "confirm-comparison.json");
    const result = cli(["check", "--baseline", baseline, "--confirm", "on-regression", "--base-commit", base, "--json", json], repo);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("`confirm` is now `pair`");
    // Each side ran its own command: base in a worktree of the base commit, head here.
    expect(result.stderr).toMatch(/perf-gate: base [0-9a-f]{12} checked out/);
    const comparison = Comparison.parse(JSON.parse(readFileSync(json, "utf8")));
    const row = comparison.rows.find((r) => r.id === "web/render-page.value")!;
    expect(row.verdict).toBe("regression");
    expect(row.source).toBe("paired");
    expect(row.change).toBeCloseTo(0.25, 6);
    expect(row.artifact?.verdict).toBe("regression");
    expect(comparison.pairing).toMatchObject({ status: "paired", baseCommit: base });
  });
});
