import { spawn } from "node:child_process";
import { InputError } from "../errors.ts";
import type { Progress } from "../progress.ts";

export interface ShellCommand {
  command: string;
  cwd: string;
  progress: Progress;
  signal?: AbortSignal;
  /** Output lines kept for the error message when the command fails. */
  tail?: number;
}

/**
 * Runs a user's command through the shell, streaming its output line by line
 * to `progress` (indented). A non-zero exit is an InputError quoting the
 * command and its last output lines, on one line.
 */
export async function runShellCommand({ command, cwd, progress, signal, tail = 5 }: ShellCommand): Promise<void> {
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
    // In perf-gate's process group, so that Ctrl-C in a terminal reaches the command too.
    const child = spawn(command, { cwd, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    const abort = () => child.kill("SIGTERM");
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    // Decoded as text per stream, so a character split across chunks stays whole.
    child.stdout.setEncoding("utf8").on("data", onData("stdout"));
    child.stderr.setEncoding("utf8").on("data", onData("stderr"));
    child.on("error", reject);
    child.on("close", (code, sig) => {
      signal?.removeEventListener("abort", abort);
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
