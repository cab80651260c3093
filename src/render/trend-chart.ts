import type { Comparison, Row } from "../report/comparison.ts";
import { formatNumber, readableUnit } from "../report/units.ts";
import { groupBenchmarks, type BenchmarkGroup } from "./benchmarks.ts";
import { inlineMarkdown, TEXT_CAP } from "./escape.ts";
import { trendMark } from "./sparkline.ts";

/** Charts drawn at most, so that a summary with many regressions stays readable. */
export const MAX_CHARTS = 10;

/**
 * Text for a Mermaid string: letters, digits and plain punctuation only. A
 * metric name is untrusted, and a quote or a newline would end the string or
 * the diagram.
 */
function mermaidText(text: string, max = 60): string {
  return text.replace(/[^A-Za-z0-9 ._/:+%()µ-]/g, "_").slice(0, max);
}

const number = (v: number) => Number(v.toPrecision(4)).toString();

/**
 * A Mermaid xychart of one regressed metric: the baseline branch's recent
 * values as a line, the band its threshold allows above (or below) the
 * latest of them, and this pull request's value as the last bar (for a
 * paired row, main's latest value moved by the paired change).
 */
export function trendChart(row: Row, label: string): string | undefined {
  const trend = row.trend;
  const mark = trendMark(row);
  if (!trend || trend.length < 2 || mark === undefined) return undefined;
  const last = trend[trend.length - 1]!;
  const { unit, factor } = readableUnit(last, row.unit);
  const limit = row.direction === "lower-is-better" ? last * (1 + row.threshold / 100) : last * (1 - row.threshold / 100);
  const main = [...trend, last].map((v) => number(v * factor));
  const band = [...trend, last].map(() => number(limit * factor));
  const pr = [...trend.map(() => "0"), number(mark * factor)];
  const axis = [...trend.map((_, i) => (i === trend.length - 1 ? '"main"' : `"${i - trend.length + 1}"`)), '"PR"'];
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${mermaidText(label)}: main's last ${trend.length} runs, threshold ${formatNumber(row.threshold)}%, and this PR"`,
    `  x-axis [${axis.join(", ")}]`,
    `  y-axis "${mermaidText(unit, 16)}"`,
    `  bar [${pr.join(", ")}]`,
    `  line [${main.join(", ")}]`,
    `  line [${band.join(", ")}]`,
    "```",
  ].join("\n");
}

/**
 * The job summary's trend charts: one per regressed benchmark whose baseline
 * carries history (the first of them, worst first). Empty when there is none.
 */
export function trendCharts(c: Comparison, max = MAX_CHARTS): string {
  const regressed = groupBenchmarks(c.rows).filter((g: BenchmarkGroup) => g.standing === "regression" && g.worst.trend && g.worst.trend.length >= 2);
  if (regressed.length === 0) return "";
  const charts = regressed.slice(0, max).flatMap((g) => {
    const chart = trendChart(g.worst, `${g.suite}/${g.benchmark} ${g.worst.stat}`);
    return chart ? [`**${inlineMarkdown(`${g.suite}/${g.benchmark} ${g.worst.stat}`, TEXT_CAP.name)}**: the line is main, the flat line its threshold, the bar this pull request.\n\n${chart}`] : [];
  });
  const more = regressed.length > max ? `\n\n${regressed.length - max} more regressed benchmarks are in the report.` : "";
  return `\n#### Where the regressions sit on main's trend\n\n${charts.join("\n\n")}${more}\n`;
}
