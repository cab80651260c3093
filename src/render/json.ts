import type { Comparison } from "../report/comparison.ts";

/** The machine-readable comparison, stable key order, newline-terminated. */
export function renderJson(c: Comparison): string {
  return JSON.stringify(c, null, 2) + "\n";
}
