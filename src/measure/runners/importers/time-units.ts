import { InputError } from "../../../errors.ts";

/** Nanoseconds per unit, under the names benchmark tools print. */
const NS_PER: Record<string, number> = {
  ps: 1e-3,
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  sec: 1e9,
};

export function isTimeUnit(unit: string): boolean {
  return unit in NS_PER;
}

/** A time in nanoseconds; an unknown unit is an InputError naming `field`. */
export function toNanoseconds(value: number, unit: string, source: string, field: string): number {
  const factor = NS_PER[unit];
  if (factor === undefined) throw new InputError(source, `${field}: unknown time unit "${unit}" (expected one of: ${Object.keys(NS_PER).join(", ")})`);
  return value * factor;
}
