// Simulates a baseline measured on another machine, from a real measurement made here.
import type { Metric, Report } from "../../src/report.ts";

export interface OtherMachine {
  /** How much faster the other machine ran the measured code (0.12: 12% less time). */
  codeFaster: number;
  /** How much faster it ran the calibration workload: CPU models do not speed up all code alike. */
  calibrationFaster: number;
  cpuModel: string;
}

/**
 * The same Report as if it had been measured on a faster machine: function
 * timings, their samples and their run history shrink by `codeFaster`, the
 * calibration workload by `calibrationFaster` only, and the CPU model differs.
 * A rule that trusts the calibration fully will see a slowdown in unchanged code.
 */
export function measuredElsewhere(report: Report, machine: OtherMachine): Report {
  const factor = 1 - machine.codeFaster;
  const calibration = 1 - machine.calibrationFaster;
  const timed = new Set(report.metrics.filter((m) => m.kind === "function" && m.samples).map((m) => m.samples!));
  const samples = Object.fromEntries(
    Object.entries(report.samples).map(([key, set]) => [key, timed.has(key) ? { ...set, values: set.values.map((v) => v * factor) } : set]),
  );
  const scaled = (m: Metric, v: number) => (m.direction === "lower-is-better" ? v * factor : v / factor);
  const metrics = report.metrics.map((m): Metric => (m.kind === "function" ? { ...m, value: scaled(m, m.value) } : m));
  // The baseline's history was measured there too.
  const byId = new Map(report.metrics.map((m) => [m.id, m]));
  const history =
    report.history &&
    Object.fromEntries(
      Object.entries(report.history).map(([id, values]) => {
        const m = byId.get(id);
        return [id, m?.kind === "function" ? values.map((v) => scaled(m, v)) : values];
      }),
    );
  return {
    ...report,
    environment: { ...report.environment, cpuModel: machine.cpuModel },
    calibration: report.calibration && {
      ...report.calibration,
      samples: report.calibration.samples.map((v) => v * calibration),
      value: report.calibration.value * calibration,
    },
    metrics,
    samples,
    history,
  };
}
