import { styleText } from "node:util";
import type { Comparison, Row, Verdict } from "../report/comparison.ts";
import { consistent } from "./consistent.ts";
import { terminalText, TEXT_CAP } from "./escape.ts";
import { artifactCell, changeCell, environmentLine, headline, isPaired, noteText, pairingLine, valueCell, VERDICT_LABEL } from "./labels.ts";
import { groupBenchmarks } from "./benchmarks.ts";
import { sparkline, trendMark } from "./sparkline.ts";
import { notesOf } from "./reasons.ts";
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
  return Array.from(text).length;
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
  const trend = c.rows.some((r) => (r.trend?.length ?? 0) >= 2);
  const header = ["verdict", "benchmark", paired ? "base" : "baseline", paired ? "head" : "current", "change [95% CI]"];
  if (paired) header.push("vs main");
  if (trend) header.push("trend on main");
  const cellsOf = (r: Row, verdict: string, label: string): string[] => {
    const row = [verdict, label, valueCell(r.baseline, r.unit, terminalText), valueCell(r.current, r.unit, terminalText), changeCell(r)];
    if (paired) row.push(artifactCell(r));
    if (trend) row.push(sparkline(r.trend, trendMark(r)));
    return row;
  };
  // One line per benchmark (its headline statistic, the verdict of its worst), then the statistics under it.
  const lines: Array<{ row: Row; cells: string[]; style: Verdict; own?: string }> = [];
  const groups = groupBenchmarks(c.rows);
  for (const g of groups) {
    const [main, ...more] = g.headline;
    const name = `${terminalText(g.suite, TEXT_CAP.name)}/${terminalText(g.benchmark, TEXT_CAP.name)} ${terminalText(main!.stat, TEXT_CAP.unit)}`;
    const own = g.worst === main ? undefined : `${terminalText(main!.stat, TEXT_CAP.unit)}: ${VERDICT_LABEL[main!.verdict]}`;
    lines.push({ row: main!, cells: cellsOf(main!, VERDICT_LABEL[g.worst.verdict], name), style: g.worst.verdict, own });
    for (const r of [...more, ...g.differing])
      lines.push({
        row: r,
        cells: cellsOf(r, r.verdict === main!.verdict && !g.differing.includes(r) ? "" : VERDICT_LABEL[r.verdict], `  ↳ ${terminalText(r.stat, TEXT_CAP.unit)}`),
        style: r.verdict,
      });
  }
  // A loop, not Math.max(...cells): the row count is unbounded.
  const widths = header.map((h) => width(h));
  for (const { cells } of lines) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, width(cell))));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i]!, i >= 2 && i < (paired ? 6 : 5))).join("  ");
  const out: string[] = [paint("bold", terminalText(headline(c, groups), TEXT_CAP.note)), "", paint("bold", line(header))];
  const under = hotPathNotes(c, false);
  for (const { row, cells, style, own } of lines) {
    const notes = [own, noteText(row, terminalText)].filter(Boolean).join("; ");
    out.push(paint(VERDICT_STYLE[style], line(cells)) + (notes ? paint("gray", `  ${notes}`) : ""));
    for (const line of under.get(row.id) ?? []) out.push(`    ↳ ${terminalText(line, TEXT_CAP.note)}`);
  }
  out.push("");
  for (const line of bottleneckLines(c, false)) out.push(`bottleneck: ${terminalText(line, TEXT_CAP.note)}`);
  const pairing = pairingLine(c, terminalText);
  if (pairing) out.push(`note: ${pairing}`);
  for (const note of notesOf(c)) out.push(`note: ${terminalText(note, TEXT_CAP.note)}`);
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
