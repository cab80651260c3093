import { notesOf } from "./reasons.ts";
import type { Comparison, Row, Verdict } from "../report/comparison.ts";
import type { Report } from "../report/schema.ts";
import { formatNumber, formatValue } from "../report/units.ts";
import { CHART_SCRIPT, CHART_STYLE } from "./chart-library.ts";
import { consistent } from "./consistent.ts";
import { plainLine, TEXT_CAP } from "./escape.ts";
import { type ChartSpec, distributionCharts, historyCharts, latencyCharts, loadCharts, type LoadTable, loadTables, MAX_CHARTS, memoryCharts, ordered, type Reference } from "./html-report-data.ts";
import { REPORT_SCRIPT } from "./html-report-script.ts";
import { artifactCell, changeCell, environmentLine, headline, isPaired, metricLabel, noteText, pairingLine, valueCell, VERDICT_LABEL } from "./labels.ts";

/**
 * The HTML report: one self-contained file (styles, chart library, data and
 * script inline; no network) with the verdict, every metric, its history on
 * main, the raw sample distributions, the HTTP latency, load and memory, and
 * the budgets. Pure: the caller reads the files and writes the result.
 */
export interface HtmlReportInput {
  comparison: Comparison;
  /** This run's Report (the head): raw samples, per-round HTTP and memory figures. */
  head?: Report;
  /** The base's Report, when base and head were measured paired. */
  base?: Report;
  /** main's baseline Report: the run history, and the reference side when there is no paired base. */
  baseline?: Report;
  /** Links under the headline (the workflow run, the pull request). Only http(s) addresses are kept. */
  links?: Array<{ text: string; url: string }>;
}

const HTML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Untrusted text as inert HTML: one line, capped, every markup character an entity. */
export function htmlText(text: string, max: number = TEXT_CAP.note): string {
  return plainLine(text, max).replace(/[&<>"']/g, (c) => HTML_ENTITY[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: every `<`, `>` and `&`
 * is a \u escape, so no `</script>` or `<!--` in a name can end the block or
 * open a comment, and the line separators JavaScript once refused are escaped too.
 */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const STYLE = `body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#1f2328;background:#fff}
main{max-width:1400px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d7de}
h3{font-size:14px;margin:14px 0 6px}
.links a{margin-right:12px}.muted{color:#59636e}.absent{color:#59636e;font-style:italic}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.metric,td.change{white-space:nowrap}td.note{font-size:12px;color:#424a53;min-width:260px}details summary{cursor:pointer;margin:6px 0}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.v{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;white-space:nowrap;border:1px solid transparent}
.v-regression,.v-over-budget{background:#ffebe9;color:#a40e26;border-color:#ff818266}.v-improvement{background:#dafbe1;color:#116329}
.v-inconclusive{background:#fff8c5;color:#7d4e00}.v-new,.v-missing{background:#ddf4ff;color:#0550ae}.v-unchanged{background:#f6f8fa;color:#59636e}
.verdict{font-size:15px;padding:8px 12px;border-radius:6px;margin:8px 0}.verdict.fail{background:#ffebe9;border:1px solid #ff8182}.verdict.pass{background:#dafbe1;border:1px solid #4ac26b}.verdict.none{background:#ddf4ff;border:1px solid #54aeff}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
.card{border:1px solid #d0d7de;border-radius:6px;padding:8px;min-width:0}.card h3{margin:0 0 4px;font-size:13px;word-break:break-all}
.card .cap{font-size:12px;color:#59636e}.u-legend{font-size:11px;line-height:1.2}.u-legend .u-series{padding:0 4px}.u-legend .u-series th{font-weight:normal;padding:0}.u-legend .u-series td{display:none}
ul.notes{padding-left:20px}ul.notes li{margin:2px 0}
.met{color:#116329}.broken{color:#a40e26;font-weight:600}`;

const VERDICT_CLASS = (v: Verdict) => `v v-${v}`;

function verdictBadge(v: Verdict): string {
  return `<span class="${VERDICT_CLASS(v)}">${VERDICT_LABEL[v]}</span>`;
}

function absent(reason: string): string {
  return `<p class="absent">${reason}</p>\n`;
}

function cards(charts: readonly ChartSpec[]): string {
  const shown = charts.slice(0, MAX_CHARTS);
  const more = charts.length - shown.length;
  const items = shown.map(
    (c) => `<div class="card"><h3>${htmlText(c.title, 2 * TEXT_CAP.name)}</h3><div class="chart" data-chart="${c.id}"></div>${c.caption ? `<div class="cap">${htmlText(c.caption)}</div>` : ""}</div>`,
  );
  return `<div class="charts">\n${items.join("\n")}\n</div>\n${more > 0 ? `<p class="muted">${more} more chart${more === 1 ? "" : "s"} left out (the first ${MAX_CHARTS}, most urgent verdicts first, are drawn).</p>\n` : ""}`;
}

function metricsTable(c: Comparison, paired: boolean): string {
  const header = paired
    ? "<tr><th>Verdict</th><th>Metric</th><th>Base</th><th>Head</th><th>Change [95% CI]</th><th>vs main</th><th>Threshold</th><th>Note</th></tr>"
    : "<tr><th>Verdict</th><th>Metric</th><th>Baseline</th><th>Current</th><th>Change [95% CI]</th><th>Threshold</th><th>Note</th></tr>";
  const row = (r: Row) => {
    const from = paired && r.source === "artifact" ? "judged against the baseline artifact" : "";
    const note = [from, noteText(r, htmlText)].filter(Boolean).join("; ");
    const cells = [
      `<td>${verdictBadge(r.verdict)}</td>`,
      `<td class="metric">${metricLabel(r, htmlText)}</td>`,
      `<td class="num">${valueCell(r.baseline, r.unit, htmlText)}</td>`,
      `<td class="num">${valueCell(r.current, r.unit, htmlText)}</td>`,
      `<td class="num change">${changeCell(r)}</td>`,
      ...(paired ? [`<td class="num">${artifactCell(r)}</td>`] : []),
      `<td class="num">${formatNumber(r.threshold)}%</td>`,
      `<td class="note">${note}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  };
  const table = (id: string, rows: readonly Row[]) => `<table id="${id}">\n<thead>${header}</thead>\n<tbody>\n${rows.map(row).join("\n")}\n</tbody>\n</table>\n`;
  const all = ordered(c.rows);
  const attention = all.filter((r) => r.verdict !== "unchanged");
  const quiet = all.filter((r) => r.verdict === "unchanged");
  const folded = quiet.length ? `<details><summary>${quiet.length} unchanged metric${quiet.length === 1 ? "" : "s"}</summary>\n${table("metrics-unchanged", quiet)}</details>\n` : "";
  return (attention.length ? table("metrics", attention) : "") + folded;
}

function loadSection(tables: readonly LoadTable[], refName: string): string {
  const pair = (cell: { head?: number; base?: number } | undefined, show: (v: number) => string) => {
    if (!cell || cell.head === undefined) return "—";
    return cell.base === undefined ? show(cell.head) : `${show(cell.head)} <span class="muted">(${refName} ${show(cell.base)})</span>`;
  };
  return tables
    .map((t) => {
      const rows = t.rows.map(
        (r) =>
          `<tr><td class="num">${r.connections}</td><td class="num">${pair(r.rps, (v) => formatValue(v, "req/s"))}</td><td class="num">${pair(r.mean, (v) => formatValue(v, "ms"))}</td><td class="num">${pair(r.p95, (v) => formatValue(v, "ms"))}</td><td class="num">${pair(r.success, (v) => `${formatNumber(v)}%`)}</td></tr>`,
      );
      return `<h3>${htmlText(t.suite, TEXT_CAP.name)}/${htmlText(t.endpoint, TEXT_CAP.name)}</h3>
<table class="load"><thead><tr><th>Connections</th><th>Requests/s</th><th>Mean latency*</th><th>p95 latency</th><th>Success</th></tr></thead>
<tbody>${rows.join("")}</tbody></table>`;
    })
    .join("\n");
}

function budgetSection(c: Comparison, rows: readonly Row[]): string {
  const score = c.score === undefined ? "" : `<p>Score: <strong>${formatNumber(c.score)}%</strong> of the budgets met.</p>\n`;
  const body = rows
    .map(
      (r) =>
        `<tr><td>${metricLabel(r, htmlText)}</td><td>${htmlText(r.budget!.text, TEXT_CAP.budget)}</td><td class="num">${valueCell(r.current, r.unit, htmlText)}</td><td class="${r.budget!.met ? "met" : "broken"}">${r.budget!.met ? "met" : "broken"}</td></tr>`,
    )
    .join("\n");
  return `${score}<table id="budgets"><thead><tr><th>Metric</th><th>Budget</th><th>Head</th><th>Status</th></tr></thead>\n<tbody>\n${body}\n</tbody></table>\n`;
}

/** http(s) links only: anything else (javascript:, data:) is dropped. */
function safeLinks(links: HtmlReportInput["links"]): string {
  const kept = (links ?? []).filter((l) => /^https?:\/\/[^\s"'<>]+$/i.test(l.url));
  if (kept.length === 0) return "";
  return `<p class="links">${kept.map((l) => `<a href="${htmlText(l.url, 2000)}">${htmlText(l.text, TEXT_CAP.name)}</a>`).join("")}</p>\n`;
}

/** Five significant digits are more than a chart can show, and halve the inline data. */
const fewer = (v: number | null) => (v === null || v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(5)));

function compact(chart: ChartSpec): ChartSpec {
  return { ...chart, x: chart.x.map((v) => fewer(v) ?? v), series: chart.series.map((s) => ({ ...s, values: s.values.map(fewer) })) };
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const c = consistent(input.comparison);
  const paired = isPaired(c);
  const { head, base, baseline } = input;
  // On main the baseline is this run's own Report: its latest point is this run, and nothing to set beside it.
  const ownRun = baseline !== undefined && head !== undefined && baseline.environment.timestamp === head.environment.timestamp && baseline.environment.commit === head.environment.commit;
  const reference: Reference | undefined = base ? { report: base, kind: "base" } : baseline && !ownRun ? { report: baseline, kind: "main" } : undefined;
  const refName = paired ? "base" : "main";
  const verdictClass = c.verdict === "fail" ? "fail" : c.baseline ? "pass" : "none";
  const title = htmlText(headline(c), 300);

  const sections: string[] = [];
  const charts: ChartSpec[] = [];
  const draw = (list: ChartSpec[]) => {
    const shown = list.slice(0, MAX_CHARTS);
    charts.push(...shown);
    return cards(list);
  };

  sections.push(`<h2 id="metrics-title">Metrics</h2>\n${c.rows.length ? metricsTable(c, paired) : absent("No metrics were compared.")}`);

  const history = baseline ? historyCharts(c, baseline, paired, ownRun) : [];
  const historyAbsent = !baseline
    ? "Left out: no baseline Report from main was given, so there is no run history to draw."
    : !baseline.history || Object.keys(baseline.history).length === 0
      ? "Left out: the baseline Report carries no run history yet (main has stored only one run)."
      : history.length === 0
        ? "Left out: no metric of this run has history on main."
        : undefined;
  sections.push(
    `<h2 id="history">History on main</h2>\n${
      historyAbsent
        ? absent(historyAbsent)
        : `<p class="muted">main's recent values of each metric (oldest first), the band its threshold tolerates around main's latest value, and this run's value${paired ? " (and the base measured beside it)" : ""}.</p>\n${draw(history)}`
    }`,
  );

  const refLabel = reference?.kind === "base" ? "the base, measured paired with the head" : "main's baseline Report";
  const distributions = head ? distributionCharts(head, reference) : [];
  sections.push(
    `<h2 id="distributions">Distributions of the raw samples</h2>\n${
      !head
        ? absent("Left out: this run's Report was not given, so its raw samples are not known.")
        : distributions.length === 0
          ? absent("Left out: no function or imported benchmark kept raw samples in this run's Report.")
          : `<p class="muted">Time per operation of every sample, head against ${reference ? refLabel : "nothing (no base or baseline Report was given)"}; heights are each side's share of its samples.</p>\n${draw(distributions)}`
    }`,
  );

  const latency = head ? latencyCharts(head, reference) : [];
  sections.push(
    `<h2 id="latency">HTTP latency</h2>\n${
      !head
        ? absent("Left out: this run's Report was not given, so the per-round latency is not known.")
        : latency.length === 0
          ? absent("Left out: this run measured no HTTP scenario.")
          : `<p class="muted">The load generator keeps each round's p50, p95 and p99 (not every response time), so this is the distribution the data allows: per percentile, the median over the rounds (solid) and the range from the lowest to the highest round (shaded)${reference ? `, head against ${refLabel}` : ""}.</p>\n${draw(latency)}`
    }`,
  );

  const tables = loadTables(c);
  sections.push(
    `<h2 id="load">Load by connection count</h2>\n${
      tables.length === 0
        ? absent("Left out: no HTTP scenario was compared.")
        : `${loadSection(tables, refName)}\n<p class="muted">* Mean latency is derived by Little's law (connections ÷ requests per second, one request in flight per connection); the load generator does not record it. Success is the share of requests answered with a 2xx status.</p>\n${draw(loadCharts(tables, refName))}`
    }`,
  );

  const memory = head ? memoryCharts(head, reference) : [];
  sections.push(
    `<h2 id="memory">Server memory over rounds</h2>\n${
      !head
        ? absent("Left out: this run's Report was not given, so the memory per round is not known.")
        : memory.length === 0
          ? absent("Left out: no HTTP server's memory was measured in this run.")
          : `<p class="muted">Read after each round of load (idle, after a GC in Node servers) and the highest reading during it${reference ? `; ${reference.kind === "base" ? "base dashed" : "main dashed"}, head solid` : ""}.</p>\n${draw(memory)}`
    }`,
  );

  const budgeted = ordered(c.rows).filter((r) => r.budget);
  sections.push(`<h2 id="budgets-title">Budgets</h2>\n${budgeted.length === 0 ? absent("Left out: the config sets no budget.") : budgetSection(c, budgeted)}`);

  const notes: string[] = [];
  const pairing = pairingLine(c, htmlText);
  if (pairing) notes.push(pairing);
  for (const n of notesOf(c)) notes.push(htmlText(n));
  if (paired && c.baseline) notes.push(`Runner: ${environmentLine({ ...c.current, commit: undefined }, htmlText)}.`);
  if (paired && c.artifactBaseline) notes.push(`Baseline artifact: ${environmentLine(c.artifactBaseline, htmlText)}.`);
  if (!paired && c.baseline) notes.push(`Baseline: ${environmentLine(c.baseline, htmlText)}.`, `Current: ${environmentLine(c.current, htmlText)}.`);
  notes.push(`Threshold: ${formatNumber(c.threshold)}% degradation (per-metric overrides apply). The interval is a 95% confidence interval.`);
  sections.push(`<h2 id="notes">Notes</h2>\n<ul class="notes">\n${notes.map((n) => `<li>${n}</li>`).join("\n")}\n</ul>`);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>${CHART_STYLE}</style>
<style>${STYLE}</style></head>
<body>
<main>
<h1>perf-gate report</h1>
<div class="verdict ${verdictClass}" id="verdict">${title}</div>
${safeLinks(input.links)}${sections.join("\n")}
</main>
<script type="application/json" id="report-data">${scriptJson({ charts: charts.map(compact) })}</script>
<script>${CHART_SCRIPT}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
