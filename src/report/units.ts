/** Unit families whose members convert into each other; the factor is to the family's base. */
const FAMILIES: Record<string, Record<string, number>> = {
  time: { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000 },
  bytes: { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 },
  byteRate: { "B/s": 1, "KB/s": 1e3, "MB/s": 1e6, "GB/s": 1e9 },
};

/** Units outside the convertible families that perf-gate's runners and importers write. */
const OTHER_UNITS = new Set(["%", "ops/s", "req/s", "allocs", "ops", "count", "x"]);

/** Every unit perf-gate knows, for messages. */
export const KNOWN_UNITS: readonly string[] = [...Object.values(FAMILIES).flatMap((units) => Object.keys(units)), ...OTHER_UNITS];

/** Whether `unit` is one perf-gate knows (and so can show without escaping). */
export function isKnownUnit(unit: string): boolean {
  return OTHER_UNITS.has(unit) || familyOf(unit) !== undefined;
}

/** The convertible family of a unit ("time", "bytes", "byteRate"), if it has one. */
export function familyOfUnit(unit: string): string | undefined {
  return familyOf(unit)?.[0];
}

function familyOf(unit: string): [string, number] | undefined {
  for (const [family, units] of Object.entries(FAMILIES)) {
    // Own keys only: "constructor" or "__proto__" is no unit.
    if (Object.hasOwn(units, unit)) return [family, units[unit]!];
  }
  return undefined;
}

/** Converts `value` from one unit to another; undefined when they are not of one family. */
export function convert(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  const a = familyOf(from);
  const b = familyOf(to);
  if (!a || !b || a[0] !== b[0]) return undefined;
  return (value * a[1]) / b[1];
}

const TIME_STEPS: Array<[string, number]> = [
  ["s", 1000],
  ["ms", 1],
  ["µs", 1e-3],
  ["ns", 1e-6],
];
const BYTE_STEPS: Array<[string, number]> = [
  ["GB", 1e9],
  ["MB", 1e6],
  ["KB", 1e3],
  ["B", 1],
];

// What toLocaleString("en-US", ...) formats with, made once: made per call, it cost 30 µs a number.
const GROUPED = new Intl.NumberFormat("en-US");
const GROUPED_TENTHS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** Three significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return "0";
  if (abs >= 1e6) return GROUPED.format(Math.round(value));
  if (abs >= 100) return GROUPED_TENTHS.format(Math.round(value * 10) / 10);
  return Number(value.toPrecision(3)).toString();
}

function scaled(value: number, unit: string, steps: Array<[string, number]>, base: number): string {
  const inBase = value * base;
  const abs = Math.abs(inBase);
  const step = steps.find(([, factor]) => abs >= factor) ?? steps[steps.length - 1]!;
  return `${formatNumber(inBase / step[1])} ${step[0]}`;
}

/** A value with its unit, scaled to a readable magnitude for time and byte units. */
export function formatValue(value: number, unit: string): string {
  const family = familyOf(unit);
  if (family?.[0] === "time") return scaled(value, unit, TIME_STEPS, family[1]);
  if (family?.[0] === "bytes" && Math.abs(value * family[1]) >= 1000) return scaled(value, unit, BYTE_STEPS, family[1]);
  if (family?.[0] === "byteRate" && Math.abs(value * family[1]) >= 1000)
    return scaled(
      value,
      unit,
      BYTE_STEPS.map(([u, f]) => [`${u}/s`, f]),
      family[1],
    );
  if (unit === "%") return `${formatNumber(value)}%`;
  return `${formatNumber(value)} ${unit}`;
}

/** Signed percentage of a relative change (0.123 -> "+12.3%"). */
export function formatPercent(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return ratio > 0 ? "+∞%" : "-∞%";
  const pct = ratio * 100;
  const fixed = Math.abs(pct) < 0.05 ? "0.0" : Math.abs(pct).toFixed(digits);
  const sign = fixed === "0.0" ? "±" : pct > 0 ? "+" : "−";
  return `${sign}${fixed}%`;
}

/**
 * The readable unit for values around `value` (as formatValue picks it), and
 * the factor that converts a value in `unit` into it: a chart's axis scale.
 */
export function readableUnit(value: number, unit: string): { unit: string; factor: number } {
  const family = familyOf(unit);
  const steps = family?.[0] === "time" ? TIME_STEPS : family?.[0] === "bytes" ? BYTE_STEPS : family?.[0] === "byteRate" ? BYTE_STEPS.map(([u, f]): [string, number] => [`${u}/s`, f]) : undefined;
  if (!family || !steps) return { unit, factor: 1 };
  const abs = Math.abs(value * family[1]);
  const step = steps.find(([, factor]) => abs >= factor) ?? steps[steps.length - 1]!;
  return { unit: step[0], factor: family[1] / step[1] };
}
