// A noisy neighbour for benchmarks and tests: processes that compete for the
// cores with a random duty cycle, as other jobs on a shared runner do. Started
// and stopped by whoever measures; it ends by itself after `seconds` too, so a
// crashed benchmark never leaves it spinning.
import { type ChildProcess, spawn } from "node:child_process";

export interface NoiseOptions {
  /** Competing processes (one per core makes the machine busy). */
  processes?: number;
  /** Range of the share of time each process spins, drawn anew every cycle. */
  duty?: [number, number];
  /** Range of one on/off cycle, in milliseconds, drawn anew every cycle. */
  cycleMs?: [number, number];
  /** Hard stop, in seconds. */
  seconds?: number;
}

export interface Noise {
  pids: number[];
  stop(): Promise<void>;
}

// Runs in the child: spin for duty x cycle, sleep for the rest, until the deadline
// or until its parent is gone (an orphan is adopted by another process).
const SCRIPT = `
const [dutyLo, dutyHi, cycleLo, cycleHi, seconds, parent] = process.argv.slice(1).map(Number);
const end = Date.now() + seconds * 1000;
const pause = new Int32Array(new SharedArrayBuffer(4));
let sink = 0;
while (Date.now() < end && process.ppid === parent) {
  const cycle = cycleLo + Math.random() * (cycleHi - cycleLo);
  const duty = dutyLo + Math.random() * (dutyHi - dutyLo);
  const busyUntil = Date.now() + cycle * duty;
  while (Date.now() < busyUntil) sink += Math.sqrt(sink + 1);
  Atomics.wait(pause, 0, 0, cycle * (1 - duty));
}
`;

/** Starts the competing processes; `stop()` ends exactly those, by pid. */
export function startNoise(options: NoiseOptions = {}): Noise {
  const count = options.processes ?? 2;
  const [dutyLo, dutyHi] = options.duty ?? [0.1, 1];
  const [cycleLo, cycleHi] = options.cycleMs ?? [20, 400];
  const seconds = options.seconds ?? 3600;
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(spawn(process.execPath, ["-e", SCRIPT, String(dutyLo), String(dutyHi), String(cycleLo), String(cycleHi), String(seconds), String(process.pid)], { stdio: "ignore" }));
  }
  return {
    pids: children.map((c) => c.pid ?? -1),
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGKILL");
            }),
        ),
      );
    },
  };
}
