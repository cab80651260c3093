import type { CallFrame } from "./v8-profile.ts";
import type { FunctionRef } from "./schema.ts";

/** Frames V8 adds that are not JavaScript functions: kept apart (GC) or left out (idle). */
const ENGINE = new Set(["(garbage collector)", "(program)", "(idle)", "(root)"]);
/** Engine frames that are not time spent on the operation. */
export const NOT_WORK = new Set(["(idle)", "(root)", "(program)"]);

/** V8's built-in functions (no script): their cost is their caller's. */
export const BUILTINS = "(V8 built-ins)";

/** A script URL as a path: `file:///a/b.js` -> `/a/b.js`; other URLs unchanged. */
function pathOf(url: string): string {
  if (!url.startsWith("file://")) return url;
  try {
    return decodeURIComponent(url.slice("file://".length));
  } catch {
    return url.slice("file://".length);
  }
}

/** The package a path inside node_modules belongs to (`@scope/name` or `name`). */
function packageOf(path: string): string {
  const rest = path.slice(path.lastIndexOf("/node_modules/") + "/node_modules/".length).split("/");
  return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? "?");
}

/**
 * What a frame counts as: the project's own function (file relative to the
 * side's repository root), a dependency (one entry per package), Node's
 * internals (one entry), an engine frame, or code outside the checkout (the
 * measuring harness). `roots` are the side's repository roots, with a trailing `/`.
 */
export function frameRef(frame: CallFrame, roots: readonly string[]): FunctionRef {
  const name = frame.functionName || "(anonymous)";
  const url = frame.url;
  if (!url) return ENGINE.has(frame.functionName) ? { name: frame.functionName, group: "engine" } : { name: BUILTINS, group: "engine" };
  if (url.startsWith("node:") || !/^(file:\/\/|\/|[A-Za-z]:[\\/])/.test(url)) return { name: "(node internals)", group: "node" };
  const path = pathOf(url);
  if (path.includes("/node_modules/")) return { name: packageOf(path), group: "node_modules" };
  const root = roots.find((r) => path.startsWith(r));
  if (!root) return { name, file: path.split("/").pop(), group: "external" };
  return { name, file: path.slice(root.length), line: frame.lineNumber + 1, group: "app" };
}

/** A function's identity across base and head: its name and file, not its line (lines move between commits). */
export function refKey(ref: FunctionRef): string {
  switch (ref.group) {
    case "app":
    case "external":
      return `${ref.group}\u0000${ref.file ?? ""}\u0000${ref.name}`;
    default:
      return `${ref.group}\u0000${ref.name}`;
  }
}
