import { z } from "zod";
import { stripAnsi } from "./decode.ts";

/**
 * Benchmark names from other tools become the `benchmark` part of metric ids
 * (`suite/benchmark.stat`), which are matched by globs: `/` separates the suite,
 * `.` the statistic, `*` and `?` are wildcards, and spaces make ids awkward to
 * quote. What is kept: letters, digits and `_ - = + , : ( ) [ ] @ #`.
 */
const KEPT = /[A-Za-z0-9_\-=+,:()[\]@#]/;
const MAX_LENGTH = 80;

/** A suite name given by the user: the same characters as sanitised names, nothing else. */
export const SuiteName = z
  .string()
  .min(1)
  .max(MAX_LENGTH)
  .regex(/^[A-Za-z0-9_\-=+,:()[\]@#]+$/, "must use only letters, digits and _ - = + , : ( ) [ ] @ # (no spaces, slashes or dots)");

/** FNV-1a, 32 bits, as 8 hex digits: a short stable tag for one original name. */
export function stableHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * A stable id-safe form of a name: `/` becomes `:` (sub-benchmarks), `.` becomes
 * `_` (decimals), any other run of unusual characters `-`. Long names are cut
 * and tagged with a hash of the whole, so two long names stay apart.
 */
export function sanitiseName(name: string): string {
  let out = "";
  for (const ch of stripAnsi(name).trim()) {
    if (KEPT.test(ch)) out += ch;
    else if (ch === "/") out += ":";
    else if (ch === ".") out += "_";
    else out += "-";
  }
  out = out
    .replace(/-+/g, "-")
    .replace(/-*:-*/g, ":")
    .replace(/^[-:]+|[-:]+$/g, "");
  if (out === "") return `b-${stableHash(name)}`;
  if (out.length > MAX_LENGTH) return `${out.slice(0, MAX_LENGTH - 9)}-${stableHash(name)}`;
  return out;
}

/**
 * Ids for a list of benchmarks, each given by its displayed name and its full
 * identity (e.g. a package path with the name). Names that sanitise alike but
 * belong to different identities get a hash of their identity appended, so
 * every benchmark keeps one id from run to run. An identity that appears again
 * (hyperfine given the same command twice) keeps its place: the second gets
 * `#2`, the third `#3`, and a note says so, since merging them would compare
 * different measurements.
 */
export function benchmarkIds(items: ReadonlyArray<{ name: string; identity: string }>): { ids: string[]; notes: string[] } {
  const plain = items.map((i) => sanitiseName(i.name));
  const identities = new Map<string, Set<string>>();
  items.forEach((item, i) => {
    const set = identities.get(plain[i]!) ?? new Set<string>();
    set.add(item.identity);
    identities.set(plain[i]!, set);
  });
  const base = items.map((item, i) => (identities.get(plain[i]!)!.size > 1 ? `${plain[i]}-${stableHash(item.identity)}` : plain[i]!));
  const seen = new Map<string, number>();
  const repeated = new Map<string, { name: string; ids: string[] }>();
  const ids = items.map((item, i) => {
    const count = (seen.get(item.identity) ?? 0) + 1;
    seen.set(item.identity, count);
    if (count === 1) return base[i]!;
    const id = `${base[i]}#${count}`;
    const entry = repeated.get(item.identity) ?? { name: item.name, ids: [base[i]!] };
    entry.ids.push(id);
    repeated.set(item.identity, entry);
    return id;
  });
  const notes = [...repeated.values()].map((r) => `"${r.name}" appears ${r.ids.length} times; imported in order as ${r.ids.join(", ")}`);
  return { ids, notes };
}
