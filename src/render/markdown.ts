import type { Comparison, Row } from "../report/comparison.ts";
import { ATTENTION, type BenchmarkGroup, groupBenchmarks, standingOf } from "./benchmarks.ts";
import { sparkline, trendMark } from "./sparkline.ts";
import { notesOf } from "./reasons.ts";
import { inlineMarkdown, TEXT_CAP } from "./escape.ts";
import { consistent } from "./consistent.ts";
import { GITHUB_COMMENT_LIMIT, truncateToLimit } from "./comment-limit.ts";
import { renderCompact } from "./compact.ts";
import { artifactCell, changeCell, environmentLine, headline, isPaired, metricLabel, noteText, pairingLine, plural, valueCell, VERDICT_ICON, VERDICT_LABEL } from "./labels.ts";
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

/** The columns of a table: paired or not, and whether any row has a trend to draw. */
interface Layout {
  paired: boolean;
  trend: boolean;
}

function header(layout: Layout): string {
  const columns: Array<[string, string]> = [
    ["Verdict", "---"],
    ["Benchmark", "---"],
    [layout.paired ? "Base" : "Baseline", "---:"],
    [layout.paired ? "Head" : "Current", "---:"],
    ["Change [95% CI]", "---:"],
  ];
  if (layout.paired) columns.push(["vs main", "---:"]);
  if (layout.trend) columns.push(["Trend on main", ":---"]);
  columns.push(["Note", "---"]);
  const names = columns.map(([name]) => name);
  const align = columns.map(([, a]) => a);
  return `| ${names.join(" | ")} |\n|${align.join("|")}|`;
}

const columnsOf = (layout: Layout) => 6 + (layout.paired ? 1 : 0) + (layout.trend ? 1 : 0);

function verdictCell(row: Row): string {
  const severity = row.severity && (row.verdict === "regression" || row.verdict === "over-budget") ? ` · ${row.severity}` : "";
  return `${VERDICT_ICON[row.verdict]} ${VERDICT_LABEL[row.verdict]}${severity}`;
}

/** One table line: the benchmark's main line (`label` names it) or a statistic under it (`↳ p99`). */
function line(row: Row, label: string, verdict: string, layout: Layout, own?: string): string {
  const from = layout.paired && row.source === "artifact" ? "judged against the baseline artifact" : "";
  const note = [own, from, noteText(row, inlineMarkdown)].filter(Boolean).join("; ");
  const cells = [verdict, label, valueCell(row.baseline, row.unit, inlineMarkdown), valueCell(row.current, row.unit, inlineMarkdown), changeCell(row)];
  if (layout.paired) cells.push(artifactCell(row));
  if (layout.trend) cells.push(sparkline(row.trend, trendMark(row)));
  cells.push(note);
  return `| ${cells.join(" | ")} |`;
}

/**
 * A benchmark's lines: its headline statistic with the verdict of its worst
 * one, then the other headline statistics (an endpoint's tail latency) and
 * any statistic that tells a different story, each under it.
 */
function groupLines(g: BenchmarkGroup, layout: Layout, under: Map<string, string[]>): string {
  const [first, ...more] = g.headline;
  const main = first!;
  const name = `${escapeCell(g.suite, TEXT_CAP.name)}/${escapeCell(g.benchmark, TEXT_CAP.name)} · ${escapeCell(main.stat, TEXT_CAP.unit)}`;
  const lead = g.worst === main ? verdictCell(main) : `${VERDICT_ICON[g.worst.verdict]} ${VERDICT_LABEL[g.worst.verdict]}`;
  // The headline statistic under another's verdict says its own.
  const own = g.worst === main ? undefined : `${escapeCell(main.stat, TEXT_CAP.unit)}: ${VERDICT_LABEL[main.verdict]}`;
  let text = line(main, name, lead, layout, own) + "\n" + hotPathRows(under, main, columnsOf(layout));
  for (const row of [...more, ...g.differing]) {
    const own = standingOf(row) === standingOf(main) && !g.differing.includes(row) ? "" : verdictCell(row);
    text += line(row, `↳ ${escapeCell(row.stat, TEXT_CAP.unit)}`, own, layout) + "\n" + hotPathRows(under, row, columnsOf(layout));
  }
  return text;
}

/** One table of benchmarks, stopping before `budget` characters; returns the text and how many benchmarks fit. */
function table(groups: readonly BenchmarkGroup[], budget: number, layout: Layout, under: Map<string, string[]> = new Map()): { text: string; shown: number } {
  let text = `\n${header(layout)}\n`;
  if (text.length > budget) return { text: "", shown: 0 };
  let shown = 0;
  for (const g of groups) {
    const lines = groupLines(g, layout, under);
    if (text.length + lines.length > budget) break;
    text += lines;
    shown += 1;
  }
  return { text: shown ? text : "", shown };
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
  const groups = groupBenchmarks(c.rows);
  let head = `### ${icon} ${escapeCell(options.title ?? headline(c, groups))}\n`;
  if (options.links?.length) head += `\n${options.links.join(" · ")}\n`;
  if (!c.baseline) head += `\n${options.noBaseline ?? NO_BASELINE}\n`;
  head += bottleneckSection(c);

  const paired = isPaired(c);
  const pairing = pairingLine(c, inlineMarkdown);
  const all = notesOf(c);
  const notes = all.slice(0, MAX_NOTES).map((n) => escapeCell(n));
  if (pairing) notes.unshift(pairing);
  if (all.length > MAX_NOTES) notes.push(`${all.length - MAX_NOTES} more notes are in the JSON report.`);
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

  const layout: Layout = { paired, trend: c.rows.some((r) => (r.trend?.length ?? 0) >= 2) };
  const attention = groups.filter((g) => ATTENTION.has(g.standing));
  const noisy = groups.filter((g) => g.standing === "noisy");
  const quiet = groups.filter((g) => g.standing === "unchanged");
  const reserve = 300; // room for the truncation note
  const room = max - head.length - tail.length - reserve;
  const main = table(attention, room, layout, hotPathNotes(c, true));
  let body = main.text;
  let dropped = attention.length - main.shown;
  const folds: Array<[BenchmarkGroup[], string]> = [
    [noisy, `❔ ${plural(noisy.length, "benchmark")} inconclusive: too noisy to call, no action needed`],
    [
      quiet,
      `${plural(quiet.length, "unchanged benchmark")} (${plural(
        quiet.reduce((n, g) => n + g.rows.length, 0),
        "metric",
      )})`,
    ],
  ];
  for (const [list, summary] of folds) {
    if (list.length === 0) continue;
    const open = `\n<details><summary>${summary}</summary>\n`;
    const close = "\n</details>\n";
    const folded = table(list, room - body.length - open.length - close.length, layout);
    if (folded.shown > 0) body += open + folded.text + close;
    dropped += list.length - folded.shown;
  }
  // Too many rows for one comment: counts per suite and the rows that need attention instead.
  if (dropped > 0 && c.rows.length > COMPACT_FROM) {
    return truncateToLimit(
      renderCompact({
        head,
        tail,
        max,
        rows: c.rows,
        header: header({ paired, trend: false }),
        row: (r) => line(r, metricLabel(r, inlineMarkdown), verdictCell(r), { paired, trend: false }),
        escape: escapeCell,
      }),
      max,
    );
  }
  if (dropped > 0) tail = `\n> ${plural(dropped, "more benchmark")} left out to stay under GitHub's ${max.toLocaleString("en-US")}-character limit; the full table is in the JSON report.\n` + tail;
  return head + body + tail;
}
