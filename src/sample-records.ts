import { firstBad } from "./number-array.ts";
import { LIMITS, type SampleSet } from "./report.ts";

/**
 * A Report's `samples` as the Report schema would give them, checked in
 * plain loops; undefined when anything in them is not plainly valid (then the
 * schema itself parses them, and words any error). A Report of 10,000 metrics
 * carries 10,000 sample sets: parsed one by one as schema objects they cost
 * more than the rest of the comparison's bookkeeping.
 *
 * What passes here passes the schema (`z.record(name, SampleSet)`) with this
 * very output: each set rebuilt with only the schema's keys, in its order,
 * the arrays themselves kept (test/sample-records.test.ts holds the two to
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
