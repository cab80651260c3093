import * as core from "@actions/core";
import { z } from "zod";
import { PairPolicy } from "../config/schema.ts";
import { InputError, describeZodError } from "../errors.ts";
import { Mode } from "../github/context.ts";

/** An empty input (not given, outside a workflow) means the default, as in action.yml. */
const or = <S extends z.ZodType<unknown, string>>(fallback: string, schema: S) =>
  z
    .string()
    .transform((v) => (v.trim() === "" ? fallback : v.trim()))
    .pipe(schema);
const optional = z.string().transform((v) => (v.trim() === "" ? undefined : v.trim()));
const Bool = z.enum(["true", "false"], { error: 'expected "true" or "false"' }).transform((v) => v === "true");
const OnOff = z.enum(["on", "off"], { error: 'expected "on" or "off"' }).transform((v) => v === "on");
/** An optional positive integer: empty means not given. */
const optionalInt = (what: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .transform((v) => v.trim())
    .refine((v) => v === "" || (/^\d+$/.test(v) && Number(v) > 0 && Number(v) <= max), `expected ${what}`)
    .transform((v) => (v === "" ? undefined : Number(v)));

/** Every action input, read once and validated; a bad value names the input. */
export const ActionInputs = z.object({
  config: or("perf-gate.config.json", z.string()),
  set: or("quick", z.enum(["quick", "full"], { error: 'expected "quick" or "full"' })),
  threshold: z
    .string()
    .transform((v) => (v.trim() === "" ? undefined : Number(v.trim().replace(/%$/, ""))))
    .refine((v) => v === undefined || (Number.isFinite(v) && v > 0), "must be a positive percentage"),
  baseline: optional,
  "fail-on-regression": or("true", Bool),
  "report-path": or("perf-gate-report.json", z.string()),
  mode: or("auto", Mode),
  "baseline-artifact": or("perf-gate-baseline", z.string().regex(/^[^"<>|*?:\\/\r\n]+$/, "not a valid artifact name")),
  "baseline-run-id": optionalInt("a workflow run id (a positive integer)"),
  "result-artifact": or("perf-gate-result", z.string().regex(/^[^"<>|*?:\\/\r\n]+$/, "not a valid artifact name")),
  "retention-days": optionalInt("a number of days from 1 to 90", 90),
  "github-token": z.string(),
  comment: or("on", OnOff),
  "comment-id": optional.refine((v) => v === undefined || /^[\w.-]{1,64}$/.test(v), "expected letters, digits, dot, dash or underscore (at most 64)"),
  pair: optional.pipe(PairPolicy.optional()),
  /** The old name of `pair`: `on-regression` is `flagged`. */
  confirm: optional.pipe(z.enum(["off", "on-regression", "always"], { error: 'expected "off", "on-regression" or "always" (write `pair` instead)' }).optional()),
  /** The job's matrix values as JSON (`toJSON(matrix)` by default): they name this job's artifacts and comment. */
  matrix: optional.refine((v) => v === undefined || v.length <= 4096, "longer than 4096 characters"),
  /** This job's part of the set, `i/n`: the job measures its part and leaves it for the `merge` job. */
  shard: optional.refine((v) => v === undefined || /^\s*\d+\s*\/\s*\d+\s*$/.test(v), "expected i/n, e.g. 1/2"),
});
export type ActionInputs = z.infer<typeof ActionInputs>;

export const INPUT_NAMES = Object.keys(ActionInputs.shape);

export function parseInputs(read: (name: string) => string): ActionInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, read(name)]));
  const parsed = ActionInputs.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "inputs");
    // Never echo the token back.
    const problem = field === "github-token" ? "invalid token" : describeZodError(parsed.error, 1);
    throw new InputError(`input "${field}"`, problem);
  }
  return parsed.data;
}

/** The pairing policy the inputs ask for (`pair`, or the old `confirm`), undefined for the config's. */
export function pairPolicyInput(inputs: ActionInputs): PairPolicy | undefined {
  if (inputs.pair) return inputs.pair;
  if (inputs.confirm) return inputs.confirm === "on-regression" ? "flagged" : inputs.confirm;
  return undefined;
}

export function readInputs(): ActionInputs {
  return parseInputs((name) => core.getInput(name));
}
