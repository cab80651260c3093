import type { Comparison, Row } from "../report/comparison.ts";
import type { BenchmarkProfile, FunctionChange, FunctionRef, ProfileDiff, Profiles } from "../profile/schema.ts";
import { convert, formatValue } from "../report/units.ts";
import { inlineMarkdown, plainLine, terminalText, TEXT_CAP } from "./escape.ts";

/** How locations are written: markdown with links to the head commit's lines, or plain text. */
export interface LocationStyle {
  markdown: boolean;
  /** `https://github.com/owner/name/blob/<sha>/`, when the repository and head commit are known. */
  blobBase?: string;
}

const SHOWN = 3;

/** Names from a profile are the head's code, which a fork controls: inert text everywhere. */
function code(text: string, markdown: boolean): string {
  if (!markdown) return terminalText(text, TEXT_CAP.name);
  return "`" + plainLine(text, TEXT_CAP.name).replace(/[`]/g, " ").replace(/\|/g, "\\|") + "`";
}

/** Text safe as markdown (link text, plain words from a profile): no live mention, link, HTML or bidi. */
function plain(text: string, markdown: boolean): string {
  return markdown ? inlineMarkdown(text, TEXT_CAP.name) : terminalText(text, TEXT_CAP.name);
}

function location(ref: FunctionRef, style: LocationStyle): string {
  if (ref.group !== "app" || !ref.file) return "";
  const text = `${ref.file}${ref.line ? `:${ref.line}` : ""}`;
  if (!style.markdown || !style.blobBase) return ` (${plain(text, style.markdown)})`;
  const href = style.blobBase + ref.file.split("/").map(encodeURIComponent).join("/") + (ref.line ? `#L${ref.line}` : "");
  return ` ([${plain(text, true)}](${href}))`;
}

/** A function, or the group it stands for (a package, Node's internals, the garbage collector). */
export function functionLabel(ref: FunctionRef, style: LocationStyle): string {
  switch (ref.group) {
    case "node_modules":
      return `${code(ref.name, style.markdown)} (node_modules)`;
    case "node":
      return "Node internals";
    case "engine":
      return ref.name === "(garbage collector)" ? "garbage collection" : plain(ref.name, style.markdown);
    default:
      return code(ref.name, style.markdown) + location(ref, style);
  }
}

function amount(value: number, diff: ProfileDiff): string {
  const sign = value >= 0 ? "+" : "−";
  return `${sign}${formatValue(Math.abs(value), diff.unit)}/${diff.per === "op" ? "op" : "req"}`;
}

function shares(functions: FunctionChange[], style: LocationStyle): string {
  return functions
    .slice(0, SHOWN)
    .map((f) => `${Math.round(f.share * 100)}% in ${functionLabel(f, style)}`)
    .join(", ");
}

/**
 * "+0.21 ms/op: 78% in `normalize` (lib/text.js:12); new in head: `slugifyCache` (lib/text.js:40)".
 * `measured` is the added time per call the paired measurement found, when known: it is the
 * trustworthy figure; the profile tells how it divides.
 */
export function cpuLine(diff: ProfileDiff, style: LocationStyle, measured?: string): string | undefined {
  const parts: string[] = [];
  if (diff.functions.length) parts.push(`${measured ?? amount(diff.added, diff)}: ${shares(diff.functions, style)}`);
  const fresh = diff.newInHead.filter((r) => r.group === "app");
  if (fresh.length)
    parts.push(
      `new in head: ${fresh
        .slice(0, SHOWN)
        .map((r) => functionLabel(r, style))
        .join(", ")}`,
    );
  return parts.length ? parts.join("; ") : undefined;
}

/** The lines under a profiled row: where the time went, then memory, then a leak. */
export function profileLines(profile: BenchmarkProfile, style: LocationStyle, measured?: string): string[] {
  if (profile.error) return [`not profiled: ${plain(profile.error, style.markdown)}`];
  const lines: string[] = [];
  const cpu = profile.cpu && cpuLine(profile.cpu, style, measured);
  if (cpu) lines.push(cpu);
  const alloc = profile.allocated;
  if (alloc && alloc.functions.length && alloc.added > 0 && alloc.added >= 0.1 * Math.max(alloc.base, 1)) {
    lines.push(`allocates ${amount(alloc.added, alloc)}: ${shares(alloc.functions, style)}`);
  }
  if (profile.leak?.length) {
    const sites = profile.leak.slice(0, SHOWN).map((f) => `${functionLabel(f, style)} ${amount(f.added, profile.retained!)}`);
    lines.push(`likely leak: memory kept after each ${profile.retained?.per === "req" ? "request" : "call"} grows at ${sites.join(", ")}`);
  }
  return lines;
}

/**
 * A function benchmark's added time per call as measured, e.g. "+210 µs/op":
 * the annotated row when it is a time that grew, else the benchmark's mean row
 * when it grew; undefined otherwise (the profile's own figure is used then).
 */
function measuredPerCall(c: Comparison, row: Row): string | undefined {
  if (row.kind !== "function") return undefined;
  const mean = c.rows.find((r) => r.suite === row.suite && r.benchmark === row.benchmark && r.stat === "mean");
  const grew = [row, mean].find((r) => r?.baseline !== undefined && r.current !== undefined && r.current > r.baseline && convert(1, r.unit, "ms") !== undefined);
  if (!grew) return undefined;
  return `+${formatValue(grew.current! - grew.baseline!, grew.unit)}/op`;
}

/** The profile of a row's benchmark, if one was taken. */
function profileOf(profiles: Profiles, row: Row): BenchmarkProfile | undefined {
  return profiles.benchmarks.find((b) => b.benchmark === `${row.suite}/${row.benchmark}`);
}

function blobBase(profiles: Profiles): string | undefined {
  if (!profiles.repository || !profiles.headCommit) return undefined;
  return `${profiles.serverUrl ?? "https://github.com"}/${profiles.repository}/blob/${profiles.headCommit}/`;
}

/**
 * Lines to show under rows: for each profiled benchmark, under its first
 * failing row only (its other stats share the profile). Keyed by row id.
 */
export function hotPathNotes(c: Comparison, markdown: boolean): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!c.profiles) return out;
  const style: LocationStyle = { markdown, blobBase: markdown ? blobBase(c.profiles) : undefined };
  const done = new Set<BenchmarkProfile>();
  for (const row of c.rows) {
    if (row.verdict !== "regression" && row.verdict !== "over-budget") continue;
    const profile = profileOf(c.profiles, row);
    if (!profile || done.has(profile)) continue;
    done.add(profile);
    const lines = profileLines(profile, style, measuredPerCall(c, row));
    if (lines.length) out.set(row.id, lines);
  }
  return out;
}

/** Extra markdown table rows under a row: the profile's lines in the metric column. */
export function hotPathRows(notes: Map<string, string[]>, row: Row, columns: number): string {
  const lines = notes.get(row.id);
  if (!lines) return "";
  return lines.map((line) => `| ↳ | ${line} |${" |".repeat(columns - 2)}\n`).join("");
}

/** Where the profile files are: a line for the notes, or nothing. */
export function profileFilesLine(c: Comparison, markdown: boolean): string | undefined {
  const p = c.profiles;
  if (!p || !p.benchmarks.some((b) => b.files)) return undefined;
  const what = `CPU profiles (.cpuprofile, for Chrome DevTools or speedscope) and differential flame graphs of base and head`;
  if (p.artifact) {
    const name = markdown ? code(p.artifact.name, true) : p.artifact.name;
    return `${what}: workflow artifact ${p.artifact.url && markdown ? `[${name}](${p.artifact.url})` : name} (${p.seconds} s of profiling after measuring).`;
  }
  if (p.dir) return `${what}: ${markdown ? code(p.dir, true) : p.dir} (${p.seconds} s of profiling after measuring).`;
  return undefined;
}
