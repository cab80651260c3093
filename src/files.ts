import { mkdir, open, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import { InputError, describeZodError } from "./errors.ts";
import { REPORT_SCHEMA, Report } from "./report.ts";
import { checkReport } from "./report-checks.ts";
import { plainMetrics, plainSampleRecord } from "./plain-report.ts";

/** Default cap on an input file (Report, config, imported results), in MB. */
export const DEFAULT_MAX_INPUT_MB = 64;

/** The cap on input files: `PERF_GATE_MAX_INPUT_MB` when set to a positive number, else 64 MB. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PERF_GATE_MAX_INPUT_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_INPUT_MB) * 1024 * 1024;
}

/**
 * Reads an input file as text, refusing one over the size cap before reading
 * it: a 155 MB baseline would otherwise take minutes and gigabytes to parse.
 */
export async function readInputText(path: string, limit = maxInputBytes()): Promise<string> {
  return (await readInputBytes(path, limit)).toString("utf8");
}

/** The bytes of an input file, refused past the size limit before anything is read. */
export async function readInputBytes(path: string, limit = maxInputBytes()): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size > limit) {
      throw new InputError(path, `is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${(limit / 1024 / 1024).toFixed(0)} MB limit for input files (PERF_GATE_MAX_INPUT_MB raises it)`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Reads and parses a JSON file; every failure is an InputError naming the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readInputText(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(path, "file not found");
    if (code === "EISDIR") throw new InputError(path, "is a directory, expected a JSON file");
    throw new InputError(path, `cannot read file (${code ?? "unknown error"})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(path, `invalid JSON (${(error as Error).message})`);
  }
}

/** Validates data against a schema, or throws an InputError naming the file, field and problem. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, source: string, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new InputError(source, `not a valid ${what}: ${describeZodError(result.error)}`);
  return result.data;
}

/** Parses a Report, telling apart "not a Report" and "a Report of another version". */
export function parseReport(data: unknown, source: string): Report {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new InputError(source, "not a perf-gate Report (expected a JSON object)");
  }
  const schema = (data as { schema?: unknown }).schema;
  if (schema === undefined) throw new InputError(source, `not a perf-gate Report (no "schema" field; expected "${REPORT_SCHEMA}")`);
  if (typeof schema === "string" && schema.startsWith("perf-gate/report@") && schema !== REPORT_SCHEMA) {
    throw new InputError(source, `unsupported Report schema version "${schema}" (this perf-gate reads "${REPORT_SCHEMA}")`);
  }
  if (schema !== REPORT_SCHEMA) throw new InputError(source, `not a perf-gate Report (schema is ${JSON.stringify(schema)}, expected "${REPORT_SCHEMA}")`);
  const report = parseCommonShape(data) ?? parseWith(Report, data, source, "Report");
  checkReport(report, source);
  return report;
}

/**
 * The Report schema's result, with the metrics and sample sets checked in
 * plain code (plain-report.ts) and the rest by the schema; undefined when
 * any of them finds anything amiss, so that the whole schema words the error
 * as always.
 */
function parseCommonShape(data: object): Report | undefined {
  const given: unknown = Reflect.get(data, "samples");
  const samples = given === undefined && !("samples" in data) ? {} : plainSampleRecord(given);
  if (!samples || !Object.hasOwn(data, "metrics")) return undefined;
  const metrics = plainMetrics(Reflect.get(data, "metrics"));
  if (!metrics) return undefined;
  const rest = Report.safeParse({ ...data, metrics: [], samples: {} });
  return rest.success ? { ...rest.data, metrics, samples } : undefined;
}

export async function loadReport(path: string): Promise<Report> {
  return parseReport(await readJsonFile(path), path);
}

/**
 * Creates the missing directories above `path` one level at a time. Node's
 * recursive mkdir loops forever where a parent refuses new entries with
 * ENOENT (under /proc); this walks at most the path's depth.
 */
async function makeParents(path: string): Promise<void> {
  const missing: string[] = [];
  let dir = dirname(path);
  for (;;) {
    try {
      if (!(await stat(dir)).isDirectory()) throw new InputError(path, `cannot write: ${dir} is not a directory`);
      break;
    } catch (error) {
      if (error instanceof InputError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") throw new InputError(path, `cannot write: a parent of ${dir} is not a directory`);
      if (code !== "ENOENT" || dirname(dir) === dir) throw new InputError(path, `cannot write: ${dir} is not usable (${code ?? "unknown error"})`);
      missing.push(dir);
      dir = dirname(dir);
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw new InputError(path, `cannot create the directory ${d} (${code ?? "unknown error"})`);
    }
  }
}

/** Refuses, before any work, an output path that names a directory. */
export async function checkOutputPath(path: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) throw new InputError(path, "is a directory, expected a file name to write");
}

/** Writes a file the user named (--out, --markdown, --json); every failure is an InputError naming it. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await makeParents(path);
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EISDIR") throw new InputError(path, "is a directory, expected a file name to write");
    throw new InputError(path, `cannot write file (${code ?? "unknown error"})`);
  }
}

export async function writeJsonFile(path: string, data: unknown): Promise<void> {
  await writeTextFile(path, JSON.stringify(data, null, 2) + "\n");
}
