import { z } from "zod";
import { InputError } from "../../errors.ts";
import { checkMeasured } from "../../report-checks.ts";
import type { RunnerOutput } from "../types.ts";
import { importBenchmarkJs } from "./benchmarkjs.ts";
import { importCustom } from "./custom.ts";
import { importGo } from "./go.ts";
import { importHyperfine } from "./hyperfine.ts";
import type { ImportOptions, Importer } from "./imported.ts";
import { importPytest } from "./pytest.ts";

/**
 * Formats by name. `customBiggerIsBetter` / `customSmallerIsBetter` are the
 * custom list with a direction for entries that carry no flag (the names
 * github-action-benchmark gives them); `pytest-benchmark` is `pytest`.
 */
const FORMATS = {
  custom: { importer: importCustom, suite: "custom" },
  customBiggerIsBetter: { importer: importCustom, suite: "custom", direction: "higher-is-better" },
  customSmallerIsBetter: { importer: importCustom, suite: "custom", direction: "lower-is-better" },
  hyperfine: { importer: importHyperfine, suite: "hyperfine" },
  pytest: { importer: importPytest, suite: "pytest" },
  "pytest-benchmark": { importer: importPytest, suite: "pytest" },
  go: { importer: importGo, suite: "go" },
  benchmarkjs: { importer: importBenchmarkJs, suite: "benchmarkjs" },
} satisfies Record<string, { importer: Importer; suite: string; direction?: ImportOptions["direction"] }>;

export const IMPORT_FORMATS = Object.keys(FORMATS) as Array<keyof typeof FORMATS>;
export const ImportFormat = z.enum(IMPORT_FORMATS as [keyof typeof FORMATS, ...Array<keyof typeof FORMATS>]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** The format named by the user, or an InputError listing the formats. */
export function importFormat(name: string, source: string): ImportFormat {
  const parsed = ImportFormat.safeParse(name);
  if (!parsed.success) throw new InputError(source, `unknown import format "${name}" (expected one of: ${IMPORT_FORMATS.join(", ")})`);
  return parsed.data;
}

/** The suite metrics of a format land in when none is chosen. */
export function defaultSuite(format: ImportFormat): string {
  return FORMATS[format].suite;
}

/** Another tool's output as metrics and samples; malformed input is an InputError naming `source`. */
export function importResults(format: ImportFormat, text: string, source: string, options: ImportOptions = {}): RunnerOutput {
  const entry: { importer: Importer; direction?: ImportOptions["direction"] } = FORMATS[format];
  const output = entry.importer(text, source, { ...options, direction: options.direction ?? entry.direction });
  checkMeasured(output, source);
  return output;
}
