const BARS = "▁▂▃▄▅▆▇█";

/**
 * A sparkline of the baseline branch's recent values, then `→` and this run's
 * value on the same scale, so the reader sees where it lands against the trend.
 * Empty when there are fewer than two earlier values to draw.
 */
export function sparkline(trend: readonly number[] | undefined, current: number | undefined): string {
  if (!trend || trend.length < 2) return "";
  const values = current === undefined ? trend : [...trend, current];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const bar = (v: number) => (hi === lo ? BARS[3]! : BARS[Math.min(BARS.length - 1, Math.floor(((v - lo) / (hi - lo)) * BARS.length))]!);
  const line = trend.map(bar).join("");
  return current === undefined ? line : `${line}→${bar(current)}`;
}

/**
 * Where this run lands on main's trend. A paired row's head was measured on
 * this runner, whose speed is not main's: its place is main's latest value
 * moved by the paired change, which the runner's speed does not touch.
 */
export function trendMark(row: { trend?: number[]; current?: number; change?: number; source?: "paired" | "artifact" }): number | undefined {
  const last = row.trend?.at(-1);
  if (row.source === "paired" && row.change !== undefined && last !== undefined) return last * (1 + row.change);
  return row.current;
}
