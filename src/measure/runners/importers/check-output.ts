import { InputError } from "../../../errors.ts";
import type { RunnerOutput } from "../types.ts";

/**
 * The last word before a Report is written: every value is finite after unit
 * conversion (1e307 s is finite, in ms it is not, and JSON would write it as
 * null, which perf-gate could not read back), and no two metrics share an id.
 */
export function checkOutput(output: RunnerOutput, source: string): void {
  const byId = new Map<string, string>();
  for (const m of output.metrics) {
    const name = typeof m.extra?.name === "string" ? `"${m.extra.name}"` : m.benchmark;
    if (!Number.isFinite(m.value)) throw new InputError(source, `${name}: ${m.stat} is out of range in ${m.unit} (${m.value})`);
    const other = byId.get(m.id);
    if (other !== undefined) throw new InputError(source, `${name} and ${other} would both be imported as ${m.id}`);
    byId.set(m.id, name);
  }
  for (const [key, set] of Object.entries(output.samples)) {
    const bad = set.values.find((v) => !Number.isFinite(v));
    if (bad !== undefined) throw new InputError(source, `${key}: a sample is out of range in ${set.unit} (${bad})`);
  }
  if (output.metrics.length === 0) throw new InputError(source, "no results found");
}
