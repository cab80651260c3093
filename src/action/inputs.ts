import * as core from "@actions/core";
import { z } from "zod";
import { InputError, describeZodError } from "../errors.ts";

const Bool = z.enum(["true", "false"]).transform((v) => v === "true");

/** Every action input, read once and validated; a bad value names the input. */
export const ActionInputs = z.object({
  config: z.string().min(1),
  set: z.enum(["quick", "full"]),
  threshold: z
    .string()
    .transform((v) => (v.trim() === "" ? undefined : Number(v.replace(/%$/, ""))))
    .refine((v) => v === undefined || (Number.isFinite(v) && v > 0), "must be a positive percentage"),
  baseline: z.string().transform((v) => (v.trim() === "" ? undefined : v)),
  "fail-on-regression": Bool,
  "report-path": z.string().min(1),
});
export type ActionInputs = z.infer<typeof ActionInputs>;

export function readInputs(read: (name: string) => string = (name) => core.getInput(name)): ActionInputs {
  const raw = Object.fromEntries(Object.keys(ActionInputs.shape).map((name) => [name, read(name)]));
  const parsed = ActionInputs.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "inputs");
    throw new InputError(`input "${field}"`, describeZodError(parsed.error));
  }
  return parsed.data;
}
