import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadReport } from "../files.ts";
import type { Report } from "../report.ts";
import { lastLines } from "./base-worktree.ts";

export interface MeasureCommand {
  /** The perf-gate CLI to run (this perf-gate's own, so base and head are measured alike). */
  cliPath: string;
  /** Checkout to measure (base worktree or the head working directory). */
  cwd: string;
  configPath: string;
  /** Metric-id globs of the benchmarks to run. */
  only: string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Runs `perf-gate run --only ...` in a fresh process, so each side loads its own code. */
export async function measureInProcess(command: MeasureCommand): Promise<Report> {
  const dir = await mkdtemp(join(tmpdir(), "perf-gate-confirm-"));
  const out = join(dir, "report.json");
  try {
    const args = [command.cliPath, "run", "--config", command.configPath, "--out", out, ...command.only.flatMap((g) => ["--only", g])];
    const stderr: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: command.cwd, env: command.env ?? process.env, stdio: ["ignore", "ignore", "pipe"], signal: command.signal });
      child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (code !== 0) throw new Error(`measuring ${command.cwd} failed (exit ${code}): ${lastLines(stderr.join(""), 2)}`);
    return await loadReport(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
