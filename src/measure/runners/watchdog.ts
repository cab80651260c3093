import { Worker } from "node:worker_threads";

/**
 * A deadline for user code run in this process (a benchmark task, a hook, a
 * module's top level), in two layers:
 *
 * - A timer on the main thread rejects `guard()` when the deadline passes: this
 *   ends a promise that never settles cleanly, with an InputError and exit 2
 *   (without it Node would exit 13 once nothing else is pending).
 * - A synchronous infinite loop never yields to that timer, and nothing in the
 *   process can interrupt it but another thread. A watchdog thread therefore
 *   waits a little longer; if the main thread is still stuck, it writes the same
 *   one-line error to stderr itself and ends the process with exit status 2
 *   through the inspector (Runtime.evaluate runs on the stuck thread as an
 *   interrupt), so `exit` handlers still stop servers and remove temp dirs. Where
 *   the inspector is unavailable it kills the process.
 *
 * Measuring in a child process would also do, but would change what is measured
 * (module loading, JIT state, the baseline's conditions); the watchdog changes
 * nothing while the code runs.
 */
export interface Deadline {
  /** Runs `work` under a deadline of `seconds`; rejects with `error()` when it passes. */
  guard<T>(seconds: number, message: string, error: () => Error, work: () => Promise<T>): Promise<T>;
  /** Moves the current deadline: a new phase of the same work (the next task of a round). */
  extend(seconds: number, message: string, error: () => Error): void;
  /** Stops the watchdog thread. */
  close(): void;
}

/** Extra time the watchdog thread gives the main thread's own timer before it acts. */
export const WATCHDOG_GRACE_SECONDS = 2;

const WATCHDOG_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { writeSync, closeSync } = require("node:fs");
let timer;
parentPort.on("message", (m) => {
  clearTimeout(timer);
  if (m.stop) return parentPort.close();
  if (m.ms === undefined) return;
  timer = setTimeout(() => fire(m.message), m.ms);
});
function fire(message) {
  try { writeSync(2, "perf-gate: " + message + "\\n"); } catch {}
  try {
    const { Session } = require("node:inspector");
    const session = new Session();
    session.connectToMainThread();
    // fd 2 closed first: Node would otherwise print a line about the attached inspector after ours.
    session.post("Runtime.evaluate", { expression: "process.getBuiltinModule('node:fs').closeSync(2); process.exit(2)" }, () => {});
    setTimeout(() => process.kill(process.pid, "SIGKILL"), 5000).unref();
  } catch {
    process.kill(process.pid, "SIGKILL");
  }
}
`;

export function createDeadline(): Deadline {
  let worker: Worker | undefined;
  let reject: ((error: Error) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  function post(message: object): void {
    worker ??= new Worker(WATCHDOG_SOURCE, { eval: true, stdout: false, stderr: false });
    worker.unref();
    worker.postMessage(message);
  }

  function arm(seconds: number, message: string, error: () => Error): void {
    clearTimeout(timer);
    timer = setTimeout(() => reject?.(error()), seconds * 1000);
    post({ ms: (seconds + WATCHDOG_GRACE_SECONDS) * 1000, message });
  }

  function disarm(): void {
    clearTimeout(timer);
    timer = undefined;
    reject = undefined;
    worker?.postMessage({});
  }

  return {
    async guard(seconds, message, error, work) {
      const expired = new Promise<never>((_, rej) => (reject = rej));
      arm(seconds, message, error);
      try {
        return await Promise.race([work(), expired]);
      } finally {
        disarm();
      }
    },
    extend(seconds, message, error) {
      if (reject) arm(seconds, message, error);
    },
    close() {
      disarm();
      worker?.postMessage({ stop: true });
      worker = undefined;
    },
  };
}
