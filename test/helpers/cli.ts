import { spawnSync } from "node:child_process";
import { expect } from "vitest";

export const CLI = "dist/cli.js";

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a process, without colour, with a timeout that only a hang reaches. */
export function cli(args: string[], options: { cwd?: string; timeout?: number; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [`${process.cwd()}/${CLI}`, ...args], {
    encoding: "utf8",
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    timeout: options.timeout ?? 120_000,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Bad input: exit 2 and exactly one error line on stderr (after any progress lines), no stack trace. */
export function expectOneLineError(result: CliResult, ...fragments: string[]): string {
  expect(result.signal, "killed by the test's timeout: a hang").toBeNull();
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trim().split("\n");
  const errors = lines.filter((l) => /^perf-gate: /.test(l) && !/^perf-gate: (running|calibration|measured|wrote)/.test(l));
  expect(errors, result.stderr).toHaveLength(1);
  const error = errors[0]!;
  expect(lines.at(-1)).toBe(error);
  for (const f of fragments) expect(error).toContain(f);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return error;
}
