import { spawn } from "node:child_process";
import { InputError } from "../../errors.ts";
import type { Progress } from "../progress.ts";

export interface ShellCommand {
  command: string;
  cwd: string;
  progress: Progress;
  signal?: AbortSignal;
  /** The command's environment (default: perf-gate's own). */
  env?: NodeJS.ProcessEnv;
  /** Run the command on this CPU only (with Linux `taskset`). */
  cpu?: number;
  /** Output lines kept for the error message when the command fails. */
  tail?: number;
}

/**
 * Runs a user's command through the shell, streaming its output line by line
 * to `progress` (indented). A non-zero exit is an InputError quoting the
 * command and its last output lines, on one line.
 */
export async function runShellCommand({ command, cwd, progress, signal, env, cpu, tail = 5 }: ShellCommand): Promise<void> {
  const last: string[] = [];
  const pending = { stdout: "", stderr: "" };
  const emit = (line: string) => {
    progress(`  ${line}`);
    if (!line.trim()) return;
    last.push(line.trim());
    if (last.length > tail) last.shift();
  };
  const onData = (stream: keyof typeof pending) => (chunk: string) => {
    const lines = (pending[stream] + chunk).split(/\r?\n/);
    pending[stream] = lines.pop() ?? "";
    for (const line of lines) emit(line);
  };
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    // The shell and whatever it starts get a process group of their own, so that
    // stopping the command stops all of it (a shell does not pass signals on).
    const group = process.platform !== "win32";
    const options = { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"], detached: group };
    const child = cpu === undefined ? spawn(command, { ...options, shell: true }) : spawn("taskset", ["-c", String(cpu), "/bin/sh", "-c", command], options);
    const stop = (sig: NodeJS.Signals) => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // already gone
      }
    };
    const abort = () => stop("SIGTERM");
    // Outside perf-gate's group the command misses a Ctrl-C or a kill meant for
    // perf-gate: pass those on, then let them take their usual course.
    const forward = (sig: NodeJS.Signals) => {
      stop(sig);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    process.once("SIGINT", forward);
    process.once("SIGTERM", forward);
    // Decoded as text per stream, so a character split across chunks stays whole.
    child.stdout.setEncoding("utf8").on("data", onData("stdout"));
    child.stderr.setEncoding("utf8").on("data", onData("stderr"));
    const cleanup = () => {
      signal?.removeEventListener("abort", abort);
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
    };
    child.on("error", (error) => {
      cleanup();
      reject(error);
    });
    child.on("close", (code, sig) => {
      cleanup();
      resolve({ code, signal: sig });
    });
  }).catch((error: unknown) => {
    throw new InputError(`command "${command}"`, `could not start: ${(error as Error).message}`);
  });
  for (const rest of [pending.stdout, pending.stderr]) if (rest) emit(rest);
  if (signal?.aborted) throw new InputError(`command "${command}"`, "stopped: the time budget ran out or the run was cancelled");
  if (result.code !== 0) {
    const how = result.code === null ? `was killed by ${result.signal}` : `failed with exit status ${result.code}`;
    const output = last.length ? `; last output: ${last.join(" / ")}` : "; it printed nothing";
    throw new InputError(`command "${command}"`, `${how} (in ${cwd})${output}`);
  }
}
