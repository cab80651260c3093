import type { Report } from "../report/schema.ts";
import { formatPercent } from "../report/units.ts";

export interface SpeedAdjustment {
  /** Multiplies the current run's function timings to put them on the baseline machine's scale. */
  timeFactor: number;
  note?: string;
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
  const otherCpu = baseCpu !== curCpu ? `baseline ran on a different CPU model (${baseCpu} vs ${curCpu} here)` : undefined;
  const a = baseline.calibration?.value;
  const b = current.calibration?.value;
  if (!a || !b) {
    return { timeFactor: 1, note: otherCpu ? `${capital(otherCpu)}; no calibration was recorded, so figures are not adjusted for machine speed.` : undefined };
  }
  const ratio = b / a; // > 1: this machine is slower
  const slower = ratio - 1;
  const speedText = `this runner was ${Math.abs(slower * 100).toFixed(1)}% ${slower > 0 ? "slower" : "faster"} on the calibration workload`;
  if (otherCpu) {
    const factor = 1 / ratio;
    return { timeFactor: factor, note: `${capital(otherCpu)}; ${speedText}, so function timings were adjusted by ${formatPercent(factor - 1)}.` };
  }
  if (Math.abs(slower) > MENTION_ABOVE) return { timeFactor: 1, note: `${capital(speedText)} than the baseline's machine (same CPU model: a busier machine, not a different one), so figures are not adjusted.` };
  return { timeFactor: 1 };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
