import { InputError } from "../../errors.ts";
import { readInputText } from "../../files.ts";

/** Reads another tool's output file as text; a missing or unreadable file is an InputError naming it. */
export async function readInputFile(path: string, hint = ""): Promise<string> {
  try {
    // A byte-order mark (editors and shells on Windows write one) is not part of the data.
    return (await readInputText(path)).replace(/^\uFEFF/, "");
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(path, `file not found${hint}`);
    if (code === "EISDIR") throw new InputError(path, "is a directory, expected a results file");
    throw new InputError(path, `cannot read file (${code ?? "unknown error"})`);
  }
}
