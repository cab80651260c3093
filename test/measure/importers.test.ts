import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { type ImportFormat, importResults } from "../../src/measure/runners/importers/formats.ts";
import { benchmarkIds, sanitiseName } from "../../src/measure/runners/importers/naming.ts";
import { findJsonSyntaxError } from "../../src/measure/runners/importers/json-text.ts";
import { globCouldMatchSuite } from "../../src/measure/runners/importers/select.ts";
import { ImportSpec } from "../../src/config/import-spec.ts";
import { runImport } from "../../src/measure/runners/import.ts";
import { readInputFile } from "../../src/measure/runners/importers/read-input.ts";
import type { RunnerOutput } from "../../src/measure/runners/types.ts";

import { byId, FIXTURES, fitsReport, importErrorOf, samplesOf } from "../helpers/imports.ts";

function load(format: ImportFormat, file: string, options: { suite?: string } = {}): RunnerOutput {
  const path = join(FIXTURES, file);
  return fitsReport(importResults(format, readFileSync(path, "utf8"), path, options));
}

/** The InputError an import throws, for its message. */
function importError(format: ImportFormat, file: string): string {
  const path = join(FIXTURES, file);
  return importErrorOf(format, readFileSync(path, "utf8"), path);
}

describe("hyperfine", () => {
  it("imports every command with mean, p50, min, max in ms and every run as a sample", () => {
    const out = load("hyperfine", "hyperfine/commands.json");
    expect(out.metrics.map((m) => m.id)).toEqual([
      "hyperfine/sleep-0_01.mean",
      "hyperfine/sleep-0_01.p50",
      "hyperfine/sleep-0_01.min",
      "hyperfine/sleep-0_01.max",
      "hyperfine/awk-BEGIN-for(i=0-i-1000000-i++)s+=i.mean",
      "hyperfine/awk-BEGIN-for(i=0-i-1000000-i++)s+=i.p50",
      "hyperfine/awk-BEGIN-for(i=0-i-1000000-i++)s+=i.min",
      "hyperfine/awk-BEGIN-for(i=0-i-1000000-i++)s+=i.max",
    ]);
    const mean = byId(out, "hyperfine/sleep-0_01.mean");
    expect(mean).toMatchObject({ kind: "import", unit: "ms", direction: "lower-is-better", suite: "hyperfine", benchmark: "sleep-0_01", stat: "mean", estimator: { kind: "mean" } });
    expect(mean.value).toBeCloseTo(11.475722523333334, 9);
    expect(mean.extra).toMatchObject({ name: "sleep 0.01", runs: 12 });
    expect(mean.extra?.stddevMs).toBeCloseTo(0.2904010014832025, 9);
    expect(byId(out, "hyperfine/sleep-0_01.p50").value).toBeCloseTo(11.40652494, 9);
    expect(byId(out, "hyperfine/sleep-0_01.p50").estimator).toEqual({ kind: "median" });
    expect(byId(out, "hyperfine/sleep-0_01.min").value).toBeCloseTo(11.12096944, 9);
    expect(byId(out, "hyperfine/sleep-0_01.max").value).toBeCloseTo(12.01927844, 9);
    const times = samplesOf(out, "hyperfine/sleep-0_01.mean");
    expect(times).toHaveLength(12);
    expect(times.slice(0, 3).map((t) => Number(t.toFixed(9)))).toEqual([11.12096944, 11.69143044, 11.74624244]);
    // The minimum has no estimator the statistics know: no sample link, threshold only.
    expect(byId(out, "hyperfine/sleep-0_01.min").samples).toBeUndefined();
    expect(byId(out, "hyperfine/awk-BEGIN-for(i=0-i-1000000-i++)s+=i.mean").extra?.name).toBe("awk 'BEGIN{for(i=0;i<1000000;i++)s+=i}'");
  });

  it("keeps parameters in extra and accepts a single run (stddev null)", () => {
    const scan = load("hyperfine", "hyperfine/scan.json");
    expect(byId(scan, "hyperfine/sleep-0_005.mean").extra).toMatchObject({ name: "sleep 0.005", "parameter:ms": "005" });
    expect(byId(scan, "hyperfine/sleep-0_010.mean").value).toBeCloseTo(11.6890306, 6);
    const single = load("hyperfine", "hyperfine/single-run.json");
    expect(byId(single, "hyperfine/sleep-0_001.mean").value).toBeCloseTo(2.58562464, 8);
    expect(samplesOf(single, "hyperfine/sleep-0_001.mean")).toHaveLength(1);
    expect(byId(single, "hyperfine/sleep-0_001.mean").extra).toEqual({ name: "sleep 0.001", runs: 1, userMs: 1.64516, systemMs: 0 });
  });

  it("takes the suite from the caller", () => {
    const out = load("hyperfine", "hyperfine/fast.json", { suite: "cli" });
    expect(out.metrics.map((m) => m.id)).toEqual(["cli/sum-loop.mean", "cli/sum-loop.p50", "cli/sum-loop.min", "cli/sum-loop.max"]);
    expect(() => load("hyperfine", "hyperfine/fast.json", { suite: "my suite" })).toThrow(/--suite: "my suite" must use only/);
  });

  it("rejects truncated JSON with the line, and a wrong field type with its path", () => {
    expect(importError("hyperfine", "broken/hyperfine-truncated.json")).toMatch(/: invalid JSON at line 28, column \d+: expected a value, found the end of the file \(truncated\?\)$/);
    expect(importError("hyperfine", "broken/hyperfine-wrong-type.json")).toMatch(/not a valid hyperfine export: results\[1\]\.mean: .*expected number, received string/);
    expect(importError("hyperfine", "broken/empty.txt")).toMatch(/file is empty, expected a hyperfine --export-json file/);
    expect(importError("hyperfine", "pytest/benchmark.json")).toMatch(/results: .*expected array/);
  });
});

describe("pytest-benchmark", () => {
  it("converts seconds to ms, keeps every round as a sample, and ops is higher-is-better", () => {
    const out = load("pytest", "pytest/benchmark.json");
    expect(out.metrics.filter((m) => m.benchmark === "test_fib_15").map((m) => m.stat)).toEqual(["mean", "p50", "min", "max", "ops"]);
    expect(new Set(out.metrics.map((m) => m.benchmark))).toEqual(new Set(["test_fib_15", "test_fib_param[5]", "test_fib_param[10]", "test_join"]));
    const mean = byId(out, "pytest/test_fib_15.mean");
    expect(mean.value).toBeCloseTo(0.07199944520476642, 12);
    expect(mean).toMatchObject({ unit: "ms", direction: "lower-is-better", estimator: { kind: "mean" } });
    expect(byId(out, "pytest/test_fib_15.p50").value).toBeCloseTo(0.0713215000018863, 12);
    const ops = byId(out, "pytest/test_fib_15.ops");
    expect(ops).toMatchObject({ unit: "ops/s", direction: "higher-is-better", estimator: { kind: "rate", scale: 1000 } });
    expect(ops.value).toBeCloseTo(13888.995910399031, 6);
    const data = samplesOf(out, "pytest/test_fib_15.mean");
    expect(data).toHaveLength(73);
    expect(data[0]).toBeCloseTo(0.0730790000034176, 12);
    // The ops estimator recomputes the reported value from the samples.
    expect(1000 / (data.reduce((s, v) => s + v, 0) / data.length)).toBeCloseTo(ops.value, 3);
    expect(byId(out, "pytest/test_fib_param[10].mean").extra).toMatchObject({ fullname: "test_bench.py::test_fib_param[10]", group: "fib", rounds: 98, iterations: 16 });
    expect(out.notes).toEqual(["pytest-benchmark 5.2.3 on CPython 3.11.7"]);
  });

  it("imports saved files with --benchmark-save-data (samples) and without (values only)", () => {
    const withData = load("pytest-benchmark", "pytest/saved-with-data.json");
    expect(samplesOf(withData, "pytest/test_fib_param[5].mean")).toHaveLength(100);
    expect(byId(withData, "pytest/test_fib_param[5].ops").value).toBeCloseTo(2039776.478077992, 4);
    const statsOnly = load("pytest", "pytest/saved-stats-only.json");
    expect(statsOnly.samples).toEqual({});
    expect(byId(statsOnly, "pytest/test_join.mean").value).toBeCloseTo(7.141556948799527e-4, 12);
    expect(byId(statsOnly, "pytest/test_join.mean").estimator).toBeUndefined();
  });

  it("stores at most 4000 samples per benchmark, keeping the distribution's range", () => {
    const json = JSON.parse(readFileSync(join(FIXTURES, "pytest/benchmark.json"), "utf8")) as { benchmarks: Array<{ stats: Record<string, unknown> }> };
    const data = Array.from({ length: 10_000 }, (_, i) => 1e-4 + (i % 100) * 1e-7);
    // Statistics that agree with the data, as pytest-benchmark writes them.
    const stats = json.benchmarks[0]!.stats;
    const mean = data.reduce((s, v) => s + v, 0) / data.length;
    Object.assign(stats, { data, min: 1e-4, max: 1e-4 + 99e-7, mean, median: 1e-4 + 49.5e-7, ops: 1 / mean });
    const out = importResults("pytest", JSON.stringify(json), "big.json");
    const stored = samplesOf(out, "pytest/test_fib_15.mean");
    expect(stored).toHaveLength(4000);
    expect(stored[0]).toBeCloseTo(0.1, 12);
    expect(stored[3999]).toBeCloseTo(0.1 + 99e-4, 12);
    expect(stored.reduce((s, v) => s + v, 0) / stored.length).toBeCloseTo((data.reduce((s, v) => s + v, 0) / data.length) * 1000, 5);
  });

  it("rejects a wrong field type with its path", () => {
    expect(importError("pytest", "broken/pytest-wrong-type.json")).toMatch(/not a valid pytest-benchmark file: benchmarks\[2\]\.stats\.rounds: .*expected number, received string/);
    expect(importError("pytest", "hyperfine/commands.json")).toMatch(/benchmarks: .*expected array/);
  });
});

describe("go test -bench", () => {
  it("imports ns/op, B/op, allocs/op, MB/s and custom units; strips -GOMAXPROCS into extra", () => {
    const out = load("go", "go/bench.txt");
    expect(out.metrics.map((m) => m.id)).toEqual([
      "go/BenchmarkFib20.time",
      "go/BenchmarkFib20.bytes",
      "go/BenchmarkFib20.allocs",
      "go/BenchmarkFibSizes:n=10.time",
      "go/BenchmarkFibSizes:n=10.bytes",
      "go/BenchmarkFibSizes:n=10.allocs",
      "go/BenchmarkFibSizes:n=15.time",
      "go/BenchmarkFibSizes:n=15.bytes",
      "go/BenchmarkFibSizes:n=15.allocs",
      "go/BenchmarkJoin.time",
      "go/BenchmarkJoin.throughput",
      "go/BenchmarkJoin.bytes",
      "go/BenchmarkJoin.allocs",
      "go/BenchmarkLookups.time",
      "go/BenchmarkLookups.hits-per-op",
      "go/BenchmarkLookups.bytes",
      "go/BenchmarkLookups.allocs",
    ]);
    expect(byId(out, "go/BenchmarkFib20.time")).toMatchObject({ value: 30186, unit: "ns", direction: "lower-is-better" });
    expect(byId(out, "go/BenchmarkFib20.time").extra).toEqual({ name: "BenchmarkFib20", procs: 2, pkg: "example.com/fib", runs: 1, iterations: "41433" });
    expect(byId(out, "go/BenchmarkFibSizes:n=10.time").extra?.name).toBe("BenchmarkFibSizes/n=10");
    expect(byId(out, "go/BenchmarkJoin.throughput")).toMatchObject({ value: 459.43, unit: "MB/s", direction: "higher-is-better" });
    expect(byId(out, "go/BenchmarkJoin.bytes")).toMatchObject({ value: 192, unit: "B" });
    expect(byId(out, "go/BenchmarkJoin.allocs")).toMatchObject({ value: 1, unit: "allocs" });
    expect(byId(out, "go/BenchmarkLookups.time").value).toBe(6.215);
    expect(byId(out, "go/BenchmarkLookups.hits-per-op")).toMatchObject({ value: 0.5, unit: "hits/op", direction: "lower-is-better" });
    expect(out.notes).toEqual(["go test -bench: goos linux, goarch amd64, cpu AMD EPYC"]);
  });

  it("keeps the repeats of -count 3 as samples; the value is their mean", () => {
    const out = load("go", "go/bench-count3.txt");
    expect(out.metrics).toHaveLength(17);
    expect(samplesOf(out, "go/BenchmarkFib20.time")).toEqual([29254, 31407, 32060]);
    expect(byId(out, "go/BenchmarkFib20.time").value).toBeCloseTo((29254 + 31407 + 32060) / 3, 9);
    expect(byId(out, "go/BenchmarkFib20.time").estimator).toEqual({ kind: "mean" });
    expect(samplesOf(out, "go/BenchmarkJoin.throughput")).toEqual([462.6, 284.04, 260.78]);
    expect(byId(out, "go/BenchmarkJoin.time").extra).toMatchObject({ runs: 3, iterations: "3208452,2657044,2127680", procs: 2 });
  });

  it("keeps the suffix in the id when one benchmark ran at several GOMAXPROCS (-cpu 1,2)", () => {
    const text = "pkg: example.com/x\nBenchmarkA \t100\t 10 ns/op\nBenchmarkA-2 \t100\t 6 ns/op\nPASS\n";
    const out = importResults("go", text, "cpu.txt");
    expect(out.metrics.map((m) => m.id)).toEqual(["go/BenchmarkA.time", "go/BenchmarkA-2.time"]);
  });

  it("skips logs, including indented lines that mention a benchmark, and the name announced before them", () => {
    const text = "BenchmarkLog\n    log_test.go:9: BenchmarkLog is warming up\n--- BENCH: BenchmarkLog-2\nBenchmarkLog-2 \t 50 \t 20.5 ns/op\nPASS\n";
    const out = importResults("go", text, "log.txt");
    expect(out.metrics.map((m) => [m.id, m.value])).toEqual([["go/BenchmarkLog.time", 20.5]]);
  });

  it("rejects a non-numeric value, a failed run and an empty file, naming the line", () => {
    expect(importError("go", "broken/go-non-numeric.txt")).toMatch(/: line 12: expected a number before "ns\/op", got "3O20"$/);
    expect(importError("go", "broken/go-failed.txt")).toMatch(/: line 6: "BenchmarkWrong" failed \("--- FAIL: BenchmarkWrong": fail_test.go:21: fib\(10\) = 55, want 54\)/);
    expect(importError("go", "broken/empty.txt")).toMatch(/file is empty, expected `go test -bench` output/);
    expect(importError("go", "benchmarkjs/output.txt")).toMatch(/no benchmark results found/);
    expect(() => importResults("go", "BenchmarkX-8 \t 12x \t 5 ns/op\n", "x.txt")).toThrow(/x\.txt: line 1: expected the iteration count after "BenchmarkX-8", got "12x"/);
    expect(() => importResults("go", "BenchmarkX-8 \t 12 \t 5 ns/op 7\n", "x.txt")).toThrow(/line 1: expected "VALUE UNIT" pairs/);
  });
});

describe("benchmark.js", () => {
  it("imports ops/s (higher is better) with the ± margin and run count in extra", () => {
    const out = load("benchmarkjs", "benchmarkjs/output.txt");
    expect(out.metrics.map((m) => m.id)).toEqual([
      "benchmarkjs/fib(20).ops",
      "benchmarkjs/RegExp#test.ops",
      "benchmarkjs/String#indexOf.ops",
      "benchmarkjs/count-words:Map.ops",
      "benchmarkjs/slow-path:12_5-ms.ops",
    ]);
    const fib = byId(out, "benchmarkjs/fib(20).ops");
    expect(fib).toMatchObject({ value: 10935, unit: "ops/s", direction: "higher-is-better", extra: { name: "fib(20)", rme: 7.16, runs: 64 } });
    expect(byId(out, "benchmarkjs/String#indexOf.ops").value).toBe(118105567);
    expect(byId(out, "benchmarkjs/slow-path:12_5-ms.ops")).toMatchObject({ value: 79.66, extra: { name: "slow path / 12.5 ms", rme: 0.34, runs: 82 } });
  });

  it("takes a repeated benchmark's results as its samples", () => {
    const text = "a x 1,000 ops/sec ±1.00% (90 runs sampled)\na x 1,200 ops/sec ±2.00% (91 runs sampled)\na x 1,100 ops/sec ±1.50% (1 run sampled)\nFastest is a\n";
    const out = importResults("benchmarkjs", text, "repeat.txt");
    expect(byId(out, "benchmarkjs/a.ops").value).toBe(1100);
    expect(samplesOf(out, "benchmarkjs/a.ops")).toEqual([1000, 1200, 1100]);
    expect(byId(out, "benchmarkjs/a.ops").extra).toMatchObject({ rme: "1,2,1.5", runs: "90,91,1" });
  });

  it("rejects a result line it cannot read, naming the line, and output without results", () => {
    expect(importError("benchmarkjs", "broken/benchmarkjs-cut-line.txt")).toMatch(
      /: line 4: expected "NAME x 1,234 ops\/sec ±1\.23% \(90 runs sampled\)", got "count words: Map x 146,052 ops\/sec ±7\.89% \(73 ru"$/,
    );
    expect(importError("benchmarkjs", "go/bench.txt")).toMatch(/no benchmark\.js results found/);
    expect(importError("benchmarkjs", "broken/empty.txt")).toMatch(/file is empty/);
  });
});

describe("custom JSON list", () => {
  it("imports entries with their own direction flags, samples, range and extra", () => {
    const out = load("custom", "custom/custom.json");
    expect(out.metrics.map((m) => m.id)).toEqual(["custom/JSON_stringify-1k-items.value", "custom/JSON-round-trip-1k-items.value", "custom/Map-inserts.value", "custom/payload-size.value"]);
    const stringify = byId(out, "custom/JSON_stringify-1k-items.value");
    expect(stringify).toMatchObject({ value: 0.3376, unit: "ms", direction: "lower-is-better", estimator: { kind: "mean" }, extra: { name: "JSON.stringify 1k items", runs: 12, samples: 12 } });
    expect(samplesOf(out, "custom/JSON_stringify-1k-items.value").slice(0, 3)).toEqual([0.2697, 0.2345, 0.2224]);
    expect(byId(out, "custom/JSON-round-trip-1k-items.value").extra?.range).toBe("± 0.8732");
    expect(byId(out, "custom/Map-inserts.value")).toMatchObject({ value: 10997057.9713, unit: "ops/s", direction: "higher-is-better" });
    // Without samples the value is the one observation.
    expect(byId(out, "custom/payload-size.value")).toMatchObject({ value: 48.6143, unit: "KB", extra: { name: "payload size", extra: "1000 items, JSON" } });
    expect(samplesOf(out, "custom/payload-size.value")).toEqual([48.6143]);
  });

  it("imports github-action-benchmark's customSmallerIsBetter shape with the direction from the format", () => {
    const path = join(FIXTURES, "custom/gab-smaller.json");
    const out = importResults("customSmallerIsBetter", readFileSync(path, "utf8"), path);
    const m = byId(out, "custom/My-Custom-Smaller-Is-Better-Benchmark-JSON_stringify.value");
    expect(m).toMatchObject({ value: 0.3376, unit: "ms", direction: "lower-is-better", extra: { range: "± 1.1938", extra: "runs: 12\nmin: 0.2214 ms" } });
    const bigger = importResults("customBiggerIsBetter", readFileSync(path, "utf8"), path);
    expect(bigger.metrics.every((x) => x.direction === "higher-is-better")).toBe(true);
    // A flag on the entry wins over the format's default.
    expect(importResults("customBiggerIsBetter", readFileSync(join(FIXTURES, "custom/custom.json"), "utf8"), "c.json").metrics[0]!.direction).toBe("lower-is-better");
  });

  it("rejects entries without a direction, wrong types, bad JSON and duplicates", () => {
    expect(importError("custom", "broken/custom-no-direction.json")).toMatch(/: \[3\] \("payload size"\): expected "biggerIsBetter": true or "smallerIsBetter": true/);
    expect(importError("custom", "broken/custom-wrong-type.json")).toMatch(/not a valid custom benchmark list: \[0\]\.value: .*expected number, received string/);
    expect(importError("custom", "broken/custom-trailing-comma.json")).toMatch(/invalid JSON at line 4, column 1: expected a value, found "\]"/);
    expect(importError("custom", "broken/empty.txt")).toMatch(/file is empty/);
    expect(importError("custom", "hyperfine/fast.json")).toMatch(/expected array, received object/);
    expect(() => importResults("custom", '[{"name":"a","unit":"ms","value":1,"smallerIsBetter":true,"biggerIsBetter":true}]', "c.json")).toThrow(
      /c\.json: \[0\]: biggerIsBetter and smallerIsBetter contradict/,
    );
    expect(() => importResults("custom", '[{"name":"a","unit":"ms","value":1,"smallerIsBetter":true},{"name":"a","unit":"ms","value":2,"smallerIsBetter":true}]', "c.json")).toThrow(
      /\[1\]\.name: "a" already names entry \[0\]/,
    );
    expect(() => importResults("custom", '[{"name":"a","unit":"ms","value":1,"smalerIsBetter":true}]', "c.json")).toThrow(/Unrecognized key.*smalerIsBetter/);
  });
});

describe("names and ids", () => {
  it("sanitises names into stable glob-safe ids", () => {
    expect(sanitiseName("sleep 0.01")).toBe("sleep-0_01");
    expect(sanitiseName("BenchmarkFibSizes/n=10")).toBe("BenchmarkFibSizes:n=10");
    expect(sanitiseName("a * b ? c")).toBe("a-b-c");
    expect(sanitiseName("  ***  ")).toMatch(/^b-[0-9a-f]{8}$/);
    expect(sanitiseName("x".repeat(200))).toHaveLength(80);
    expect(sanitiseName("x".repeat(200))).not.toBe(sanitiseName("x".repeat(199)));
  });

  it("tells apart names that sanitise alike, the same way every time", () => {
    const items = [
      { name: "a b", identity: "pkg1 a b" },
      { name: "a-b", identity: "pkg2 a-b" },
      { name: "c", identity: "c" },
    ];
    const { ids, notes } = benchmarkIds(items);
    expect(ids[2]).toBe("c");
    expect(ids[0]).toMatch(/^a-b-[0-9a-f]{8}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(notes).toEqual([]);
    expect(benchmarkIds([...items].reverse()).ids).toEqual([...ids].reverse());
  });

  it("locates JSON syntax errors by line", () => {
    expect(findJsonSyntaxError('{"a": [1, 2,\n 3}')).toEqual({ offset: 15, problem: 'expected "," or "]" after an array element, found "}"' });
    expect(findJsonSyntaxError("[1, 2]")).toBeUndefined();
  });
});

describe("the import benchmark kind", () => {
  const dir = mkdtempSync(join(tmpdir(), "perf-gate-import-kind-"));
  const node = JSON.stringify(process.execPath);
  const progress: string[] = [];
  const ctx = (only?: string[]) => ({ root: dir, progress: (line: string) => progress.push(line), only });
  writeFileSync(join(dir, "fast.json"), readFileSync(join(FIXTURES, "hyperfine/fast.json")));
  writeFileSync(
    join(dir, "write.mjs"),
    'import { copyFileSync } from "node:fs";\nconsole.log("measuring sum-loop");\ncopyFileSync("fast.json", "results.json");\nconsole.error("wrote results.json");\n',
  );
  writeFileSync(join(dir, "fail.mjs"), 'console.log("compiling");\nconsole.error("error: no such benchmark");\nprocess.exit(3);\n');

  it("runs the command in the config's directory, streams its output, then imports the file", async () => {
    progress.length = 0;
    const spec = ImportSpec.parse({ kind: "import", format: "hyperfine", file: "results.json", command: `${node} write.mjs` });
    const out = await runImport(spec, ctx());
    expect(byId(out, "hyperfine/sum-loop.mean").value).toBeCloseTo(75.80180646666666, 9);
    expect(samplesOf(out, "hyperfine/sum-loop.mean")).toHaveLength(30);
    expect(progress).toEqual(expect.arrayContaining(["  measuring sum-loop", "  wrote results.json", "  hyperfine: imported 4 metrics from results.json (hyperfine)"]));
  });

  it("reports a failing command with its exit status and last output lines", async () => {
    const spec = ImportSpec.parse({ kind: "import", format: "hyperfine", file: "never.json", command: `${node} fail.mjs` });
    const error = await runImport(spec, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`command "${node} fail.mjs": failed with exit status 3 (in ${dir}); last output: compiling / error: no such benchmark`);
  });

  it("stops the command when the run is aborted", async () => {
    const controller = new AbortController();
    const spec = ImportSpec.parse({ kind: "import", format: "hyperfine", file: "results.json", command: `${node} -e "console.log('started'); setTimeout(() => {}, 60000)"` });
    const context = { root: dir, only: undefined, signal: controller.signal, progress: (line: string) => line === "  started" && controller.abort() };
    await expect(runImport(spec, context)).rejects.toThrow(/stopped: the time budget ran out or the run was cancelled/);
  });

  it("reads a results file written with a byte-order mark", async () => {
    writeFileSync(join(dir, "bom.json"), "\uFEFF" + readFileSync(join(FIXTURES, "custom/gab-smaller.json"), "utf8"));
    const text = await readInputFile(join(dir, "bom.json"));
    expect(importResults("customSmallerIsBetter", text, "bom.json").metrics).toHaveLength(2);
  });

  it("rejects a command that does not write the file, and a missing file", async () => {
    const quiet = ImportSpec.parse({ kind: "import", format: "custom", file: "absent.json", command: "echo done" });
    await expect(runImport(quiet, ctx())).rejects.toThrow(/absent\.json: file not found after running "echo done"/);
    const missing = ImportSpec.parse({ kind: "import", format: "custom", file: "absent.json" });
    await expect(runImport(missing, ctx())).rejects.toThrow(/absent\.json: file not found$/);
  });

  it("honours --only: skips the command for other suites, keeps matching metrics", async () => {
    const marker = join(dir, "ran.txt");
    const spec = ImportSpec.parse({ kind: "import", format: "hyperfine", file: "results.json", suite: "cli", command: `${node} -e "require('fs').writeFileSync('ran.txt','')" && ${node} write.mjs` });
    expect((await runImport(spec, ctx(["text/*"]))).metrics).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    const out = await runImport(spec, ctx(["cli/sum-loop.p50", "text/*"]));
    expect(existsSync(marker)).toBe(true);
    expect(out.metrics.map((m) => m.id)).toEqual(["cli/sum-loop.p50"]);
    expect(Object.keys(out.samples)).toEqual(["cli/sum-loop"]);
  });

  it("decides from the glob alone whether a suite could match", () => {
    expect(globCouldMatchSuite("cli/*", "cli")).toBe(true);
    expect(globCouldMatchSuite("*.p95", "cli")).toBe(true);
    expect(globCouldMatchSuite("c?i/x.mean", "cli")).toBe(true);
    expect(globCouldMatchSuite("*li/x", "cli")).toBe(true);
    expect(globCouldMatchSuite("clix/*", "cli")).toBe(false);
    expect(globCouldMatchSuite("text/*", "cli")).toBe(false);
  });

  it("validates the spec: format, suite name, unknown fields", () => {
    expect(ImportSpec.safeParse({ kind: "import", format: "yaml", file: "x" }).success).toBe(false);
    expect(ImportSpec.safeParse({ kind: "import", format: "go", file: "x", suite: "a/b" }).success).toBe(false);
    expect(ImportSpec.safeParse({ kind: "import", format: "go", file: "x", cmd: "go test" }).success).toBe(false);
    expect(ImportSpec.parse({ kind: "import", format: "go", file: "x" }).sets).toEqual(["quick", "full"]);
  });
});
