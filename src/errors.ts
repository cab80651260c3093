import type { z } from "zod";

/** Exit statuses of the CLI, shared by the Action's failure: what the user can act on is told apart from a defect. */
export const EXIT = { ok: 0, regression: 1, badInput: 2, internal: 3 } as const;

/**
 * Bad input from the user: a missing or malformed file, an invalid config or
 * argument. It carries its exit status (2): the CLI prints `message` as one
 * line and exits with it; the Action fails with an annotation naming `source`,
 * the file (or input) at fault.
 */
export class InputError extends Error {
  readonly source: string;
  readonly exitCode = EXIT.badInput;
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = "InputError";
    this.source = source;
  }
}

/**
 * Whether an error is a defect of perf-gate's own code rather than something
 * outside it failing (an outage, a refusal, a broken file): a ReferenceError,
 * or a TypeError that is not fetch's report of a network failure. A defect
 * fails the step; only outside failures may become a notice.
 */
export function isDefect(error: unknown): boolean {
  if (error instanceof ReferenceError) return true;
  return error instanceof TypeError && !(error.message === "fetch failed" || "cause" in error);
}

/** Rethrows a defect (see isDefect), so that no catch turns one into a note. */
export function rethrowDefect(error: unknown): void {
  if (isDefect(error)) throw error;
}

/** What a thrown value means at an edge: bad input (2, with the file or input at fault) or a defect of perf-gate (3). */
export type Failure = { exitCode: typeof EXIT.badInput; source: string; message: string } | { exitCode: typeof EXIT.internal; message: string; stack?: string };

/** Classifies any thrown value, so that the CLI and the Action report it alike; nothing else turns an error into bad input. */
export function failureOf(error: unknown): Failure {
  if (error instanceof InputError) return { exitCode: error.exitCode, source: error.source, message: error.message };
  // node:util parseArgs: an unknown option or a missing value is the user's to fix.
  if (error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS")) {
    return { exitCode: EXIT.badInput, source: "arguments", message: `arguments: ${error.message}` };
  }
  return { exitCode: EXIT.internal, message: `internal error: ${messageOf(error)}`, stack: error instanceof Error ? error.stack : undefined };
}

/** One readable line for the first few zod issues: `field.path: problem; ...`. */
export function describeZodError(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replace(/\.\[/g, "[");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : "";
  return parts.join("; ") + more;
}

/** A value from an input file as short text: strings and numbers as they are, anything else as JSON. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Any thrown value as a message, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}
