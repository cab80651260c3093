import { styleText } from "node:util";
import type { Comparison, Row, Verdict } from "../comparison.ts";
import { consistent } from "./consistent.ts";
import { terminalText, TEXT_CAP } from "./escape.ts";
import { artifactCell, changeCell, environmentLine, headline, isPaired, metricLabel, noteText, pairingLine, valueCell, VERDICT_LABEL } from "./labels.ts";
import { bottleneckLines } from "./bottlenecks.ts";
import { hotPathNotes, profileFilesLine } from "./hot-paths.ts";

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
export function renderTerminal(given: Comparison, options: { color: boolean }): string {
  const c = consistent(given);
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const paired = isPaired(c);
  const header = paired ? ["verdict", "metric", "base", "head", "change [95% CI]", "vs main"] : ["verdict", "metric", "baseline", "current", "change [95% CI]"];
  const cells = c.rows.map((r: Row) => {
    const row = [VERDICT_LABEL[r.verdict], metricLabel(r, terminalText), valueCell(r.baseline, r.unit, terminalText), valueCell(r.current, r.unit, terminalText), changeCell(r)];
    if (paired) row.push(artifactCell(r));
    return row;
  });
  // A loop, not Math.max(...cells): the row count is unbounded.
  const widths = header.map((h) => width(h));
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, width(cell))));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i]!, i >= 2)).join("  ");
  const out: string[] = [paint("bold", headline(c)), "", paint("bold", line(header))];
  const under = hotPathNotes(c, false);
  c.rows.forEach((row, i) => {
    const text = line(cells[i]!);
    const notes = noteText(row, terminalText);
    out.push(paint(VERDICT_STYLE[row.verdict], text) + (notes ? paint("gray", `  ${notes}`) : ""));
    for (const line of under.get(row.id) ?? []) out.push(`    ↳ ${terminalText(line, TEXT_CAP.note)}`);
  });
  out.push("");
  for (const line of bottleneckLines(c, false)) out.push(`bottleneck: ${terminalText(line, TEXT_CAP.note)}`);
  const pairing = pairingLine(c, terminalText);
  if (pairing) out.push(`note: ${pairing}`);
  for (const note of c.notes) out.push(`note: ${terminalText(note, TEXT_CAP.note)}`);
  const profileFiles = profileFilesLine(c, false);
  if (profileFiles) out.push(`note: ${terminalText(profileFiles, TEXT_CAP.note)}`);
  if (paired) {
    out.push(paint("gray", `runner:   ${environmentLine({ ...c.current, commit: undefined }, terminalText)}`));
    if (c.artifactBaseline) out.push(paint("gray", `vs main:  ${environmentLine(c.artifactBaseline, terminalText)}`));
  } else {
    if (c.baseline) out.push(paint("gray", `baseline: ${environmentLine(c.baseline, terminalText)}`));
    out.push(paint("gray", `current:  ${environmentLine(c.current, terminalText)}`));
  }
  if (c.score !== undefined) out.push(`budgets met: ${c.score}%`);
  out.push(paint("gray", `threshold: ${c.threshold}% degradation`));
  return out.join("\n") + "\n";
}
