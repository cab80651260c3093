import { firstBad } from "./number-array.ts";
import { BenchmarkKind, Direction, LIMITS, Metric, type SampleSet } from "./schema.ts";

/**
 * A Report's `samples` as the Report schema would give them, checked in
 * plain loops; undefined when anything in them is not plainly valid (then the
 * schema itself parses them, and words any error). A Report of 10,000 metrics
 * carries 10,000 sample sets: parsed one by one as schema objects they cost
 * more than the rest of the comparison's bookkeeping.
 *
 * What passes here passes the schema (`z.record(name, SampleSet)`) with this
 * very output: each set rebuilt with only the schema's keys, in its order,
 * the arrays themselves kept (test/report/plain-report.test.ts holds the two to
 * the same results).
 */
export function plainSampleRecord(input: unknown): Record<string, SampleSet> | undefined {
  if (!isPlainObject(input)) return undefined;
  const out: Record<string, SampleSet> = {};
  for (const key of Reflect.ownKeys(input)) {
    if (typeof key !== "string" || key.length < 1 || key.length > LIMITS.name || key === "__proto__") return undefined;
    if (!Object.prototype.propertyIsEnumerable.call(input, key)) return undefined;
    const set = plainSampleSet(Reflect.get(input, key));
    if (!set) return undefined;
    out[key] = set;
  }
  return out;
}

/**
 * A Report's `metrics` as the Report schema would give them: the common
 * shape checked in plain code, any other metric by the Metric schema;
 * undefined when any metric is invalid (then the whole schema words the error).
 */
export function plainMetrics(input: unknown): Metric[] | undefined {
  if (!Array.isArray(input) || input.length > LIMITS.metrics) return undefined;
  const out: Metric[] = new Array<Metric>(input.length);
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i];
    const metric = plainMetric(item) ?? Metric.safeParse(item).data;
    if (!metric) return undefined;
    out[i] = metric;
  }
  return out;
}

const KINDS: ReadonlySet<unknown> = new Set(BenchmarkKind.options);
const DIRECTIONS: ReadonlySet<unknown> = new Set(Direction.options);
const METRIC_KEYS = new Set(["id", "suite", "benchmark", "stat", "kind", "unit", "direction", "value", "samples", "estimator"]);

const isName = (value: unknown): value is string => typeof value === "string" && value.length >= 1 && value.length <= LIMITS.name;

/** A metric of the common shape (no `extra`, own plain fields), rebuilt as the schema would; else undefined. */
function plainMetric(item: unknown): Metric | undefined {
  if (!isPlainObject(item)) return undefined;
  for (const key of Object.keys(item)) if (!METRIC_KEYS.has(key)) return undefined;
  const m = item as Record<string, unknown>;
  const { id, suite, benchmark, stat, kind, unit, direction, value, samples } = m;
  if (!isName(id) || !isName(suite) || !isName(benchmark) || !isName(stat)) return undefined;
  if (!KINDS.has(kind) || !DIRECTIONS.has(direction) || typeof unit !== "string" || unit.length < 1 || unit.length > LIMITS.unit) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  const out: Metric = { id, suite, benchmark, stat, kind: kind as Metric["kind"], unit, direction: direction as Metric["direction"], value };
  if ("samples" in m) {
    if (!isName(samples)) return undefined;
    out.samples = samples;
  }
  if ("estimator" in m) {
    const estimator = plainEstimator(m.estimator);
    if (!estimator) return undefined;
    out.estimator = estimator;
  }
  return out;
}

function plainEstimator(value: unknown): Metric["estimator"] {
  if (!isPlainObject(value)) return undefined;
  const e = value as Record<string, unknown>;
  const keys = Object.keys(e);
  switch (e.kind) {
    case "mean":
    case "median":
    case "max":
      return keys.length === 1 ? { kind: e.kind } : undefined;
    case "quantile":
      return keys.length === 2 && typeof e.q === "number" && Number.isFinite(e.q) && e.q > 0 && e.q < 1 ? { kind: "quantile", q: e.q } : undefined;
    case "rate":
      return keys.length === 2 && typeof e.scale === "number" && Number.isFinite(e.scale) && e.scale > 0 ? { kind: "rate", scale: e.scale } : undefined;
    default:
      return undefined;
  }
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An array of numbers that passes the schema's check, or undefined (absent or not plainly valid: `ok` false). */
function numbers(set: object, key: string, whole: boolean): { ok: boolean; values?: number[] } {
  if (!Object.hasOwn(set, key)) return { ok: !(key in set) };
  const value: unknown = Reflect.get(set, key);
  if (!Array.isArray(value) || firstBad(value, whole) >= 0) return { ok: false };
  return { ok: true, values: value };
}

function plainSampleSet(set: unknown): SampleSet | undefined {
  if (!isPlainObject(set)) return undefined;
  const unit: unknown = Reflect.get(set, "unit");
  if (!Object.hasOwn(set, "unit") || typeof unit !== "string" || unit.length < 1 || unit.length > LIMITS.unit) return undefined;
  const values = numbers(set, "values", false);
  const rounds = numbers(set, "rounds", true);
  const blocks = numbers(set, "blocks", true);
  if (!values.values || !rounds.ok || !blocks.ok) return undefined;
  const out: SampleSet = { unit, values: values.values };
  if (rounds.values) out.rounds = rounds.values;
  if (blocks.values) out.blocks = blocks.values;
  return out;
}
