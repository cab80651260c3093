import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.ts";
import { type WorkerReply, WorkerReply as ReplySchema, type WorkerRequest } from "./worker-protocol.ts";

/** The worker entry beside this module: the .ts source under tests, the bundle's own file in dist/. */
const WORKER_PATH = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./function-worker.ts" : "./pair-worker.js", import.meta.url));

export interface SideWorker {
  readonly pid: number | undefined;
  request(message: WorkerRequest, timeoutMs: number): Promise<WorkerReply>;
  /** Asks the worker to tear down, then ends it if it does not; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts one side's worker process in `cwd` with `env`. Requests go one at a
 * time; a request that does not answer within its timeout ends the worker (a
 * task stuck in an endless loop cannot be interrupted from inside).
 */
export function startSideWorker(options: { cwd: string; env: NodeJS.ProcessEnv; label: string; v8Flags?: string[] }): SideWorker {
  const execArgv = options.v8Flags ? [...process.execArgv, ...options.v8Flags] : undefined;
  const child: ChildProcess = fork(WORKER_PATH, [], { cwd: options.cwd, env: options.env, execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
  let pending: { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void } | undefined;
  let exited = false;
  child.on("message", (message: unknown) => {
    const parsed = ReplySchema.safeParse(message);
    const waiter = pending;
    pending = undefined;
    if (!waiter) return;
    if (parsed.success) waiter.resolve(parsed.data);
    else waiter.reject(new Error(`${options.label} worker sent a malformed reply`));
  });
  child.on("exit", (code, signal) => {
    exited = true;
    pending?.reject(new Error(`${options.label} worker exited (${signal ?? `code ${code}`})`));
    pending = undefined;
  });
  child.on("error", (error) => {
    pending?.reject(error);
    pending = undefined;
  });
  const stop = () => {
    if (!exited) child.kill("SIGKILL");
  };
  return {
    pid: child.pid,
    request(message, timeoutMs) {
      if (exited) return Promise.reject(new Error(`${options.label} worker is not running`));
      return new Promise<WorkerReply>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending = undefined;
          stop();
          const what = message.type === "batch" || message.type === "profile" ? `task "${message.key}"` : `"${message.type}"`;
          reject(new InputError(options.label, `${what} did not finish within ${Math.round(timeoutMs / 1000)} s; stopped its worker`));
        }, timeoutMs);
        pending = {
          resolve: (reply) => {
            clearTimeout(timer);
            resolve(reply);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        child.send(message);
      });
    },
    async close() {
      if (exited) return;
      await this.request({ type: "close" }, 10_000).catch(() => undefined);
      stop();
    },
  };
}

/** A reply of the expected type, or the worker's error as an InputError naming its file. */
export function expectReply<T extends WorkerReply["type"]>(reply: WorkerReply, type: T): Extract<WorkerReply, { type: T }> {
  if (reply.type === "error") throw new InputError(reply.source, reply.message);
  if (reply.type !== type) throw new Error(`worker answered "${reply.type}" where "${type}" was expected`);
  return reply as Extract<WorkerReply, { type: T }>;
}
