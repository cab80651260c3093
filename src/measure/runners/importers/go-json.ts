import { z } from "zod";
import { InputError } from "../../../errors.ts";

/** One event of `go test -json` (test2json). */
const GoTestEvent = z.object({
  Action: z.string(),
  Package: z.string().optional(),
  Test: z.string().optional(),
  Output: z.string().optional(),
});

/**
 * The text output of each package in `go test -json` events, in the order
 * packages first appear; undefined when the text is not such events. Output
 * events can split a line (a benchmark's name, then its result), so the text
 * is joined back before it is read.
 */
export function goJsonToText(text: string, source: string): Array<{ pkg: string; output: string }> | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  const packages = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      if (index === 0) return undefined;
      throw new InputError(source, `line ${index + 1}: expected one \`go test -json\` event (a JSON object), got "${line.slice(0, 80)}"`);
    }
    const event = GoTestEvent.safeParse(data);
    if (!event.success) {
      if (index === 0) return undefined;
      throw new InputError(source, `line ${index + 1}: not a \`go test -json\` event (no "Action")`);
    }
    const pkg = event.data.Package ?? "";
    if (event.data.Action === "output" && event.data.Output !== undefined) packages.set(pkg, (packages.get(pkg) ?? "") + event.data.Output);
    else if (!packages.has(pkg)) packages.set(pkg, "");
  }
  return [...packages].map(([pkg, output]) => ({ pkg, output }));
}
