import type { Row, Verdict } from "../report/comparison.ts";
import { VERDICT_RANK } from "../compare/verdicts.ts";
import { commentLength } from "./comment-limit.ts";
import { plural, VERDICT_ICON, VERDICT_LABEL } from "./labels.ts";

/** How the caller renders what both layouts share: cells are escaped there. */
export interface CompactParts {
  head: string;
  tail: string;
  max: number;
  rows: readonly Row[];
  header: string;
  row: (row: Row) => string;
  escape: (text: string) => string;
}

const COLUMNS: Verdict[] = ["regression", "over-budget", "inconclusive", "improvement", "new", "missing", "unchanged"];

interface SuiteCount {
  suite: string;
  counts: Record<Verdict, number>;
}

function suiteCounts(rows: readonly Row[]): SuiteCount[] {
  const bySuite = new Map<string, SuiteCount>();
  for (const row of rows) {
    let entry = bySuite.get(row.suite);
    if (!entry) bySuite.set(row.suite, (entry = { suite: row.suite, counts: Object.fromEntries(COLUMNS.map((v) => [v, 0])) as Record<Verdict, number> }));
    entry.counts[row.verdict] += 1;
  }
  // Suites with the most that fails first, then the most that needs a look.
  return [...bySuite.values()].sort(
    (a, b) => b.counts.regression + b.counts["over-budget"] - (a.counts.regression + a.counts["over-budget"]) || b.counts.inconclusive - a.counts.inconclusive || a.suite.localeCompare(b.suite),
  );
}

/** Adds `line` to `out` when it fits in `room` (UTF-16 units, never fewer than GitHub's characters). */
function push(out: string[], line: string, used: { n: number }, room: number): boolean {
  if (used.n + line.length + 1 > room) return false;
  out.push(line);
  used.n += line.length + 1;
  return true;
}

/**
 * The comment when the full table does not fit GitHub's limit (thousands of
 * metrics): counts per suite, then the rows that need attention, regressions
 * first, grouped by suite, as many as fit. A regression that does not fit is
 * never dropped silently: a line counts them and names as many as fit, and
 * the full table is in the uploaded report.
 */
export function renderCompact(parts: CompactParts): string {
  const { head, tail, max, escape } = parts;
  const attention = parts.rows.filter((r) => r.verdict !== "unchanged").sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]);
  const failing = attention.filter((r) => r.verdict === "regression" || r.verdict === "over-budget");
  // Kept back for the line that names what did not fit, so that it always can be written: room for
  // every failing metric's name when that is under a third of the comment.
  const free = max - commentLength(head) - commentLength(tail);
  const reserve = Math.min(Math.max(1_000, free / 3), 1_000 + failing.reduce((n, r) => n + r.id.length + 4, 0));
  const room = free - reserve;
  const used = { n: 0 };
  const out: string[] = [];

  const suites = suiteCounts(parts.rows);
  push(
    out,
    `\n**${plural(parts.rows.length, "metric")} in ${plural(suites.length, "suite")}**: too many for one comment, so this shows the counts per suite and the rows that need attention; the full table is in the uploaded report.\n`,
    used,
    room,
  );
  push(out, `| Suite | ${COLUMNS.map((v) => `${VERDICT_ICON[v]} ${VERDICT_LABEL[v]}`).join(" | ")} |`, used, room);
  push(out, `|---|${COLUMNS.map(() => "---:").join("|")}|`, used, room);
  // The suite table takes at most a quarter of the room; quiet suites are summed in one line.
  const suiteRoom = used.n + room / 4;
  let shownSuites = 0;
  for (const s of suites) {
    if (s.counts.unchanged === COLUMNS.reduce((n, v) => n + s.counts[v], 0) && shownSuites > 0) break;
    if (!push(out, `| ${escape(s.suite)} | ${COLUMNS.map((v) => (s.counts[v] ? s.counts[v].toLocaleString("en-US") : "·")).join(" | ")} |`, used, suiteRoom)) break;
    shownSuites++;
  }
  const rest = suites.slice(shownSuites);
  if (rest.length) {
    const restRows = rest.reduce((n, s) => n + COLUMNS.reduce((m, v) => m + s.counts[v], 0), 0);
    const restFailing = rest.reduce((n, s) => n + s.counts.regression + s.counts["over-budget"], 0);
    push(out, `| *${plural(rest.length, "more suite")}* | ${COLUMNS.map((v) => rest.reduce((n, s) => n + s.counts[v], 0).toLocaleString("en-US")).join(" | ")} |`, used, room);
    if (restFailing === 0) push(out, `\n${plural(restRows, "metric")} in those ${plural(rest.length, "suite")}: nothing failed.`, used, room);
  }

  // Rows needing attention, regressions first, each suite's rows under its own heading.
  let shown = 0;
  let suite: string | undefined;
  const shownIds = new Set<string>();
  for (const row of attention) {
    const line = parts.row(row);
    const heading = row.suite !== suite ? `\n**${escape(row.suite)}** · ${VERDICT_ICON[row.verdict]} ${VERDICT_LABEL[row.verdict]}\n\n${parts.header}` : "";
    if (used.n + heading.length + line.length + 2 > room) break;
    if (heading) push(out, heading, used, room);
    push(out, line, used, room);
    suite = row.suite;
    shownIds.add(row.id);
    shown++;
  }

  // What did not fit: regressions named, everything counted.
  const notes: string[] = [];
  const hidden = failing.filter((r) => !shownIds.has(r.id));
  if (hidden.length > 0) {
    let line = `> ⚠️ **${plural(hidden.length, "more failing metric")} did not fit in this comment:** `;
    const names: string[] = [];
    let length = line.length;
    for (const r of hidden) {
      const name = `\`${r.id.replace(/`/g, "'")}\``;
      if (length + name.length + 2 + 80 > reserve - 200) break;
      names.push(name);
      length += name.length + 2;
    }
    line += names.join(", ");
    if (names.length < hidden.length) line += `, and ${(hidden.length - names.length).toLocaleString("en-US")} more`;
    notes.push(`${line}. Every row is in the uploaded report.`);
  }
  const otherHidden = attention.length - shown - hidden.length;
  if (otherHidden > 0) notes.push(`> ${plural(otherHidden, "more row")} needing a look (inconclusive, improved, new or missing) did not fit; the full table is in the uploaded report.`);
  return `${head}${out.join("\n")}\n${notes.length ? `\n${notes.join("\n>\n")}\n` : ""}${tail}`;
}
