import { InputError } from "../errors.ts";
import type { Metric, Report, SampleSet } from "./schema.ts";
import { convert } from "./units.ts";

/**
 * The baseline with each metric in the unit the current Report uses for it,
 * values, samples and run history converted (ms to s, KB to MB, ...), so that a
 * change of unit is not read as a 99.9% change. A change between units that do
 * not convert (ms to ops/s) is refused: the two are not the same metric.
 */
export function alignUnits(baseline: Report, current: Report): Report {
  const currentUnit = new Map(current.metrics.map((m) => [m.id, m.unit]));
  if (baseline.metrics.every((m) => (currentUnit.get(m.id) ?? m.unit) === m.unit)) return baseline;
  const samples: Record<string, SampleSet> = { ...baseline.samples };
  const history: Record<string, number[]> = { ...baseline.history };
  const metrics = baseline.metrics.map((m): Metric => {
    const unit = currentUnit.get(m.id);
    if (unit === undefined || unit === m.unit) return m;
    const factor = convert(1, m.unit, unit);
    if (factor === undefined) {
      throw new InputError(
        `metric "${m.id}"`,
        `unit changed from "${m.unit}" in the baseline to "${unit}" in the current Report, and the two do not convert; rename the metric or refresh the baseline`,
      );
    }
    if (history[m.id]) history[m.id] = history[m.id]!.map((v) => v * factor);
    const converted: Metric = { ...m, unit, value: m.value * factor };
    const set = m.samples ? baseline.samples[m.samples] : undefined;
    if (!set || !m.samples) return converted;
    if (set.unit === m.unit) {
      // A set of its own in the new unit: other metrics may still read the original one.
      const key = `${m.samples}@${unit}`;
      samples[key] = { ...set, unit, values: set.values.map((v) => v * factor) };
      return { ...converted, samples: key };
    }
    // A rate over samples in another unit: the samples stay, the scale takes the conversion.
    if (m.estimator?.kind === "rate") return { ...converted, estimator: { kind: "rate", scale: m.estimator.scale * factor } };
    return { ...converted, samples: undefined, estimator: undefined };
  });
  return { ...baseline, metrics, samples, history: baseline.history ? history : undefined };
}
