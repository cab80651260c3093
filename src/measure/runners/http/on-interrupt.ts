/**
 * Clean-ups that must run when perf-gate is interrupted (SIGINT, SIGTERM,
 * SIGHUP) or exits while something it started still runs: stopping a server,
 * removing a temp dir. A signal runs them, then is raised again so that the
 * process ends as the signal meant; `finally` blocks never get that chance.
 */
type Cleanup = () => void;

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const cleanups = new Set<Cleanup>();

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // One failed clean-up must not keep the others from running.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", runAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off("exit", runAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Registers a synchronous clean-up; the returned function unregisters it (after a normal clean-up). */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}
