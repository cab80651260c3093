import { z } from "zod";
import { Sets } from "./sets.ts";
import { ImportFormat } from "../measure/runners/importers/formats.ts";
import { SuiteName } from "../measure/runners/importers/naming.ts";

// The `sets` field every benchmark kind has (config.ts imports this file, so it cannot import config.ts back).

/**
 * Results of another tool: `file` (relative to the config) in `format`,
 * optionally produced first by `command` (run through the shell in the config's
 * directory), so the results are re-measured on every run.
 */
export const ImportSpec = z
  .object({
    kind: z.literal("import"),
    format: ImportFormat,
    file: z.string().min(1),
    /** Suite of the imported metrics; each format has a default (hyperfine, pytest, go, ...). */
    suite: SuiteName.optional(),
    command: z.string().min(1).optional(),
    sets: Sets,
  })
  .strict();
export type ImportSpec = z.infer<typeof ImportSpec>;
