import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * One CPU that every measured process of both sides is pinned to (function
 * workers, servers, imported commands). Two processes on two cores see two
 * different amounts of contention for as long as they stay there: on a busy
 * 2-core machine that alone read the same code up to 25% "slower" on one side.
 * Sharing one core, they share its contention, slice by slice.
 */
export interface Pinning {
  /** The CPU, or undefined when this platform cannot pin (no Linux `taskset`). */
  cpu: number | undefined;
  /** Pins the processes (all their threads); children started later inherit it. Never throws. */
  pin(pids: readonly number[]): Promise<void>;
}

/** CPUs this process may run on, from Linux /proc (`0-3,6` lists). */
export function allowedCpus(statusText: string): number[] {
  const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(statusText)?.[1];
  if (!line) return [];
  const cpus: number[] = [];
  for (const part of line.trim().split(",")) {
    const [lo, hi] = part.split("-").map(Number);
    if (lo === undefined || !Number.isInteger(lo)) continue;
    for (let c = lo; c <= (hi ?? lo); c++) cpus.push(c);
  }
  return cpus;
}

async function hasTaskset(): Promise<boolean> {
  try {
    await run("taskset", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Chooses the CPU to pin to: the last one this process may use (the first
 * usually takes more interrupts). `off` or a platform without taskset pins nothing.
 */
export async function choosePinning(enabled: boolean): Promise<Pinning> {
  let cpus: number[] = [];
  try {
    cpus = allowedCpus(readFileSync("/proc/self/status", "utf8"));
  } catch {
    cpus = [];
  }
  const cpu = cpus.at(-1);
  if (!enabled || cpu === undefined || !(await hasTaskset())) return { cpu: undefined, pin: async () => {} };
  return {
    cpu,
    async pin(pids) {
      await Promise.all(pids.map((pid) => run("taskset", ["-a", "-p", "-c", String(cpu), String(pid)]).catch(() => undefined)));
    },
  };
}
