import type { Report } from "../report/schema.ts";
import type { Finding } from "../report/reason.ts";

export interface SpeedAdjustment {
  /** Multiplies the current run's function timings to put them on the baseline machine's scale. */
  timeFactor: number;
  finding?: Finding;
}

/** Speed differences on one CPU model worth a mention (they are never adjusted for). */
const MENTION_ABOVE = 0.05;

/**
 * Compares the calibration workload of the two runs. On a different CPU model,
 * function timings are scaled by the speed ratio; the workload is fixed code,
 * so user changes cannot hide in it. On the same CPU model a speed difference
 * means a busier machine, which the calibration (a few milliseconds of work)
 * samples too poorly to scale by: measured here, scaling by it turned stable
 * medians into false alarms. It is mentioned, and left to the intervals.
 */
export function machineSpeed(baseline: Report | undefined, current: Report): SpeedAdjustment {
  if (!baseline) return { timeFactor: 1 };
  const baseCpu = baseline.environment.cpuModel;
  const curCpu = current.environment.cpuModel;
  const otherCpu = baseCpu !== curCpu;
  const a = baseline.calibration?.value;
  const b = current.calibration?.value;
  if (!a || !b) return { timeFactor: 1, finding: otherCpu ? { kind: "other-cpu", baseline: baseCpu, current: curCpu } : undefined };
  const ratio = b / a; // > 1: this machine is slower
  const slower = ratio - 1;
  if (otherCpu) {
    const factor = 1 / ratio;
    return { timeFactor: factor, finding: { kind: "other-cpu", baseline: baseCpu, current: curCpu, calibration: { slower, factor } } };
  }
  if (Math.abs(slower) > MENTION_ABOVE) return { timeFactor: 1, finding: { kind: "busier-machine", slower } };
  return { timeFactor: 1 };
}
