import type { Comparison, Row } from "../comparison.ts";
import { inlineMarkdown, TEXT_CAP } from "./escape.ts";
import { consistent } from "./consistent.ts";
import { GITHUB_COMMENT_LIMIT, truncateToLimit } from "./comment-limit.ts";
import { renderCompact } from "./compact.ts";
import { artifactCell, changeCell, environmentLine, headline, isPaired, metricLabel, noteText, pairingLine, valueCell, VERDICT_ICON, VERDICT_LABEL } from "./labels.ts";
import { bottleneckSection } from "./bottlenecks.ts";
import { hotPathNotes, hotPathRows, profileFilesLine } from "./hot-paths.ts";

export { GITHUB_COMMENT_LIMIT } from "./comment-limit.ts";

export interface MarkdownOptions {
  /** Hard cap on the output length; rows are dropped (with a note) to stay under it. */
  maxLength?: number;
  /** Extra lines under the title, e.g. links to the run. */
  links?: string[];
  /** Replaces the headline, e.g. for a run that stores a baseline. */
  title?: string;
  /** Replaces the paragraph shown when there was no baseline to compare with. */
  noBaseline?: string;
  /** Which baseline was used (artifact, run, commit), listed with the notes. */
  baselineSource?: string;
}

const NO_BASELINE =
  "No baseline Report was available (first run on this branch, or the baseline artifact expired), so nothing could regress. The check passes; the next run on the default branch stores a baseline.";

/** Escapes untrusted text for a GitHub table cell or list item: inert, one line, capped. */
export function escapeCell(text: string, max: number = TEXT_CAP.note): string {
  return inlineMarkdown(text, max);
}

/** Notes shown at most; the rest are in the JSON report. */
export const MAX_NOTES = 20;

function tableRow(row: Row, paired: boolean): string {
  const verdict = `${VERDICT_ICON[row.verdict]} ${VERDICT_LABEL[row.verdict]}`;
  const from = paired && row.source === "artifact" ? "judged against the baseline artifact" : "";
  const note = [from, noteText(row, inlineMarkdown)].filter(Boolean).join("; ");
  const cells = [verdict, metricLabel(row, inlineMarkdown), valueCell(row.baseline, row.unit, inlineMarkdown), valueCell(row.current, row.unit, inlineMarkdown), changeCell(row)];
  if (paired) cells.push(artifactCell(row));
  cells.push(note);
  return `| ${cells.join(" | ")} |`;
}

const HEADER = "| Verdict | Metric | Baseline | Current | Change [95% CI] | Note |\n|---|---|---:|---:|---:|---|";
/** Paired checks: base and head measured here, and the change against main's artifact beside them. */
const PAIRED_HEADER = "| Verdict | Metric | Base | Head | Change [95% CI] | vs main | Note |\n|---|---|---:|---:|---:|---:|---|";

function bySuite(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.suite);
    if (group) group.push(row);
    else groups.set(row.suite, [row]);
  }
  return groups;
}

/** Tables per suite, stopping before `budget` characters; returns the text and how many rows fit. */
function tables(rows: Row[], budget: number, paired: boolean, under: Map<string, string[]> = new Map()): { text: string; shown: number } {
  let text = "";
  let shown = 0;
  for (const [suite, group] of bySuite(rows)) {
    const head = `\n**${escapeCell(suite, TEXT_CAP.name)}**\n\n${paired ? PAIRED_HEADER : HEADER}\n`;
    if (text.length + head.length > budget) break;
    text += head;
    for (const row of group) {
      const line = tableRow(row, paired) + "\n" + hotPathRows(under, row, paired ? 7 : 6);
      if (text.length + line.length > budget) return { text, shown };
      text += line;
      shown += 1;
    }
  }
  return { text, shown };
}

/** Above this many rows a comment that does not fit switches to the compact layout (render/compact.ts). */
const COMPACT_FROM = 200;

/**
 * The one markdown rendering used for the PR comment and the job summary:
 * title verdict, rows needing attention by suite, unchanged rows folded.
 */
export function renderMarkdown(given: Comparison, options: MarkdownOptions = {}): string {
  const c = consistent(given);
  const max = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const icon = c.verdict === "fail" ? "❌" : c.baseline ? "✅" : "ℹ️";
  let head = `### ${icon} ${escapeCell(options.title ?? headline(c))}\n`;
  if (options.links?.length) head += `\n${options.links.join(" · ")}\n`;
  if (!c.baseline) head += `\n${options.noBaseline ?? NO_BASELINE}\n`;
  head += bottleneckSection(c);

  const paired = isPaired(c);
  const pairing = pairingLine(c, inlineMarkdown);
  const notes = c.notes.slice(0, MAX_NOTES).map((n) => escapeCell(n));
  if (pairing) notes.unshift(pairing);
  if (c.notes.length > MAX_NOTES) notes.push(`${c.notes.length - MAX_NOTES} more notes are in the JSON report.`);
  if (options.baselineSource) notes.push(options.baselineSource);
  const profileFiles = profileFilesLine(c, true);
  if (profileFiles) notes.push(profileFiles);
  if (paired && c.baseline) notes.push(`Runner: ${environmentLine({ ...c.current, commit: undefined }, inlineMarkdown)}.`);
  if (paired && c.artifactBaseline) notes.push(`Baseline artifact: ${environmentLine(c.artifactBaseline, inlineMarkdown)}.`);
  if (!paired && c.baseline) notes.push(`Baseline: ${environmentLine(c.baseline, inlineMarkdown)}.`, `Current: ${environmentLine(c.current, inlineMarkdown)}.`);
  if (c.score !== undefined) notes.push(`Budgets met: ${c.score}%.`);
  const thresholdNote = paired
    ? `Threshold: ${c.threshold}% degradation (per-metric overrides apply). Change is head vs base; the interval is a 95% confidence interval.`
    : `Threshold: ${c.threshold}% degradation (per-metric overrides apply). Change is current vs baseline; the interval, where shown, is a 95% confidence interval.`;
  let tail = `\n${notes.map((n) => `- ${n}`).join("\n")}\n\n<sub>${thresholdNote}</sub>\n`;

  const attention = c.rows.filter((r) => r.verdict !== "unchanged");
  const quiet = c.rows.filter((r) => r.verdict === "unchanged");
  const reserve = 300; // room for the truncation note
  const room = max - head.length - tail.length - reserve;
  const main = tables(attention, room, paired, hotPathNotes(c, true));
  let body = main.text;
  let dropped = attention.length - main.shown;
  if (quiet.length) {
    const open = `\n<details><summary>${quiet.length} unchanged metric${quiet.length === 1 ? "" : "s"}</summary>\n`;
    const close = "\n</details>\n";
    const folded = tables(quiet, room - body.length - open.length - close.length, paired);
    if (folded.shown > 0) body += open + folded.text + close;
    dropped += quiet.length - folded.shown;
  }
  // Too many rows for one comment: counts per suite and the rows that need attention instead.
  if (dropped > 0 && c.rows.length > COMPACT_FROM) {
    return truncateToLimit(renderCompact({ head, tail, max, rows: c.rows, header: paired ? PAIRED_HEADER : HEADER, row: (r) => tableRow(r, paired), escape: escapeCell }), max);
  }
  if (dropped > 0) tail = `\n> ${dropped} more row${dropped === 1 ? "" : "s"} left out to stay under GitHub's ${max.toLocaleString("en-US")}-character limit; the full table is in the JSON report.\n` + tail;
  return head + body + tail;
}
