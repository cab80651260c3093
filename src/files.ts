import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import { InputError, describeZodError } from "./errors.ts";
import { REPORT_SCHEMA, Report } from "./report.ts";
import { checkReport } from "./report-checks.ts";

/** Reads and parses a JSON file; every failure is an InputError naming the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
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
  const report = parseWith(Report, data, source, "Report");
  checkReport(report, source);
  return report;
}

export async function loadReport(path: string): Promise<Report> {
  return parseReport(await readJsonFile(path), path);
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

export async function writeJsonFile(path: string, data: unknown): Promise<void> {
  await writeTextFile(path, JSON.stringify(data, null, 2) + "\n");
}
