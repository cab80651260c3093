/**
 * The chart library the HTML report embeds: uPlot (MIT, github.com/leeoniya/uPlot).
 * Chosen over Chart.js because it is a quarter of the size (about 50 KB minified
 * against about 200 KB), which every report and both bundles in dist/ carry,
 * and it draws lines, bands, steps and points on a canvas, which is all the
 * report needs; it is well kept and has no dependencies. Its minified source is
 * inlined (scripts/build.ts turns `?raw` imports into text), so a report needs
 * no network and dist/ no node_modules.
 */
import UPLOT_SCRIPT from "uplot/dist/uPlot.iife.min.js?raw";
import UPLOT_STYLE from "uplot/dist/uPlot.min.css?raw";

/** Text that may sit inside a <script> or <style> element: no `</` can close it early. */
function inert(source: string): string {
  return source.replace(/<\//g, "<\\/");
}

export const CHART_SCRIPT: string = inert(UPLOT_SCRIPT);
export const CHART_STYLE: string = inert(UPLOT_STYLE);
