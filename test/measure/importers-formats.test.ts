import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_FORMATS, type ImportFormat, importResults } from "../../src/measure/runners/importers/formats.ts";
import type { RunnerOutput } from "../../src/measure/runners/types.ts";

import { byId, FIXTURES, fitsReport, ids, importErrorOf, samplesOf } from "../helpers/imports.ts";

/** Imports a fixture both as the named format and as `auto`: both must give the same metrics. */
function load(format: ImportFormat, file: string): RunnerOutput {
  const path = join(FIXTURES, file);
  const text = readFileSync(path, "utf8");
  const output = importResults(format, text, path);
  fitsReport(output);
  expect(importResults("auto", text, path).metrics).toEqual(output.metrics);
  return output;
}

function importError(format: ImportFormat, file: string): string {
  const path = join(FIXTURES, file);
  return importErrorOf(format, readFileSync(path, "utf8"), path);
}

const json = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));

describe("Google Benchmark JSON", () => {
  it("imports real and CPU time in ns and the byte rate; user counters stay facts", () => {
    const out = load("googlecpp", "googlebenchmark/simple.json");
    expect(ids(out)).toEqual([
      "googlebenchmark/BM_Fib:10.time",
      "googlebenchmark/BM_Fib:10.cpu",
      "googlebenchmark/BM_Fib:15.time",
      "googlebenchmark/BM_Fib:15.cpu",
      "googlebenchmark/BM_StringCopy:1024.time",
      "googlebenchmark/BM_StringCopy:1024.cpu",
      "googlebenchmark/BM_StringCopy:1024.bytes-per-s",
      "googlebenchmark/BM_Sort.time",
      "googlebenchmark/BM_Sort.cpu",
      "googlebenchmark/BM_Broken.time",
      "googlebenchmark/BM_Broken.cpu",
    ]);
    const raw = json("googlebenchmark/simple.json") as { benchmarks: Array<Record<string, number>> };
    expect(byId(out, "googlebenchmark/BM_Fib:10.time")).toMatchObject({ unit: "ns", direction: "lower-is-better", value: raw.benchmarks[0]!.real_time, extra: { name: "BM_Fib/10" } });
    // BM_Sort reports microseconds.
    expect(byId(out, "googlebenchmark/BM_Sort.time").value).toBeCloseTo(raw.benchmarks[3]!.real_time! * 1000, 6);
    expect(byId(out, "googlebenchmark/BM_StringCopy:1024.bytes-per-s")).toMatchObject({ unit: "B/s", direction: "higher-is-better", value: raw.benchmarks[2]!.bytes_per_second });
    expect(byId(out, "googlebenchmark/BM_StringCopy:1024.time").extra?.["counter:items"]).toBe(raw.benchmarks[2]!.items);
  });

  it("keeps repetitions as samples and leaves the aggregates out", () => {
    const out = load("googlecpp", "googlebenchmark/repetitions.json");
    expect(out.metrics).toHaveLength(11);
    const raw = (json("googlebenchmark/repetitions.json") as { benchmarks: Array<{ name: string; run_type: string; real_time: number }> }).benchmarks;
    const reps = raw.filter((b) => b.name === "BM_Sort" && b.run_type === "iteration").map((b) => b.real_time * 1000);
    expect(samplesOf(out, "googlebenchmark/BM_Sort.time")).toEqual(reps);
    expect(byId(out, "googlebenchmark/BM_Sort.time")).toMatchObject({ estimator: { kind: "mean" }, extra: { repetitions: 3 } });
    expect(byId(out, "googlebenchmark/BM_Sort.time").value).toBeCloseTo(raw.find((b) => b.name === "BM_Sort_mean")!.real_time * 1000, 6);
  });

  it("rejects a benchmark that reported an error, naming it and the message", () => {
    expect(importError("googlecpp", "broken/googlebenchmark-error.json")).toMatch(/benchmarks\[1\] \("BM_Broken"\): the benchmark failed: could not open the input file$/);
  });

  it("says which tool wrote the file when it is imported as another format", () => {
    expect(importError("custom", "googlebenchmark/simple.json")).toMatch(/expected array, received object.* \(this looks like Google Benchmark JSON: import it as "googlecpp" or "auto"\)$/);
  });
});

describe("cargo bench (libtest)", () => {
  it("imports ns/iter and MB/s, keeps the spread in extra, names ignored benchmarks", () => {
    const out = load("cargo", "cargo/bench.txt");
    expect(ids(out)).toEqual(["cargo/bench_fib_10.time", "cargo/bench_fib_20.time", "cargo/strings::join.time", "cargo/strings::join.throughput", "cargo/strings::panics.time"]);
    expect(byId(out, "cargo/bench_fib_20.time")).toMatchObject({ value: 20977.35, unit: "ns", direction: "lower-is-better", extra: { name: "bench_fib_20", deviationNs: 7108.92 } });
    expect(byId(out, "cargo/strings::join.throughput")).toMatchObject({ value: 635, unit: "MB/s", direction: "higher-is-better" });
    expect(byId(out, "cargo/bench_fib_10.time").samples).toBeUndefined();
    expect(out.notes).toContain("cargo bench: ignored strings::ignored");
  });

  it("rejects a benchmark that FAILED, with its panic message", () => {
    expect(importError("cargo", "broken/cargo-panic.txt")).toMatch(/: line 7: benchmark "strings::panics" FAILED \(input file missing\); only passing runs can be imported$/);
  });
});

describe("Catch2", () => {
  it("imports the mean in ns from the XML reporter, with its interval in extra", () => {
    const out = load("catch2", "catch2/report.xml");
    expect(ids(out)).toEqual(["catch2/Fibonacci-10.mean", "catch2/Fibonacci-20.mean", "catch2/accumulate-1000.mean"]);
    expect(byId(out, "catch2/Fibonacci-20.mean")).toMatchObject({
      value: 7971.46,
      unit: "ns",
      direction: "lower-is-better",
      extra: { name: "Fibonacci 20", testCase: "Fibonacci", lowMeanNs: 7935.18, highMeanNs: 8115.89, stddevNs: 156.715, samples: 20, iterations: 4 },
    });
  });

  it("imports the console reporter, converting us to ns", () => {
    const out = load("catch2", "catch2/console.txt");
    expect(ids(out)).toEqual(["catch2/Fibonacci-10.mean", "catch2/Fibonacci-20.mean", "catch2/accumulate-1000.mean"]);
    expect(byId(out, "catch2/Fibonacci-20.mean").value).toBeCloseTo(7977.45, 6);
    expect(byId(out, "catch2/Fibonacci-20.mean").extra).toMatchObject({ testCase: "Fibonacci", samples: 20, iterations: 1, stddevNs: 503.555 });
    expect(byId(out, "catch2/accumulate-1000.mean")).toMatchObject({ value: 282.24, extra: { testCase: "Vector sum" } });
  });

  it('reads the console of Catch2 2.11 (an "est run time" column), as github-action-benchmark\'s test data has it', () => {
    const out = load("catch2", "gab/catch2_output_v3.txt");
    expect(out.metrics.map((m) => [m.id, m.value])).toEqual([
      ["catch2/Fibonacci-10.mean", 344],
      ["catch2/Fibonacci-20.mean", 41731],
      ["catch2/Fibonacci-5.mean", 36],
      ["catch2/Fibonacci-15_bench.mean", 3789],
    ]);
    expect(byId(out, "catch2/Fibonacci-20.mean").extra).toMatchObject({ testCase: "Fibonacci", lowMeanNs: 41250, highMeanNs: 42622 });
  });

  it("rejects a benchmark that failed although Catch2 says all tests passed", () => {
    expect(importError("catch2", "broken/catch2-throws.txt")).toMatch(/: line 39: benchmark "throws" \(test case "Vector sum"\) failed: no input; Catch2 still reports success/);
    expect(importError("catch2", "broken/catch2-throws.xml")).toMatch(/: benchmark "throws" \(test case "Vector sum"\) failed: no input;/);
  });
});

describe("Criterion.rs", () => {
  it("imports the console output: time in ns and throughput in B/s", () => {
    const out = load("criterion", "criterion/console.txt");
    expect(ids(out)).toEqual(["criterion/fib-15.time", "criterion/join:16.time", "criterion/join:16.bytes-per-s", "criterion/join:64.time", "criterion/join:64.bytes-per-s"]);
    expect(byId(out, "criterion/fib-15.time")).toMatchObject({ value: 1669, unit: "ns", direction: "lower-is-better", extra: { name: "fib 15", lowNs: 1653, highNs: 1681.8 } });
    expect(byId(out, "criterion/join:16.bytes-per-s")).toMatchObject({ value: 526.08 * 1024 ** 2, unit: "B/s", direction: "higher-is-better" });
    // A second run prints "change:" blocks; the results read the same way.
    expect(load("criterion", "criterion/console-rerun.txt").metrics).toHaveLength(5);
  });

  it("imports cargo-criterion JSON messages with every sample as ns per iteration", () => {
    const out = load("criterion", "criterion/cargo-criterion/messages.jsonl");
    expect(ids(out)).toEqual(["criterion/alu:add.mean", "criterion/alu:add.median", "criterion/alu:add.slope"]);
    expect(byId(out, "criterion/alu:add.mean")).toMatchObject({ value: 186.5770081898676, unit: "ns", estimator: { kind: "mean" } });
    expect(byId(out, "criterion/alu:add.median")).toMatchObject({ value: 166.56140350877195, estimator: { kind: "median" } });
    const samples = samplesOf(out, "criterion/alu:add.mean");
    expect(samples).toHaveLength(100);
    expect(samples[0]).toBe(958);
    expect(samples.reduce((a, b) => a + b, 0) / samples.length).toBeCloseTo(186.5770081898676, 9);
  });

  it("imports an estimates.json, named by its place under target/criterion", () => {
    const out = load("criterion", "criterion/target/criterion/join/16/new/estimates.json");
    expect(ids(out)).toEqual(["criterion/join:16.mean", "criterion/join:16.median", "criterion/join:16.slope"]);
    const raw = json("criterion/target/criterion/join/16/new/estimates.json") as { mean: { point_estimate: number } };
    expect(byId(out, "criterion/join:16.mean")).toMatchObject({ value: raw.mean.point_estimate, unit: "ns", extra: { name: "join/16" } });
    expect(ids(load("criterion", "criterion/target/criterion/fib 15/new/estimates.json"))[0]).toBe("criterion/fib-15.mean");
  });
});

describe("JMH JSON", () => {
  it("imports the throughput score with every iteration as a sample, and parameters in the name", () => {
    const out = load("jmh", "gab/jmh_output.json");
    expect(ids(out)).toEqual(["jmh/JMHSample_01_HelloWorld:wellHelloThere.ops"]);
    expect(byId(out, "jmh/JMHSample_01_HelloWorld:wellHelloThere.ops")).toMatchObject({
      value: 3.3762388731228185e9,
      unit: "ops/s",
      direction: "higher-is-better",
      estimator: { kind: "mean" },
      extra: { name: "org.openjdk.jmh.samples.JMHSample_01_HelloWorld.wellHelloThere", mode: "thrpt", threads: 1, forks: 1 },
    });
    expect(samplesOf(out, "jmh/JMHSample_01_HelloWorld:wellHelloThere.ops")).toEqual([3.376842765688582e9, 3.37651988895058e9, 3.375353964729294e9]);
    const params = load("jmh", "gab/jmh_output_2.json");
    expect(ids(params)).toEqual(["jmh/JMHSample_01_HelloWorld:wellHelloThere:paramA=17,paramB=33.ops"]);
    expect(params.metrics[0]!.extra).toMatchObject({ "param:paramA": "17", "param:paramB": "33" });
  });
});

describe("BenchmarkDotNet JSON", () => {
  it("imports mean and median in ns with the result iterations as samples", () => {
    const out = load("benchmarkdotnet", "gab/benchmarkdotnet.json");
    expect(ids(out)).toEqual(["benchmarkdotnet/Benchmarks:Fib10.mean", "benchmarkdotnet/Benchmarks:Fib10.p50", "benchmarkdotnet/Benchmarks:Fib20.mean", "benchmarkdotnet/Benchmarks:Fib20.p50"]);
    expect(byId(out, "benchmarkdotnet/Benchmarks:Fib10.mean")).toMatchObject({ value: 24.4202085009643, unit: "ns", direction: "lower-is-better", extra: { name: "Sample.Benchmarks.Fib10", n: 14 } });
    expect(byId(out, "benchmarkdotnet/Benchmarks:Fib20.p50").value).toBe(51.40195590257645);
    expect(samplesOf(out, "benchmarkdotnet/Benchmarks:Fib10.mean").slice(0, 3)).toEqual([24.805462032556534, 24.505721479654312, 24.38324511051178]);
    expect(out.notes).toContain("BenchmarkDotNet 0.12.1 on .NET Core 3.0.0 (CoreCLR 4.700.19.46205, CoreFX 4.700.19.46214)");
  });
});

describe("BenchmarkDotNet JSON with the memory diagnoser", () => {
  it("adds the bytes allocated per operation", () => {
    const out = load("benchmarkdotnet", "bencher/dotnet-memory.json");
    expect(byId(out, "benchmarkdotnet/Memory:AllocEmptyList.allocated")).toMatchObject({ value: 368, unit: "B", direction: "lower-is-better" });
    expect(byId(out, "benchmarkdotnet/Memory:AllocExactList.mean").value).toBe(54.648447036743164);
  });
});

describe("Julia BenchmarkTools JSON", () => {
  it("imports time, memory and allocs per leaf, named by the group path", () => {
    const out = load("julia", "gab/julia_output.json");
    expect(ids(out)).toEqual(["julia/fib:10.time", "julia/fib:10.memory", "julia/fib:10.allocs", "julia/fib:20.time", "julia/fib:20.memory", "julia/fib:20.allocs"]);
    expect(byId(out, "julia/fib:20.time")).toMatchObject({ value: 31028, unit: "ns", direction: "lower-is-better", extra: { name: "fib/20", kind: "TrialEstimate" } });
    expect(byId(out, "julia/fib:10.time").value).toBeCloseTo(246.03846153846155, 9);
    expect(out.notes).toContain("Julia 1.7.0-rc3, BenchmarkTools 1.0.0");
  });
});

describe("Luau", () => {
  it("imports the average time in ms with the spread in extra", () => {
    const out = load("benchmarkluau", "gab/benchmarkluau_output.txt");
    expect(ids(out)).toEqual(["luau/base64.time", "luau/chess.time", "luau/life.time"]);
    expect(byId(out, "luau/chess.time")).toMatchObject({ value: 69.56, unit: "ms", direction: "lower-is-better", extra: { name: "chess", stddevPercent: 0.212, driver: "luau" } });
  });
});

describe("mitata JSON", () => {
  it("imports mean, p50 and p99 in ns with the samples, under the group's name", () => {
    const out = load("mitata", "mitata/bench.json");
    expect(ids(out)).toEqual([
      "mitata/fib(10).mean",
      "mitata/fib(10).p50",
      "mitata/fib(10).p99",
      "mitata/sort:sort-100.mean",
      "mitata/sort:sort-100.p50",
      "mitata/sort:sort-100.p99",
      "mitata/sort:sort-1000.mean",
      "mitata/sort:sort-1000.p50",
      "mitata/sort:sort-1000.p99",
    ]);
    const raw = json("mitata/bench.json") as { benchmarks: Array<{ runs: Array<{ stats: { avg: number; p50: number; p99: number; samples: number[] } }> }> };
    const fib = raw.benchmarks[0]!.runs[0]!.stats;
    expect(byId(out, "mitata/fib(10).mean")).toMatchObject({ value: fib.avg, unit: "ns", direction: "lower-is-better", estimator: { kind: "mean" } });
    expect(byId(out, "mitata/fib(10).p99")).toMatchObject({ value: fib.p99, estimator: { kind: "quantile", q: 0.99 } });
    expect(samplesOf(out, "mitata/fib(10).p50")).toEqual(fib.samples);
    expect(byId(out, "mitata/sort:sort-100.mean").extra?.name).toBe("sort/sort 100");
  });

  it("rejects a benchmark that threw although mitata exited 0", () => {
    expect(importError("mitata", "broken/mitata-throws.json")).toMatch(/benchmarks\[1\]\.runs\[0\] \("parse broken"\): the benchmark threw: Expected property name or '}' in JSON at position 1/);
  });
});

describe("vitest bench --outputJson", () => {
  it("imports mean, p50, p99 in ms and ops/s, named by describe block and benchmark", () => {
    const out = load("vitest", "vitest/bench.json");
    expect(ids(out).filter((id) => id.endsWith(".mean"))).toEqual(["vitest/array-sort.mean", "vitest/fib:fib-10.mean", "vitest/fib:fib-15.mean"]);
    const raw = json("vitest/bench.json") as { files: Array<{ groups: Array<{ benchmarks: Array<{ name: string; mean: number; median: number; p99: number; hz: number }> }> }> };
    const fib15 = raw.files[0]!.groups[1]!.benchmarks.find((b) => b.name === "fib 15")!;
    expect(byId(out, "vitest/fib:fib-15.mean")).toMatchObject({ value: fib15.mean, unit: "ms", direction: "lower-is-better", extra: { name: "fib 15", group: "fib.bench.mjs > fib" } });
    expect(byId(out, "vitest/fib:fib-15.p50").value).toBe(fib15.median);
    expect(byId(out, "vitest/fib:fib-15.p99").value).toBe(fib15.p99);
    expect(byId(out, "vitest/fib:fib-15.ops")).toMatchObject({ value: fib15.hz, unit: "ops/s", direction: "higher-is-better" });
  });
});

describe("tinybench", () => {
  it("imports tasks' results: mean, p50, p99 in ms and ops/s", () => {
    const out = load("tinybench", "tinybench/results.json");
    expect(ids(out)).toEqual([
      "tinybench/fib-10.mean",
      "tinybench/fib-10.p50",
      "tinybench/fib-10.p99",
      "tinybench/fib-10.ops",
      "tinybench/fib-15.mean",
      "tinybench/fib-15.p50",
      "tinybench/fib-15.p99",
      "tinybench/fib-15.ops",
    ]);
    const raw = json("tinybench/results.json") as Array<{ result: { latency: { mean: number; p50: number; samplesCount: number }; throughput: { mean: number } } }>;
    expect(byId(out, "tinybench/fib-10.mean")).toMatchObject({
      value: raw[0]!.result.latency.mean,
      unit: "ms",
      direction: "lower-is-better",
      extra: { name: "fib 10", samples: raw[0]!.result.latency.samplesCount },
    });
    expect(byId(out, "tinybench/fib-10.ops")).toMatchObject({ value: raw[0]!.result.throughput.mean, unit: "ops/s", direction: "higher-is-better" });
  });

  it("imports bench.table() rows, converting ns to ms", () => {
    const out = load("tinybench", "tinybench/table.json");
    expect(ids(out)).toEqual(["tinybench/fib-10.mean", "tinybench/fib-10.p50", "tinybench/fib-10.ops", "tinybench/fib-15.mean", "tinybench/fib-15.p50", "tinybench/fib-15.ops"]);
    expect(byId(out, "tinybench/fib-10.mean").value).toBeCloseTo(3219.7 / 1e6, 12);
    expect(byId(out, "tinybench/fib-10.p50").value).toBeCloseTo(1112 / 1e6, 12);
    expect(byId(out, "tinybench/fib-10.ops").value).toBe(949406);
  });

  it("rejects a task that threw, in either shape", () => {
    expect(importError("tinybench", "broken/tinybench-throws-results.json")).toMatch(/\[2\] \("throws"\): the task threw; it has no result$/);
    expect(importError("tinybench", "broken/tinybench-throws-table.json")).toMatch(/\[2\] \("throws"\): the task threw: Expected property name/);
  });
});

describe("k6 summary", () => {
  for (const file of ["k6/summary-export.json", "k6/handle-summary.json"]) {
    it(`imports trends in ms, the request rate and check rate with directions (${file})`, () => {
      const out = load("k6", file);
      expect(ids(out).sort()).toEqual(["k6/checks.rate", "k6/http_reqs.rps", "k6/my_trend.max", "k6/my_trend.mean", "k6/my_trend.p50", "k6/my_trend.p90", "k6/my_trend.p95", "k6/my_trend.p99"]);
      expect(byId(out, "k6/my_trend.p95")).toMatchObject({ value: 19.5, unit: "ms", direction: "lower-is-better" });
      expect(byId(out, "k6/http_reqs.rps")).toMatchObject({ value: 3, unit: "req/s", direction: "higher-is-better", extra: { count: 3 } });
      expect(byId(out, "k6/checks.rate")).toMatchObject({ value: 0.75, unit: "ratio", direction: "higher-is-better", extra: { passes: 45, fails: 15 } });
      expect(out.notes).toContain("k6: gauges not imported (they describe the load): vus");
    });
  }

  it("notes failed thresholds", () => {
    expect(load("k6", "k6/handle-summary.json").notes).toEqual(expect.arrayContaining(['k6: threshold "my_trend<1000" on my_trend failed', 'k6: threshold "rate<100" on http_reqs failed']));
  });
});

describe("Ruby benchmark-ips", () => {
  it("imports iterations per second, taking the unrounded rate from the comparison", () => {
    const out = load("ruby-benchmark-ips", "ruby/ips.txt");
    expect(ids(out)).toEqual(["ruby/fib(15).ips", "ruby/array-sort.ips", "ruby/string-concat.ips"]);
    expect(byId(out, "ruby/fib(15).ips")).toMatchObject({ value: 8051.0, unit: "i/s", direction: "higher-is-better", extra: { name: "fib(15)", errorPercent: 11.5 } });
    expect(byId(out, "ruby/string-concat.ips").value).toBe(2854998.1);
  });

  it("imports the file x.json! writes", () => {
    const out = load("ruby-benchmark-ips", "ruby/ips.json");
    expect(ids(out)).toEqual(["ruby/fib(15).ips", "ruby/array-sort.ips", "ruby/string-concat.ips"]);
    expect(byId(out, "ruby/fib(15).ips")).toMatchObject({ value: 10936.389790972335, unit: "i/s", direction: "higher-is-better", extra: { stddev: 2313, iterations: 10712 } });
  });

  it("reads the rounded rate when there is no comparison", () => {
    const text = readFileSync(join(FIXTURES, "ruby/ips.txt"), "utf8").split("\nComparison:")[0]!;
    const out = importResults("ruby-benchmark-ips", text, "ips.txt");
    expect(byId(out, "ruby/array-sort.ips").value).toBe(1.71e6);
  });
});

describe("Iai, Iai-Callgrind and Gungraun", () => {
  it("imports every event count of each benchmark, lower is better", () => {
    const out = load("iai-callgrind", "bencher/iai-callgrind-two.txt");
    const short = "callgrind/rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci-short:10";
    expect(ids(out).slice(0, 6)).toEqual(["instructions", "l1-hits", "l2-hits", "ram-hits", "total-read-write", "estimated-cycles"].map((s) => `${short}.${s}`));
    expect(byId(out, `${short}.instructions`)).toMatchObject({
      value: 1734,
      unit: "count",
      direction: "lower-is-better",
      extra: { name: "rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10" },
    });
    expect(out.metrics).toHaveLength(12);
  });

  it("takes the new count of a comparison (Gungraun) and keeps the old in extra", () => {
    const out = load("gungraun", "bencher/gungraun-summary.txt");
    expect(out.metrics.find((m) => m.id.endsWith("long:30.instructions"))).toMatchObject({ value: 26214734, extra: { previous: 24943490 } });
  });

  it("reads the older Iai output", () => {
    const out = load("iai", "bencher/iai-two.txt");
    expect(ids(out).slice(0, 5)).toEqual(["instructions", "l1-accesses", "l2-accesses", "ram-accesses", "estimated-cycles"].map((s) => `callgrind/bench_fibonacci_short.${s}`));
    expect(byId(out, "callgrind/bench_fibonacci_long.estimated-cycles")).toMatchObject({ value: 35638668, unit: "cycles" });
  });
});

describe("dart benchmark_harness", () => {
  it("imports the time per run in ns", () => {
    const out = load("dart", "bencher/dart-two.txt");
    expect(out.metrics.map((m) => [m.id, m.value, m.unit, m.direction])).toEqual([
      ["dart/Template.time", 1000, "ns", "lower-is-better"],
      ["dart/ForLoop.time", 2000, "ns", "lower-is-better"],
    ]);
  });
});

describe("asv", () => {
  it("imports times in ns and memory in bytes", () => {
    const out = load("asv", "bencher/asv-py27.txt");
    expect(ids(out)).toEqual([
      "asv/benchmarks_MemSuite_mem_list.bytes",
      "asv/benchmarks_TimeSuite_time_iterkeys.time",
      "asv/benchmarks_TimeSuite_time_keys.time",
      "asv/benchmarks_TimeSuite_time_range.time",
      "asv/benchmarks_TimeSuite_time_xrange.time",
    ]);
    expect(byId(out, "asv/benchmarks_MemSuite_mem_list.bytes")).toMatchObject({ value: 2420, unit: "B", direction: "lower-is-better" });
    expect(byId(out, "asv/benchmarks_TimeSuite_time_keys.time")).toMatchObject({ value: 11200, unit: "ns", extra: { environment: "virtualenv-py2.7", spread: "±0.01μs" } });
  });

  it("rejects a benchmark asv reports as failed", () => {
    expect(importError("asv", "bencher/asv-six.txt")).toMatch(/: line 15: benchmark "benchmarks\.TimeSuite\.time_iterkeys3" \(virtualenv-py3\.6\) failed; only passing runs can be imported$/);
  });
});

describe("Bencher Metric Format", () => {
  it("imports each measure with its bounds; latency is ns, lower is better", () => {
    const out = load("bmf", "bencher/bmf-latency.json");
    expect(ids(out)).toEqual(["bmf/tests::benchmark_a.latency", "bmf/tests::benchmark_b.latency", "bmf/tests::benchmark_c.latency"]);
    expect(byId(out, "bmf/tests::benchmark_b.latency")).toMatchObject({
      value: 3443,
      unit: "ns",
      direction: "lower-is-better",
      extra: { name: "tests::benchmark_b", lowerValue: 2275, upperValue: 2275 },
    });
    expect(ids(load("bmf", "bencher/bmf-mixed.json"))[0]).toBe("bmf/31aba8a9-977a-47d1-9fb6-e6b94b428471.latency");
  });
});

describe("the README's import table", () => {
  it("lists every format name the importer accepts", () => {
    const readme = readFileSync("README.md", "utf8");
    const table = readme.slice(readme.indexOf("<!-- import-formats -->"), readme.indexOf("<!-- /import-formats -->"));
    const listed = new Set([...table.matchAll(/`([\w-]+)`/g)].map((m) => m[1]));
    for (const format of IMPORT_FORMATS) if (format !== "auto") expect(listed.has(format), format).toBe(true);
  });
});
