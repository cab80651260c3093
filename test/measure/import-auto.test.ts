import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { parseReport } from "../../src/report/parse.ts";
import { type ImportFormat, importResults } from "../../src/measure/runners/importers/formats.ts";
import { readInputFile } from "../../src/measure/runners/importers/read-input.ts";

const FIXTURES = resolve("test/fixtures/import");
const dir = mkdtempSync(join(tmpdir(), "perf-gate-import-auto-"));

/** The CLI's own entry, in this process: real argument parsing, files, exit codes and messages. */
async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { ...process.env, NO_COLOR: "1" }, cwd: process.cwd(), color: false, self: "" };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

/** Every real output in the fixtures, with the format it is. */
const REAL: Array<[string, ImportFormat]> = [
  ["hyperfine/commands.json", "hyperfine"],
  ["hyperfine/scan.json", "hyperfine"],
  ["hyperfine/single-run.json", "hyperfine"],
  ["hyperfine/fast.json", "hyperfine"],
  ["hyperfine/same-command-twice.json", "hyperfine"],
  ["hyperfine/same-name-twice.json", "hyperfine"],
  ["pytest/benchmark.json", "pytest"],
  ["pytest/saved-stats-only.json", "pytest"],
  ["pytest/saved-with-data.json", "pytest"],
  ["go/bench.txt", "go"],
  ["go/bench-count3.txt", "go"],
  ["go/bench-utf16.txt", "go"],
  ["go/defects-procs1.txt", "go"],
  ["go/defects-procs2.txt", "go"],
  ["go/defects.json", "go"],
  ["benchmarkjs/output.txt", "benchmarkjs"],
  ["benchmarkjs/colour.txt", "benchmarkjs"],
  ["custom/custom.json", "custom"],
  ["googlebenchmark/simple.json", "googlecpp"],
  ["googlebenchmark/repetitions.json", "googlecpp"],
  ["cargo/bench.txt", "cargo"],
  ["catch2/console.txt", "catch2"],
  ["catch2/report.xml", "catch2"],
  ["criterion/console.txt", "criterion"],
  ["criterion/console-rerun.txt", "criterion"],
  ["criterion/cargo-criterion/messages.jsonl", "criterion"],
  ["criterion/target/criterion/join/16/new/estimates.json", "criterion"],
  ["gab/jmh_output.json", "jmh"],
  ["gab/jmh_output_2.json", "jmh"],
  ["gab/benchmarkdotnet.json", "benchmarkdotnet"],
  ["gab/julia_output.json", "julia"],
  ["gab/benchmarkluau_output.txt", "benchmarkluau"],
  ["vitest/bench.json", "vitest"],
  ["mitata/bench.json", "mitata"],
  ["tinybench/results.json", "tinybench"],
  ["tinybench/table.json", "tinybench"],
  ["k6/summary-export.json", "k6"],
  ["k6/handle-summary.json", "k6"],
  ["ruby/ips.txt", "ruby-benchmark-ips"],
  ["ruby/ips.json", "ruby-benchmark-ips"],
  ["bencher/iai-callgrind-two.txt", "iai-callgrind"],
  ["bencher/gungraun-summary.txt", "iai-callgrind"],
  ["bencher/iai-two.txt", "iai-callgrind"],
  ["bencher/dart-two.txt", "dart"],
  ["bencher/asv-py27.txt", "asv"],
  ["bencher/bmf-latency.json", "bmf"],
  ["bencher/bmf-mixed.json", "bmf"],
  ["bencher/dotnet-memory.json", "benchmarkdotnet"],
  ["gab/catch2_output_v3.txt", "catch2"],
];

/** Broken variants: each must exit 2 with one line naming the file and what is wrong. */
const BROKEN: Array<[string, string]> = [
  ["broken/empty.txt", "file is empty"],
  ["broken/hyperfine-truncated.json", "invalid JSON at line 28, column 5"],
  ["broken/hyperfine-wrong-type.json", "results[1].mean"],
  ["broken/hyperfine-huge.json", "mean is out of range in ms"],
  ["broken/pytest-wrong-type.json", "benchmarks[2].stats.rounds"],
  ["broken/go-non-numeric.txt", 'got "3O20"'],
  ["broken/go-failed.txt", '"BenchmarkWrong" failed'],
  ["broken/go-late-fail.txt", '"BenchmarkLateFail-2" failed'],
  ["broken/go-truncated.txt", "closest: go (go test -bench"],
  ["broken/go-negative.txt", "is negative"],
  ["broken/benchmarkjs-cut-line.txt", "line 4"],
  ["benchmarkjs/throws.txt", 'benchmark "parse broken" threw'],
  ["broken/custom-no-direction.json", 'expected "biggerIsBetter": true'],
  ["broken/custom-wrong-type.json", "[0].value"],
  ["broken/custom-trailing-comma.json", "invalid JSON at line 4"],
  ["custom/gab-smaller.json", "customSmallerIsBetter"],
  ["broken/googlebenchmark-error.json", "could not open the input file"],
  ["broken/cargo-panic.txt", "FAILED (input file missing)"],
  ["broken/catch2-throws.txt", "Catch2 still reports success"],
  ["broken/catch2-throws.xml", "Catch2 still reports success"],
  ["broken/mitata-throws.json", "the benchmark threw"],
  ["broken/tinybench-throws-results.json", "the task threw"],
  ["broken/tinybench-throws-table.json", "the task threw"],
  ["bencher/asv-six.txt", "time_iterkeys3"],
  ["bencher/criterion-failed.txt", "line 60: the benchmark run failed (\"thread 'main' panicked at 'explicit panic'"],
  ["broken/benchmarkdotnet-no-statistics.json", "no Statistics: the benchmark failed"],
  ["broken/jmh-unknown-unit.json", 'unknown score unit "furlongs"'],
  ["broken/vitest-wrong-type.json", "benchmarks[0].mean"],
  ["broken/k6-wrong-type.json", 'metrics["my_trend"].avg'],
  ["broken/bmf-wrong-type.json", "tests::benchmark_b.latency.value"],
  ["broken/julia-truncated.json", "invalid JSON at line 17"],
  ["broken/dart-cut.txt", "closest: dart"],
  ["broken/luau-no-unit.txt", "line 2"],
  ["broken/ruby-ips-bad-number.txt", "line 6"],
  ["broken/catch2-negative.xml", '"Fibonacci 20": expected mean value as a non-negative number'],
  ["broken/iai-callgrind-bad-count.txt", "line 14"],
  ["broken/cargo-cut-unit.txt", "line 4"],
  ["go/fib_test.go", "format not recognised"],
  ["criterion/target/criterion/join/16/new/benchmark.json", "format not recognised"],
];

describe("perf-gate import auto", () => {
  it.each(REAL)("recognises %s as %s, writes a Report of the same metrics, and compare of it with itself passes", async (file, format) => {
    const path = join(FIXTURES, file);
    const out = join(dir, `${file.replace(/[/ ]/g, "_")}.report.json`);
    const result = await cli(["import", "auto", path, "--out", out]);
    expect(result.stderr).toMatch(/^perf-gate: imported \d+ metrics from /);
    expect(result.status).toBe(0);
    const report = parseReport(JSON.parse(readFileSync(out, "utf8")), out);
    // The same metrics (ids, values, units, directions) as importing under the format's own name.
    const named = importResults(format, await readInputFile(path), path);
    expect(report.metrics.map((m) => [m.id, m.value, m.unit, m.direction])).toEqual(named.metrics.map((m) => [m.id, m.value, m.unit, m.direction]));
    expect(report.notes.join("\n")).toContain(`(format ${format === "pytest" ? "pytest" : format})`);
    const same = await cli(["compare", out, out]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("no regressions");
  });

  it.each(BROKEN)("rejects %s with exit 2 and one line", async (file, fragment) => {
    const path = join(FIXTURES, file);
    const result = await cli(["import", "auto", path]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^perf-gate: ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
    expect(lines[0]).toContain(fragment);
  });

  it("names the closest formats and what did not fit when none matches", async () => {
    const result = await cli(["import", "auto", join(FIXTURES, "broken/go-truncated.txt")]);
    expect(result.stderr.trim()).toMatch(
      /format not recognised: no importer's signature matches; closest: go \(go test -bench \(text or -json\): no result line like "BenchmarkName-8 {1,3}1000000 {1,3}1052 ns\/op"\)/,
    );
  });
});
