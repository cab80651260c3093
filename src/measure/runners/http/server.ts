import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { onInterrupt } from "./on-interrupt.ts";
import { descendants, groupMembers, groupRunning, isRunning, processesWithEnv } from "./process-group.ts";

/** Environment variable that marks every process a server starts, wherever it moves (setsid, daemon). */
export const SERVER_TAG_VARIABLE = "PERF_GATE_SERVER_TAG";

/** Lines of the server's output kept for error messages. */
const KEPT_LINES = 10;
/** Seconds between SIGTERM and SIGKILL when stopping the server. */
export const STOP_GRACE_SECONDS = 3;

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  /** Pid of the shell that runs the command; also the process group id. */
  pid: number;
  /** Set once the group leader exited (the command's shell, or the server it exec'd). */
  exited: () => ServerExit | undefined;
  /** Resolves when the group leader exits. */
  exit: Promise<ServerExit>;
  /** The last lines the server printed (stdout and stderr), joined for one error line. */
  lastOutput: () => string;
  /** Stops every process of the group: SIGTERM, then SIGKILL after a grace period. Idempotent. */
  stop: () => Promise<void>;
}

export interface StartOptions {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Keeps the last lines of a stream of chunks. */
function outputTail(): { push(chunk: Buffer): void; text(): string } {
  const lines: string[] = [];
  let partial = "";
  return {
    push(chunk) {
      const parts = (partial + chunk.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) lines.push(line.trimEnd().slice(0, 300));
      if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
    },
    text() {
      const all = partial.trim() ? [...lines, partial.trim().slice(0, 300)] : lines;
      return all.slice(-KEPT_LINES).join(" | ") || "(no output)";
    },
  };
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch {
    // Already gone.
  }
}

/**
 * The server's processes outside the group perf-gate created for it: those
 * that called setsid or daemonised. Found by the tag in their environment, or
 * as descendants of the group's leader; each is signalled by its own pid,
 * never through a process group perf-gate did not create.
 */
function strays(pgid: number, tag: string): number[] {
  const inGroup = new Set(groupMembers(pgid));
  const found = new Set(processesWithEnv(SERVER_TAG_VARIABLE, tag));
  if (isRunning(pgid)) for (const pid of descendants(pgid)) found.add(pid);
  found.delete(process.pid);
  return [...found].filter((pid) => !inGroup.has(pid));
}

/** Signals the group perf-gate created and every stray of the server. */
function signalAll(pgid: number, tag: string, sig: NodeJS.Signals): void {
  signal(-pgid, sig);
  for (const pid of strays(pgid, tag)) signal(pid, sig);
}

function running(pgid: number, tag: string): boolean {
  return groupRunning(pgid) || strays(pgid, tag).length > 0;
}

async function waitForExit(pgid: number, tag: string, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (!running(pgid, tag)) return true;
    await sleep(25);
  }
  return !running(pgid, tag);
}

/**
 * Starts `command` with a shell in a new process group (detached), so that
 * the server and every process it starts can be stopped together.
 */
export function startServer(options: StartOptions): RunningServer {
  const tag = randomUUID();
  const child: ChildProcess = spawn(options.command, {
    shell: true,
    detached: true,
    cwd: options.cwd,
    env: { ...options.env, [SERVER_TAG_VARIABLE]: tag },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail = outputTail();
  child.stdout?.on("data", (chunk: Buffer) => tail.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => tail.push(chunk));
  let exitInfo: ServerExit | undefined;
  const exit = new Promise<ServerExit>((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once("error", (error) => {
      tail.push(Buffer.from(`${error.message}\n`));
      exitInfo = { code: null, signal: null };
      resolve(exitInfo);
    });
  });
  const pid = child.pid ?? -1;
  // The server is detached, so a terminal's Ctrl-C does not reach it: perf-gate's own interruption kills it.
  const release = pid > 0 ? onInterrupt(() => signalAll(pid, tag, "SIGKILL")) : () => {};
  let stopping: Promise<void> | undefined;

  async function stop(): Promise<void> {
    if (pid <= 0) return;
    signalAll(pid, tag, "SIGTERM");
    if (!(await waitForExit(pid, tag, STOP_GRACE_SECONDS))) {
      signalAll(pid, tag, "SIGKILL");
      await waitForExit(pid, tag, 5);
    }
    // Collect the leader and drain its pipes so nothing keeps perf-gate alive.
    await Promise.race([exit, sleep(1000)]);
    child.stdout?.destroy();
    child.stderr?.destroy();
    release();
  }

  return {
    pid,
    exited: () => exitInfo,
    exit,
    lastOutput: () => tail.text(),
    stop: () => (stopping ??= stop()),
  };
}

export function describeExit(exit: ServerExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? "unknown"}`;
}
