import { pathToFileURL } from "node:url";
import { z } from "zod";
import { InputError, describeZodError, messageOf } from "../../errors.ts";

type TaskFn = () => unknown;
const TaskFn = z.custom<TaskFn>((v) => typeof v === "function", "expected a function");
const Hook = z.custom<() => unknown>((v) => typeof v === "function", "expected a function");

/**
 * What a benchmark file exports: a suite, or an array of them, as the default
 * export or as `suites`. Tasks are plain functions (sync or async).
 */
export const Suite = z.object({
  name: z
    .string()
    .min(1)
    .regex(/^[^\s/]+$/, "must have no spaces or slashes"),
  tasks: z
    .record(
      z
        .string()
        .min(1)
        .regex(/^[^\s/]+$/, "must have no spaces or slashes"),
      TaskFn,
    )
    .refine((t) => Object.keys(t).length > 0, "must have at least one task"),
  setup: Hook.optional(),
  teardown: Hook.optional(),
});
export type Suite = z.infer<typeof Suite>;

export async function loadSuites(file: string): Promise<Suite[]> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" && messageOf(error).includes(file)) throw new InputError(file, "benchmark file not found");
    throw new InputError(file, `cannot load benchmark file: ${messageOf(error).split("\n")[0]}`);
  }
  const exported = mod.default ?? mod.suites;
  if (exported === undefined) throw new InputError(file, "exports no suites (expected `export default { name, tasks }` or `export const suites = [...]`)");
  const list = Array.isArray(exported) ? exported : [exported];
  const parsed = z.array(Suite).safeParse(list);
  if (!parsed.success) throw new InputError(file, `invalid suite export: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
