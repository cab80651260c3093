import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReport } from "../../src/io/files.ts";
import { slowedDown } from "../helpers/reports.ts";

let dir: string;
const CONFIG = resolve("test/fixtures/tiny/perf-gate.config.json");

/** Runs the bundled action as the runner does: inputs as INPUT_* variables, files for summary and outputs. */
function action(inputs: Record<string, string>) {
  const summary = join(dir, `summary-${Math.random()}.md`);
  const output = join(dir, `output-${Math.random()}.txt`);
  writeFileSync(summary, "");
  writeFileSync(output, "");
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_WORKSPACE: dir, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output };
  const defaults = { config: CONFIG, set: "quick", threshold: "", baseline: "", "fail-on-regression": "true", "report-path": "report.json", pair: "off" };
  for (const [name, value] of Object.entries({ ...defaults, ...inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [resolve("dist/index.js")], { cwd: dir, env, encoding: "utf8" });
  return { ...result, summary: readFileSync(summary, "utf8"), outputs: readFileSync(output, "utf8") };
}

function outputValue(outputs: string, name: string): string | undefined {
  const match = new RegExp(`^${name}<<(.+)\\n([\\s\\S]*?)\\n\\1$`, "m").exec(outputs);
  return match?.[2];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-action-"));
});

let fast: string | undefined;
/**
 * A baseline three times as fast as this machine, from a Report the action measured on first
 * use: against it the current run is a clear regression, however busy the machine.
 */
async function fastBaseline(): Promise<string> {
  if (fast) return fast;
  const measured = action({ "report-path": "measured.json" });
  expect(measured.status, measured.stdout + measured.stderr).toBe(0);
  writeFileSync(join(dir, "fast-baseline.json"), JSON.stringify(slowedDown(await loadReport(join(dir, "measured.json")), 1 / 3)));
  return (fast = "fast-baseline.json");
}

describe("the action run as a process (local baseline file)", () => {
  it("runs the set, writes the Report, the job summary and outputs", async () => {
    const run = action({});
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("perf-gate: running the quick set");
    expect(run.summary).toMatch(/^### ℹ️ perf-gate: no baseline yet/);
    expect(outputValue(run.outputs, "verdict")).toBe("pass");
    const report = await loadReport(join(dir, "report.json"));
    expect(report.metrics.length).toBe(10);
  });

  it("fails the step on a regression against the baseline, after publishing the verdict", async () => {
    const run = action({ baseline: await fastBaseline(), "report-path": "second.json" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::perf-gate: \d+ metrics? regressed or broke a budget/);
    expect(run.summary).toMatch(/^### ❌ perf-gate: [\d,]+ benchmarks? (slower|regressed) \(worst: /);
    expect(outputValue(run.outputs, "verdict")).toBe("fail");
    expect(Number(outputValue(run.outputs, "regressions"))).toBeGreaterThan(0);
  });

  it("passes with fail-on-regression false, still reporting the verdict", async () => {
    const run = action({ baseline: await fastBaseline(), "fail-on-regression": "false", "report-path": "third.json" });
    expect(run.status).toBe(0);
    expect(outputValue(run.outputs, "verdict")).toBe("fail");
  });

  it("names a bad input", () => {
    const run = action({ threshold: "lots" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: input "threshold": threshold: must be a positive percentage');
    // An annotation titled with the input at fault.
    expect(run.stdout).toMatch(/^::error title=perf-gate%3A bad input \(input "threshold"\)::perf-gate: input "threshold": /m);
  });
});
