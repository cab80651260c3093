import type { z } from "zod";

/**
 * Bad input from the user: a missing or malformed file, an invalid config or
 * argument. The CLI prints `message` as one line and exits 2; the action fails
 * with it. `source` names the file (or input) at fault.
 */
export class InputError extends Error {
  readonly source: string;
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = "InputError";
    this.source = source;
  }
}

/** One readable line for the first few zod issues: `field.path: problem; ...`. */
export function describeZodError(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : "";
  return parts.join("; ") + more;
}

/** Any thrown value as a message, without a stack. */
/** A value from an input file as short text: strings and numbers as they are, anything else as JSON. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? String(value);
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}
