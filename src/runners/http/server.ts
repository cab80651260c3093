import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { groupRunning } from "./process-group.ts";

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
  exited(): ServerExit | undefined;
  /** Resolves when the group leader exits. */
  exit: Promise<ServerExit>;
  /** The last lines the server printed (stdout and stderr), joined for one error line. */
  lastOutput(): string;
  /** Stops every process of the group: SIGTERM, then SIGKILL after a grace period. Idempotent. */
  stop(): Promise<void>;
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

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

async function waitForGroupExit(pgid: number, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (!groupRunning(pgid)) return true;
    await sleep(25);
  }
  return !groupRunning(pgid);
}

/**
 * Kills the group if perf-gate itself is interrupted or exits while the
 * server runs (the server is detached, so a terminal's Ctrl-C does not reach it).
 */
function guardGroup(pgid: number): () => void {
  const onExit = () => signalGroup(pgid, "SIGKILL");
  const onSignal = (signal: NodeJS.Signals) => {
    signalGroup(pgid, "SIGKILL");
    release();
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  process.on("exit", onExit);
  for (const s of signals) process.once(s, onSignal);
  function release() {
    process.off("exit", onExit);
    for (const s of signals) process.off(s, onSignal);
  }
  return release;
}

/**
 * Starts `command` with a shell in a new process group (detached), so that
 * the server and every process it starts can be stopped together.
 */
export function startServer(options: StartOptions): RunningServer {
  const child: ChildProcess = spawn(options.command, {
    shell: true,
    detached: true,
    cwd: options.cwd,
    env: options.env,
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
  const release = pid > 0 ? guardGroup(pid) : () => {};
  let stopping: Promise<void> | undefined;

  async function stop(): Promise<void> {
    if (pid <= 0) return;
    signalGroup(pid, "SIGTERM");
    if (!(await waitForGroupExit(pid, STOP_GRACE_SECONDS))) {
      signalGroup(pid, "SIGKILL");
      await waitForGroupExit(pid, 5);
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
