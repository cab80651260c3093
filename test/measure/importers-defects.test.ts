import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ImportFormat, importResults } from "../../src/measure/runners/importers/formats.ts";
import { readInputFile } from "../../src/measure/runners/importers/read-input.ts";
import type { RunnerOutput } from "../../src/measure/runners/types.ts";

import { FIXTURES, fitsReport, ids, importErrorOf } from "../helpers/imports.ts";

async function load(format: ImportFormat, file: string): Promise<RunnerOutput> {
  const path = join(FIXTURES, file);
  const output = importResults(format, await readInputFile(path), path);
  fitsReport(output);
  return output;
}

async function importError(format: ImportFormat, file: string): Promise<string> {
  const path = join(FIXTURES, file);
  return importErrorOf(format, await readInputFile(path), path);
}

describe("the same benchmark twice in one file", () => {
  it("keeps both runs of one hyperfine command apart, in order, and says so", async () => {
    const out = await load("hyperfine", "hyperfine/same-command-twice.json");
    expect(ids(out).filter((id) => id.endsWith(".mean"))).toEqual(["hyperfine/sleep-0_002.mean", "hyperfine/sleep-0_002#2.mean"]);
    const raw = JSON.parse(readFileSync(join(FIXTURES, "hyperfine/same-command-twice.json"), "utf8")) as { results: Array<{ mean: number }> };
    expect(out.metrics.find((m) => m.id === "hyperfine/sleep-0_002#2.mean")!.value).toBeCloseTo(raw.results[1]!.mean * 1000, 9);
    expect(out.notes).toContain('"sleep 0.002" appears 2 times; imported in order as sleep-0_002, sleep-0_002#2');
  });

  it("keeps two commands given the same -n name apart", async () => {
    const out = await load("hyperfine", "hyperfine/same-name-twice.json");
    expect(ids(out).filter((id) => id.endsWith(".mean"))).toEqual(["hyperfine/step.mean", "hyperfine/step#2.mean"]);
    expect(new Set(ids(out)).size).toBe(out.metrics.length);
  });
});

describe("results never go missing", () => {
  it("rejects benchmark.js output where a benchmark threw, naming it", async () => {
    expect(await importError("benchmarkjs", "benchmarkjs/throws.txt")).toMatch(/: line 2: benchmark "parse broken" threw and has no result; fix it or take it out of the suite$/);
  });

  it("rejects a go benchmark that failed after go printed its name, with go's message", async () => {
    expect(await importError("go", "broken/go-late-fail.txt")).toMatch(
      /: line 6: "BenchmarkLateFail-2" failed \("BenchmarkLateFail-2 {3}\t--- FAIL: BenchmarkLateFail-2": latefail_test\.go:16: failed at b\.N = 10000\); only passing runs can be imported$/,
    );
  });

  it("rejects a go benchmark name that never gets its result", () => {
    expect(() => importResults("go", "BenchmarkA-2   \tsome log\nPASS\n", "a.txt")).toThrow(/a\.txt: line 1: no result for "BenchmarkA-2"/);
  });
});

describe("go test -bench output", () => {
  it("reads a result go printed on a later line, after the benchmark wrote to stdout", async () => {
    const out = await load("go", "go/defects-procs2.txt");
    expect(out.metrics.find((m) => m.id === "go/BenchmarkPrints.time")).toMatchObject({ value: 35.99, unit: "ns" });
  });

  it("gives the same ids on GOMAXPROCS=1 and 2, sub-benchmarks ending in -64 included", async () => {
    const one = await load("go", "go/defects-procs1.txt");
    const two = await load("go", "go/defects-procs2.txt");
    const expected = ["go/BenchmarkPrints.time", "go/BenchmarkBatch:batch-64.time", "go/BenchmarkBatch:batch-128.time"];
    expect(ids(one)).toEqual(expected);
    expect(ids(two)).toEqual(expected);
    expect(one.metrics[1]!.value).toBe(418.5);
    expect(one.metrics[1]!.extra?.procs).toBeUndefined();
    expect(two.metrics[1]).toMatchObject({ value: 35.25, extra: { name: "BenchmarkBatch/batch-64", procs: 2 } });
  });

  it("reads go test -json events, with names and results split across events", async () => {
    const out = await load("go", "go/defects.json");
    expect(ids(out)).toEqual(["go/BenchmarkPrints.time", "go/BenchmarkBatch:batch-64.time", "go/BenchmarkBatch:batch-128.time"]);
    expect(out.metrics.map((m) => m.value)).toEqual([80.63, 51.47, 67.72]);
    expect(out.metrics[0]!.extra).toMatchObject({ pkg: "example.com/fib/defects", procs: 2 });
  });

  it("rejects a truncated line and a negative time", async () => {
    expect(await importError("go", "broken/go-truncated.txt")).toMatch(/: line 5: unit "ns\/o" is cut short \(expected "ns\/op"; a truncated file\?\)$/);
    expect(await importError("go", "broken/go-negative.txt")).toMatch(/: line 5: "-30186 ns\/op" is negative$/);
  });
});

describe("values and text", () => {
  it("rejects a value that overflows when converted to ms, so a written Report always reads back", async () => {
    expect(await importError("hyperfine", "broken/hyperfine-huge.json")).toMatch(/: "sleep 0\.01": mean is out of range in ms \(Infinity\)$/);
  });

  it("strips colour codes before reading names", async () => {
    const out = await load("benchmarkjs", "benchmarkjs/colour.txt");
    expect(readFileSync(join(FIXTURES, "benchmarkjs/colour.txt"), "utf8")).toContain("\u001b[32m");
    expect(ids(out)).toEqual(["benchmarkjs/parse-ok.ops", "benchmarkjs/stringify.ops"]);
    expect(out.metrics[0]!.extra?.name).toBe("parse ok");
  });

  it("decodes UTF-16 files with a byte-order mark", async () => {
    const out = await load("go", "go/bench-utf16.txt");
    expect(out.metrics.find((m) => m.id === "go/BenchmarkFib20.time")!.value).toBe(30186);
  });
});
