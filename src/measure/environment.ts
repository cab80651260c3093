import { execFileSync } from "node:child_process";
import os from "node:os";
import type { Environment } from "../report/schema.ts";

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Fingerprint of the machine and revision a Report was measured on. */
export function captureEnvironment(cwd: string, env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() || "unknown",
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    commit: env.GITHUB_SHA || git(["rev-parse", "HEAD"], cwd),
    ref: env.GITHUB_REF || git(["rev-parse", "--abbrev-ref", "HEAD"], cwd),
    runner: env.RUNNER_NAME || undefined,
    timestamp: now.toISOString(),
  };
}
