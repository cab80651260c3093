import type { z } from "zod";
import { InputError, describeZodError } from "../errors.ts";
import { REPORT_SCHEMA, Report } from "./schema.ts";
import { checkReport } from "./checks.ts";
import { plainMetrics, plainSampleRecord } from "./plain-report.ts";

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
