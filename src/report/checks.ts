import { describeZodError, InputError } from "../errors.ts";
import { type Estimator, Report } from "./schema.ts";
import { familyOfUnit } from "./units.ts";

/** Smallest and largest of some values (infinite for none). */
interface Range {
  lo: number;
  hi: number;
}

function rangeOf(values: readonly number[]): Range {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

/**
 * Whether a value could have come from these samples: within their range (for
 * a rate, the range of `scale / sample`). Stored samples are thinned per round
 * to evenly spaced ranks, keeping each round's fastest and slowest; so the
 * range survives thinning exactly, but neither a mean (a round's slowest
 * iteration, a GC pause, weighs thousands of times more than it did) nor a
 * quantile (rounds of 100,000 and of 1,000 iterations weigh the same) does.
 * Recomputing them would refuse honest Reports; the range refuses a value
 * that none of its samples supports.
 */
function agrees(estimator: Estimator, value: number, range: Range): boolean {
  const { min, max } = bounds(estimator, range);
  const slack = 1e-9 * Math.max(Math.abs(min), Math.abs(max));
  return value >= min - slack && value <= max + slack;
}

/** The values an estimator can take over samples in this range. */
function bounds(estimator: Estimator, { lo, hi }: Range): { min: number; max: number } {
  return estimator.kind === "rate" ? { min: estimator.scale / hi, max: estimator.scale / lo } : { min: lo, max: hi };
}

/** Units in which nothing can be negative: times, sizes, rates and counts. */
function nonNegative(unit: string): boolean {
  return familyOfUnit(unit) !== undefined || ["ops/s", "req/s", "allocs", "ops", "count"].includes(unit);
}

/**
 * What the schema cannot say about a Report: metric ids are unique, every
 * sample key exists, rounds match values, nothing is negative where it cannot
 * be, and each value agrees with its samples under its estimator. Throws an
 * InputError naming the field.
 */
export function checkReport(report: Pick<Report, "metrics" | "samples">, source: string): void {
  const seen = new Map<string, number>();
  report.metrics.forEach((m, i) => {
    const first = seen.get(m.id);
    if (first !== undefined) throw new InputError(source, `metrics[${i}].id: "${m.id}" appears twice (also metrics[${first}])`);
    seen.set(m.id, i);
  });
  // One pass over each sample set's values (a Report holds millions), shared by the metrics that read it.
  const ranges = new Map<string, Range>();
  const unitIsNonNegative = new Map<string, boolean>();
  const cannotBeNegative = (unit: string) => {
    let known = unitIsNonNegative.get(unit);
    if (known === undefined) unitIsNonNegative.set(unit, (known = nonNegative(unit)));
    return known;
  };
  for (const [key, set] of Object.entries(report.samples)) {
    if (set.rounds && set.rounds.length !== set.values.length) {
      throw new InputError(source, `samples.${key}.rounds: ${set.rounds.length} entries for ${set.values.length} values`);
    }
    if (set.blocks && set.blocks.length !== set.values.length) {
      throw new InputError(source, `samples.${key}.blocks: ${set.blocks.length} entries for ${set.values.length} values`);
    }
    const range = rangeOf(set.values);
    ranges.set(key, range);
    if (range.lo < 0 && cannotBeNegative(set.unit)) {
      const j = set.values.findIndex((v) => v < 0);
      throw new InputError(source, `samples.${key}.values[${j}]: ${set.values[j]} is negative, impossible in ${set.unit}`);
    }
  }
  report.metrics.forEach((m, i) => {
    if (m.value < 0 && cannotBeNegative(m.unit)) throw new InputError(source, `metrics[${i}].value: ${m.value} is negative, impossible in ${m.unit}`);
    if (m.samples === undefined) return;
    const set = report.samples[m.samples];
    if (!set) throw new InputError(source, `metrics[${i}].samples: no sample set "${m.samples}" in samples`);
    if (!m.estimator || set.values.length === 0) return;
    const range = ranges.get(m.samples) ?? rangeOf(set.values);
    if (!agrees(m.estimator, m.value, range)) {
      const { min, max } = bounds(m.estimator, range);
      throw new InputError(source, `metrics[${i}].value: ${m.value} disagrees with its samples "${m.samples}" (expected within their range ${min} to ${max})`);
    }
  });
}

const Measured = Report.pick({ metrics: true, samples: true });

/**
 * What a runner made of another tool's output, held to what a Report must be
 * (the schema and the checks above), so that no Report is written that
 * perf-gate would refuse to read back.
 */
export function checkMeasured(output: Pick<Report, "metrics" | "samples">, source: string): void {
  const parsed = Measured.safeParse(output);
  if (!parsed.success) throw new InputError(source, `gives no valid metrics: ${describeZodError(parsed.error)}`);
  checkReport(parsed.data, source);
}
