import { InputError } from "../../../errors.ts";
import { readInputBytes } from "../../../io/files.ts";
import { decodeText } from "./decode.ts";

/** Reads another tool's output file as text; a missing or unreadable file is an InputError naming it. */
export async function readInputFile(path: string, hint = ""): Promise<string> {
  try {
    return decodeText(await readInputBytes(path));
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(path, `file not found${hint}`);
    if (code === "EISDIR") throw new InputError(path, "is a directory, expected a results file");
    throw new InputError(path, `cannot read file (${code ?? "unknown error"})`);
  }
}

/** All of a stream (standard input) as text, decoded as a file would be. */
export async function readInputStream(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return decodeText(Buffer.concat(chunks));
}
