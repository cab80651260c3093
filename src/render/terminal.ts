import { styleText } from "node:util";
import type { Comparison, Row, Verdict } from "../comparison.ts";
import { bottleneckLines } from "./bottlenecks.ts";
import { hotPathNotes, profileFilesLine } from "./hot-paths.ts";
import { artifactCell, changeCell, environmentLine, headline, isPaired, metricLabel, pairingLine, valueCell, VERDICT_LABEL } from "./labels.ts";

type Style = Parameters<typeof styleText>[0];
const VERDICT_STYLE: Record<Verdict, Style> = {
  regression: ["red", "bold"],
  "over-budget": ["red", "bold"],
  inconclusive: "yellow",
  improvement: "green",
  new: "cyan",
  missing: "gray",
  unchanged: "gray",
};

/** Display width, counting wide characters (µ is narrow) as one column. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, right = false): string {
  const gap = " ".repeat(Math.max(0, size - width(text)));
  return right ? gap + text : text + gap;
}

/** A plain-text table for the terminal; colour only when `color` is true (a TTY, no NO_COLOR). */
export function renderTerminal(c: Comparison, options: { color: boolean }): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const paired = isPaired(c);
  const header = paired ? ["verdict", "metric", "base", "head", "change [95% CI]", "vs main"] : ["verdict", "metric", "baseline", "current", "change [95% CI]"];
  const cells = c.rows.map((r: Row) => {
    const row = [VERDICT_LABEL[r.verdict], metricLabel(r), valueCell(r.baseline, r.unit), valueCell(r.current, r.unit), changeCell(r)];
    if (paired) row.push(artifactCell(r));
    return row;
  });
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((row) => width(row[i]!))));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i]!, i >= 2)).join("  ");
  const out: string[] = [paint("bold", headline(c)), "", paint("bold", line(header))];
  const under = hotPathNotes(c, false);
  c.rows.forEach((row, i) => {
    const text = line(cells[i]!);
    const note = row.note || row.budget ? paint("gray", `  ${[row.budget ? `budget ${row.budget.text}` : "", row.note ?? ""].filter(Boolean).join("; ")}`) : "";
    out.push(paint(VERDICT_STYLE[row.verdict], text) + note);
    for (const line of under.get(row.id) ?? []) out.push(`    ↳ ${line}`);
  });
  out.push("");
  for (const line of bottleneckLines(c, false)) out.push(`bottleneck: ${line}`);
  const pairing = pairingLine(c);
  if (pairing) out.push(`note: ${pairing}`);
  for (const note of c.notes) out.push(`note: ${note}`);
  const profileFiles = profileFilesLine(c, false);
  if (profileFiles) out.push(`note: ${profileFiles}`);
  if (paired) {
    out.push(paint("gray", `runner:   ${environmentLine({ ...c.current, commit: undefined })}`));
    if (c.artifactBaseline) out.push(paint("gray", `vs main:  ${environmentLine(c.artifactBaseline)}`));
  } else {
    if (c.baseline) out.push(paint("gray", `baseline: ${environmentLine(c.baseline)}`));
    out.push(paint("gray", `current:  ${environmentLine(c.current)}`));
  }
  if (c.score !== undefined) out.push(`budgets met: ${c.score}%`);
  out.push(paint("gray", `threshold: ${c.threshold}% degradation`));
  return out.join("\n") + "\n";
}
