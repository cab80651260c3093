import type { Bottleneck, Comparison } from "../report/comparison.ts";
import { formatValue } from "../report/units.ts";
import { functionLabel } from "./hot-paths.ts";

const SEVERITY: Record<Bottleneck["severity"], { icon: string; word: string }> = {
  critical: { icon: "🔴", word: "critical" },
  warning: { icon: "🟡", word: "warning" },
};

function value(v: number | undefined, unit: string | undefined): string {
  if (v === undefined) return "?";
  if (unit === "×") return `${v.toFixed(1)}×`;
  return formatValue(v, unit ?? "");
}

function describe(b: Bottleneck, markdown: boolean): string {
  const sites = (b.sites ?? []).map((s) => functionLabel(s, { markdown })).join(", ");
  switch (b.issue) {
    case "regression":
      return `${b.current !== undefined ? `${b.current >= 0 ? "+" : ""}${b.current.toFixed(1)}% worse` : "worse"}, threshold ${value(b.target, b.unit)}`;
    case "over-budget":
      return `over budget: ${value(b.current, b.unit)} against a target of ${value(b.target, b.unit)}`;
    case "leak":
      return `likely memory leak${b.current !== undefined ? `: kept memory grows ${value(b.current, b.unit)} per round` : ""}${sites ? `; growing allocation sites: ${sites}` : ""}`;
    case "gc":
      return `more time in garbage collection: ${value(b.current, b.unit)} against ${value(b.target, b.unit)}; fewer or smaller allocations would help`;
    case "tail-latency":
      return `tail variance: p99 is ${value(b.current, b.unit)} p50; look for blocking work, locks or GC pauses on some requests`;
    case "errors-under-load":
      return `errors or timeouts appear under load: ${value(b.current, b.unit)} (base: none)`;
    case "cpu-saturated":
      return `throughput fell while the server's CPU was saturated (${value(b.current, b.unit)} of a core): the added work per request is the limit`;
  }
}

function code(text: string, markdown: boolean): string {
  return markdown ? "`" + text.replace(/[`\r\n]/g, " ") + "`" : text;
}

/** Issues the table already shows, row by row, with their severity. */
const IN_TABLE: ReadonlySet<Bottleneck["issue"]> = new Set(["regression", "over-budget"]);

/** One line per bottleneck, most severe first; `hints` keeps only those the table does not show. */
export function bottleneckLines(c: Comparison, markdown: boolean, hints = false): string[] {
  const list = [...(c.bottlenecks ?? [])].filter((b) => !hints || !IN_TABLE.has(b.issue)).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1));
  return list.map((b) => {
    const sev = SEVERITY[b.severity];
    const label = markdown ? `${sev.icon} **${sev.word}**` : sev.word;
    return `${label} ${code(b.component, markdown)}: ${describe(b, markdown)}`;
  });
}

/** The bottlenecks the table does not show (leaks, GC, tail latency, errors, CPU) as a markdown block for the comment, or nothing. */
export function bottleneckSection(c: Comparison): string {
  const lines = bottleneckLines(c, true, true);
  if (lines.length === 0) return "";
  const shown = lines.slice(0, 12);
  const more = lines.length - shown.length;
  return `\n<details><summary>Bottlenecks: ${lines.length}</summary>\n\n${shown.map((l) => `- ${l}`).join("\n")}${more > 0 ? `\n- and ${more} more in the JSON report` : ""}\n</details>\n`;
}
