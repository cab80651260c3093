import { expect } from "vitest";
import { InputError } from "../../src/errors.ts";
import { type Metric, Report } from "../../src/report/schema.ts";
import { type ImportFormat, importResults } from "../../src/measure/runners/importers/formats.ts";
import type { RunnerOutput } from "../../src/measure/runners/types.ts";

/** Where the importers' real fixtures live (provenance in its README). */
export const FIXTURES = "test/fixtures/import";

/** Whatever the format, an importer's output must fit the Report schema. */
export function fitsReport(output: RunnerOutput): RunnerOutput {
  Report.parse({
    schema: "perf-gate/report@1",
    tool: { name: "t", version: "0" },
    set: "quick",
    environment: { node: "", os: "", platform: "", arch: "", cpuModel: "", cores: 1, memoryBytes: 0, timestamp: "" },
    ...output,
  });
  return output;
}

export function byId(output: RunnerOutput, id: string): Metric {
  const m = output.metrics.find((x) => x.id === id);
  if (!m) throw new Error(`no metric ${id}; have ${output.metrics.map((x) => x.id).join(", ")}`);
  return m;
}

export function samplesOf(output: RunnerOutput, id: string): number[] {
  return output.samples[byId(output, id).samples!]!.values;
}

export const ids = (out: RunnerOutput): string[] => out.metrics.map((m) => m.id);

/** The one-line InputError that importing `text` (from `path`) as `format` throws, checked to name the file. */
export function importErrorOf(format: ImportFormat, text: string, path: string): string {
  try {
    importResults(format, text, path);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`importing ${path} as ${format} did not fail`);
}
