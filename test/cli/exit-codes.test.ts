import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { USAGE } from "../../src/cli/main.ts";
import { cli, expectOneLineError } from "../helpers/cli.ts";
import { loadExampleBaseline } from "../helpers/reports.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-exit-"));
});

/** A config around one benchmark file, with short timeouts so a hang is found in seconds. */
function project(name: string, source: string, timeouts = { taskTimeout: 1, hookTimeout: 1 }): string {
  writeFileSync(join(dir, `${name}.bench.mjs`), source);
  const config = join(dir, `${name}.config.json`);
  writeFileSync(config, JSON.stringify({ benchmarks: [{ kind: "tinybench", files: [`${name}.bench.mjs`], time: 5, warmupTime: 0, rounds: { min: 2, max: 2 }, ...timeouts }] }));
  return config;
}

const suite = (extra: string, task = "() => 1 + 1") => `export default { name: "s", tasks: { t: ${task} }, ${extra} };\n`;

describe("user code that never finishes or throws", () => {
  it("a task returning a promise that never settles: exit 2 naming the file and task, not exit 13", () => {
    const config = project("never-task", suite("", "() => new Promise(() => {})"));
    expectOneLineError(cli(["run", "--config", config], { timeout: 60_000 }), "never-task.bench.mjs", 'task "s/t"', "taskTimeout (1 s)");
  });

  it("a setup hook that never settles: exit 2 naming the file and hook", () => {
    const config = project("never-setup", suite("setup: () => new Promise(() => {})"));
    expectOneLineError(cli(["run", "--config", config], { timeout: 60_000 }), "never-setup.bench.mjs", 'suite "s" setup hook', "hookTimeout (1 s)");
  });

  it("a benchmark file whose top-level await never settles: exit 2 naming the file", () => {
    const config = project("never-load", `await new Promise(() => {});\n${suite("")}`);
    expectOneLineError(cli(["run", "--config", config], { timeout: 60_000 }), "never-load.bench.mjs", "loading the benchmark file", "hookTimeout");
  });

  it.each(["setup", "teardown"])("a throwing %s hook: exit 2 naming the file and hook, not exit 3", (hook) => {
    const config = project(`throwing-${hook}`, suite(`${hook}: () => { throw new Error("database is down"); }`));
    expectOneLineError(cli(["run", "--config", config]), `throwing-${hook}.bench.mjs`, `suite "s" ${hook} hook failed: database is down`);
  });

  it("a task stuck in a synchronous infinite loop: the watchdog ends the run with exit 2 and one line", () => {
    const config = project("sync-loop", suite("", "() => { for (;;) {} }"));
    const started = Date.now();
    const result = cli(["run", "--config", config], { timeout: 60_000 });
    expectOneLineError(result, "sync-loop.bench.mjs", 'task "s/t"', "taskTimeout (1 s)");
    // 1 s deadline plus the watchdog's grace; a wide margin for a busy machine.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("a synchronous infinite loop in a setup hook is stopped the same way", () => {
    const config = project("sync-setup", suite("setup: () => { for (;;) {} }"));
    expectOneLineError(cli(["run", "--config", config], { timeout: 60_000 }), "sync-setup.bench.mjs", 'suite "s" setup hook', "hookTimeout (1 s)");
  });

  it("slow but finishing tasks are not cut short by the defaults", () => {
    const config = project("slow", suite("", "() => { const end = Date.now() + 20; while (Date.now() < end); }"), { taskTimeout: 30, hookTimeout: 30 });
    expect(cli(["run", "--config", config, "--out", join(dir, "slow.json")]).status).toBe(0);
  });
});

describe("output paths and arguments", () => {
  it("--out naming a directory: exit 2 before measuring", () => {
    const out = join(dir, "a-directory");
    mkdirSync(out, { recursive: true });
    const result = cli(["run", "--config", "test/fixtures/tiny/perf-gate.config.json", "--out", out]);
    expectOneLineError(result, "a-directory", "is a directory");
    expect(result.stderr).not.toContain("running the");
  });

  it("--markdown under /proc or in a directory that cannot be created: exit 2, no endless mkdir", () => {
    const baseline = join(dir, "example.json");
    writeFileSync(baseline, JSON.stringify(loadExampleBaseline()));
    expectOneLineError(cli(["compare", baseline, baseline, "--markdown", "/proc/perf-gate-x/y/comment.md"], { timeout: 30_000 }), "/proc/perf-gate-x/y/comment.md", "cannot");
    const file = join(dir, "plain-file");
    writeFileSync(file, "x");
    expectOneLineError(cli(["compare", baseline, baseline, "--json", join(file, "sub", "c.json")]), "plain-file", "not a directory");
    expect(existsSync(join(file, "sub"))).toBe(false);
  });

  it("--markdown into new nested directories still works", () => {
    const baseline = join(dir, "example.json");
    writeFileSync(baseline, JSON.stringify(loadExampleBaseline()));
    const md = join(dir, "new", "nested", "comment.md");
    expect(cli(["compare", baseline, baseline, "--markdown", md]).status).toBe(0);
    expect(existsSync(md)).toBe(true);
  });

  it("no command: the usage on stderr and exit 2", () => {
    const result = cli([]);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(USAGE);
    expectOneLineError(result, "no command given");
  });

  it("--help still prints the usage on stdout with exit 0", () => {
    const result = cli(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(USAGE);
  });
});

describe("one failure type for both edges", () => {
  it("classifies bad input (2, with the file or input at fault) apart from a defect (3, with its stack)", async () => {
    const { EXIT, failureOf, InputError } = await import("../../src/errors.ts");
    expect(failureOf(new InputError("perf-gate.config.json", "benchmarks[0].files: expected an array"))).toEqual({
      exitCode: EXIT.badInput,
      source: "perf-gate.config.json",
      message: "perf-gate.config.json: benchmarks[0].files: expected an array",
    });
    const defect = failureOf(new TypeError("cannot read properties of undefined"));
    expect(defect).toMatchObject({ exitCode: EXIT.internal, message: "internal error: cannot read properties of undefined" });
    expect(defect.exitCode === EXIT.internal && defect.stack).toContain("TypeError");
    expect(failureOf("a string")).toMatchObject({ exitCode: EXIT.internal, message: "internal error: a string" });
  });
});

describe("defects and outside failures", () => {
  it("tells perf-gate's own defects from network failures and bad data", async () => {
    const { isDefect } = await import("../../src/errors.ts");
    expect(isDefect(new TypeError("x.map is not a function"))).toBe(true);
    expect(isDefect(new ReferenceError("y is not defined"))).toBe(true);
    expect(isDefect(new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") }))).toBe(false);
    expect(isDefect(new SyntaxError("Unexpected end of JSON input"))).toBe(false);
    expect(isDefect(new Error("artifact service answered 503"))).toBe(false);
  });
});
