import { compactValue } from "../../src/report/history.ts";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Comparison } from "../../src/report/comparison.ts";
import { Report } from "../../src/report/schema.ts";
import { loadExampleBaseline, slowedDown } from "../helpers/reports.ts";

const CLI = "dist/cli.js";
let dir: string;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** Bad input: exit 2 and exactly one error line on stderr (after any progress lines), no stack trace. */
function expectOneLineError(result: ReturnType<typeof cli>, ...fragments: string[]) {
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split("\n");
  const progress = lines.filter((l) => /^(perf-gate: (running|calibration)|\s)/.test(l));
  expect(lines.length - progress.length).toBe(1);
  const error = lines[lines.length - 1]!;
  expect(error).toMatch(/^perf-gate: /);
  for (const f of fragments) expect(error).toContain(f);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-cli-"));
});

let tiny: string | undefined;
/** A Report of the tiny fixture, measured on first use, so that every test that needs one can also run alone. */
function tinyReport(): string {
  if (tiny) return tiny;
  const out = join(dir, "tiny-previous.json");
  expect(cli("run", "--config", "test/fixtures/tiny/perf-gate.config.json", "--quick", "--out", out).status).toBe(0);
  return (tiny = out);
}

describe("perf-gate compare", () => {
  it("exits 0 when the current Report equals the baseline", () => {
    const a = write("a.json", loadExampleBaseline());
    const result = cli("compare", a, a);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("no regressions");
    expect(result.stdout).not.toMatch(/^regression/m);
  });

  it("exits 1 on a clear 25% regression and writes markdown and JSON", () => {
    const a = write("a.json", loadExampleBaseline());
    const b = write("b.json", slowedDown(loadExampleBaseline(), 1.25));
    const md = join(dir, "out/comment.md");
    const json = join(dir, "out/comparison.json");
    const result = cli("compare", a, b, "--markdown", md, "--json", json);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^regression\s+text\/word-frequency mean/m);
    expect(result.stdout).toContain("+25.0%");
    const comparison = Comparison.parse(JSON.parse(readFileSync(json, "utf8")));
    expect(comparison.verdict).toBe("fail");
    expect(comparison.counts.regression).toBeGreaterThan(0);
    expect(readFileSync(md, "utf8")).toMatch(/^### ❌ perf-gate: [\d,]+ benchmarks? (slower|regressed) \(worst: /);
  });

  it("honours --threshold: a 25% slowdown passes a 50% threshold", () => {
    const a = write("a.json", loadExampleBaseline());
    const b = write("b.json", slowedDown(loadExampleBaseline(), 1.25));
    expect(cli("compare", a, b, "--threshold", "50").status).toBe(0);
  });

  it("rejects a missing file", () => {
    expectOneLineError(cli("compare", join(dir, "nope.json"), join(dir, "nope.json")), "nope.json", "file not found");
  });

  it("rejects invalid JSON", () => {
    const broken = write("broken.json", '{"schema": "perf-gate/report@1", ');
    const a = write("a.json", loadExampleBaseline());
    expectOneLineError(cli("compare", a, broken), "broken.json", "invalid JSON");
  });

  it("rejects a JSON file that is not a Report", () => {
    const other = write("package.json", { name: "x", version: "1.0.0" });
    expectOneLineError(cli("compare", other, other), "package.json", "not a perf-gate Report");
  });

  it("rejects an unknown schema version", () => {
    const future = write("future.json", { ...loadExampleBaseline(), schema: "perf-gate/report@99" });
    expectOneLineError(cli("compare", future, future), "future.json", 'unsupported Report schema version "perf-gate/report@99"');
  });

  it("names the field of a Report that is malformed", () => {
    const report = loadExampleBaseline();
    const bad = write("bad-metric.json", { ...report, metrics: [{ ...report.metrics[0], direction: "sideways" }] });
    expectOneLineError(cli("compare", bad, bad), "bad-metric.json", "metrics[0].direction");
  });

  it("rejects wrong arguments", () => {
    expectOneLineError(cli("compare", "only-one.json"), "BASELINE CURRENT");
    expectOneLineError(cli("compare", "a", "b", "--threshold", "lots"), "--threshold");
    expectOneLineError(cli("frobnicate"), 'unknown command "frobnicate"');
    expectOneLineError(cli("compare", "a", "b", "--no-such-flag"), "no-such-flag");
  });
});

describe("perf-gate run", () => {
  it("runs a config's benchmarks, shows progress and writes a valid Report", () => {
    const out = join(dir, "tiny-report.json");
    const result = cli("run", "--config", "test/fixtures/tiny/perf-gate.config.json", "--quick", "--out", out);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^  tiny\/sum-1k: [\d.]+ (ns|µs) per op$/m);
    expect(result.stderr).toMatch(/^  tiny\/join-100: /m);
    expect(result.stderr).toMatch(/^  round 2\/\d+: 2 tasks, widest interval ±[\d.]+%/m);
    const report = Report.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(report.set).toBe("quick");
    expect(report.metrics.map((m) => m.id)).toEqual(expect.arrayContaining(["tiny/sum-1k.mean", "tiny/sum-1k.p95", "tiny/join-100.ops"]));
    const mean = report.metrics.find((m) => m.id === "tiny/sum-1k.mean")!;
    expect(mean.value).toBeGreaterThan(0);
    const samples = report.samples[mean.samples!]!;
    expect(samples.values.length).toBeGreaterThan(10);
    // Measured in rounds (the replicates intervals are built from), each value tagged with its round.
    expect(new Set(samples.rounds).size).toBeGreaterThanOrEqual(4);
    expect(report.calibration?.samples.length).toBeGreaterThan(5);
    expect(report.environment.node).toMatch(/^v24\./);
  });

  it("rejects an invalid config, naming the file and the field", () => {
    expectOneLineError(cli("run", "--config", "test/fixtures/configs/bad-threshold.json"), "bad-threshold.json", "threshold");
    expectOneLineError(cli("run", "--config", "test/fixtures/configs/unknown-kind.json"), "unknown-kind.json", "benchmarks[0].kind");
    expectOneLineError(cli("run", "--config", join(dir, "absent.json")), "absent.json", "file not found");
  });

  it("carries the run history of the previous baseline with --previous", () => {
    const first = tinyReport();
    const second = join(dir, "tiny-second.json");
    expect(cli("run", "--config", "test/fixtures/tiny/perf-gate.config.json", "--out", second, "--previous", first).status).toBe(0);
    const previous = Report.parse(JSON.parse(readFileSync(first, "utf8")));
    const report = Report.parse(JSON.parse(readFileSync(second, "utf8")));
    const id = "tiny/sum-1k.mean";
    expect(report.history?.[id]).toEqual([compactValue(previous.metrics.find((m) => m.id === id)!.value)]);
    expect(report.runs).toEqual([{ commit: previous.environment.commit, time: previous.environment.timestamp }]);
    expectOneLineError(cli("run", "--config", "test/fixtures/tiny/perf-gate.config.json", "--previous", join(dir, "absent.json")), "absent.json", "file not found");
  });

  it("rejects a benchmark file that cannot be loaded", () => {
    const config = write("missing-bench.json", { benchmarks: [{ kind: "tinybench", files: ["no-such.bench.js"] }] });
    expectOneLineError(cli("run", "--config", config), "no-such.bench.js");
  });
});

describe("perf-gate check", () => {
  it("runs and compares against a baseline in one step", () => {
    const baseline = tinyReport();
    const result = cli("check", "--config", "test/fixtures/tiny/perf-gate.config.json", "--baseline", baseline, "--no-fail", "--pair", "off");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/tiny\/sum-1k mean/);
  });

  it("rejects an unknown pairing policy, and an old --confirm value with what to write instead", () => {
    const baseline = tinyReport();
    expectOneLineError(cli("check", "--config", "test/fixtures/tiny/perf-gate.config.json", "--baseline", baseline, "--pair", "sometimes"), "--pair", "pairing policy");
    expectOneLineError(cli("check", "--config", "test/fixtures/tiny/perf-gate.config.json", "--baseline", baseline, "--confirm", "sometimes"), "--confirm", "--pair always|flagged|off");
  });

  it("without a base to pair with, says why and lets the baseline decide", () => {
    const baseline = tinyReport();
    const json = join(dir, "tiny-unpaired.json");
    const result = cli("check", "--config", "test/fixtures/tiny/perf-gate.config.json", "--baseline", baseline, "--no-fail", "--json", json);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("could not pair with the base (no base was named (pass --base-commit SHA or --base-ref BRANCH)); the baseline artifact decides");
    expect(JSON.parse(readFileSync(json, "utf8")).pairing).toEqual({ status: "unavailable", reason: "no base was named (pass --base-commit SHA or --base-ref BRANCH)" });
  });
});
