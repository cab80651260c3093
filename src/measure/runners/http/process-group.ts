import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";

/**
 * Linux /proc views of a process group: who is in it, and their memory.
 * Everything here returns undefined (or nothing) where /proc is absent, so
 * callers can fall back on other platforms.
 */
export const HAS_PROC = process.platform === "linux" && existsSync("/proc/self/status");

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** State letter and process group of a pid from /proc/<pid>/stat (the command name may hold spaces or parens). */
function statOf(pid: number): { state: string; pgrp: number } | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const pgrp = Number(fields[2]);
  return fields[0] && Number.isInteger(pgrp) ? { state: fields[0], pgrp } : undefined;
}

/** Linux clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat CPU times. */
const CLOCK_TICKS = 100;

/**
 * CPU seconds (user + system, with the children each has waited for) used so
 * far by the given processes (a server's group members, listed once: scanning
 * all of /proc every round would cost more than the round); undefined without /proc.
 */
export function cpuSeconds(pids: readonly number[]): number | undefined {
  if (!HAS_PROC || pids.length === 0) return undefined;
  let ticks = 0;
  for (const pid of pids) {
    const text = read(`/proc/${pid}/stat`);
    if (!text) continue;
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime: fields 14-17 of the line, 11-14 after the name.
    for (const i of [11, 12, 13, 14]) ticks += Number(fields[i]) || 0;
  }
  return ticks / CLOCK_TICKS;
}

/** Live (not zombie) members of process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  if (!HAS_PROC) return [];
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") members.push(Number(entry));
  }
  return members;
}

/**
 * Whether a process still runs. A zombie has exited: it only waits for its
 * parent to collect it, which an orphan's init may never do in some containers.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!HAS_PROC) return true;
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
}

/** Whether any process of the group still runs. */
export function groupRunning(pgid: number): boolean {
  if (HAS_PROC) return groupMembers(pgid).length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A `VmXXX:  1234 kB` line of /proc/<pid>/status, in bytes. */
function statusBytes(status: string, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

export interface GroupMemory {
  /** Sum of current resident set sizes. */
  rss: number;
  /** Sum of each member's resident high-water mark since its last reset (an upper bound of the group's peak). */
  hwm: number;
  members: number[];
}

/** Resident memory of the group's live members; undefined without /proc. */
export function groupMemory(pgid: number): GroupMemory | undefined {
  if (!HAS_PROC) return undefined;
  const members = groupMembers(pgid);
  let rss = 0;
  let hwm = 0;
  for (const pid of members) {
    const status = read(`/proc/${pid}/status`);
    if (!status) continue;
    rss += statusBytes(status, "VmRSS");
    hwm += statusBytes(status, "VmHWM");
  }
  return { rss, hwm, members };
}

/**
 * Resets each member's resident high-water mark to its current RSS (writing 5
 * to /proc/<pid>/clear_refs, Linux 4.0+), so the next read gives the peak
 * since now. False when any reset was refused: the marks are then lifetime peaks.
 */
export function resetPeaks(pids: readonly number[]): boolean {
  let ok = true;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") ok = false;
    }
  }
  return ok;
}

/** Parent pid of a pid from /proc/<pid>/stat. */
function parentOf(pid: number): number | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const ppid = Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function livePids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) if (/^\d+$/.test(entry) && isRunning(Number(entry))) pids.push(Number(entry));
  return pids;
}

/** Live descendants of `root` by parent links (children that called setsid included, while their parents live). */
export function descendants(root: number): number[] {
  if (!HAS_PROC) return [];
  const children = new Map<number, number[]>();
  for (const pid of livePids()) {
    const ppid = parentOf(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found: number[] = [];
  const queue = [root];
  const seen = new Set(queue);
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Live processes whose environment carries `name=value`. Every process a
 * server starts inherits its environment, so this finds the ones that left
 * its process group and session (setsid, a daemon's double fork) even after
 * their parent exited. Only one's own processes' environments are readable.
 */
export function processesWithEnv(name: string, value: string): number[] {
  if (!HAS_PROC) return [];
  const entry = Buffer.from(`${name}=${value}\0`);
  const found: number[] = [];
  for (const pid of livePids()) {
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue;
    }
    const at = environ.indexOf(entry);
    if (at === 0 || (at > 0 && environ[at - 1] === 0)) found.push(pid);
  }
  return found;
}
