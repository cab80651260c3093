import { join } from "node:path";
import type { RestArtifact } from "../github/baseline.ts";
import { messageOf, rethrowDefect } from "../errors.ts";
import { type HtmlReportInput, renderHtmlReport } from "../render/html-report.ts";
import { runUrl } from "./links.ts";
import type { ActionPorts } from "./ports.ts";

/** The file inside the report artifact. */
export const HTML_REPORT_FILE = "report.html";

/** Companion artifacts of a result artifact `NAME`: `NAME-report` (this one) and `NAME-profiles`. */
const COMPANIONS = ["report", "profiles"];

/** The HTML report is written beside the Report: `perf-gate-report.json` gives `perf-gate-report.html`. */
export function htmlPathOf(reportPath: string): string {
  return `${reportPath.replace(/\.json$/i, "")}.html`;
}

/** The link to an artifact of a run on GitHub, when the run and the artifact's id are known. */
export function artifactUrl(run: ActionPorts["run"], runId: number | undefined, id: number | undefined): string | undefined {
  const url = runUrl(run, runId);
  return url && id ? `${url}/artifacts/${id}` : undefined;
}

/** The markdown link to the report artifact, for the comment and the summary. */
export function reportLink(name: string, url: string | undefined): string {
  return url ? `[HTML report](${url})` : `HTML report: artifact \`${name}\``;
}

/**
 * Writes the HTML report beside the Report (output `html-report-path`) and
 * uploads it as the artifact `name`. Returns the link for the comment and
 * summary; an upload that fails is a notice and no link, never a failure.
 */
export async function publishHtmlReport(ports: ActionPorts, input: Omit<HtmlReportInput, "links">, reportPath: string, name: string): Promise<string | undefined> {
  const url = runUrl(ports.run);
  const html = renderHtmlReport({ ...input, links: url && ports.run.runId ? [{ text: `Workflow run ${ports.run.runId}`, url }] : [] });
  const path = htmlPathOf(reportPath);
  await ports.files.writeText(path, html);
  ports.output("html-report-path", path);
  if (!ports.artifacts) return undefined;
  try {
    const dir = await ports.files.makeTempDir("report-upload");
    const file = join(dir, HTML_REPORT_FILE);
    await ports.files.writeText(file, html);
    const uploaded = await ports.artifacts.upload(name, [file], dir, ports.inputs["retention-days"]);
    ports.log.info(`perf-gate: uploaded the HTML report as artifact "${name}"${uploaded.id ? ` (id ${uploaded.id})` : ""}`);
    return reportLink(name, artifactUrl(ports.run, ports.run.runId, uploaded.id));
  } catch (error) {
    rethrowDefect(error);
    ports.log.notice(`perf-gate: the HTML report could not be stored as the artifact "${name}" (${messageOf(error)}); it was written to ${path}`);
    return undefined;
  }
}

/** Whether an artifact of a run is a result's companion (its HTML report or profiles), not a result of its own. */
export function isCompanion(name: string, all: readonly Pick<RestArtifact, "name">[]): boolean {
  return COMPANIONS.some((suffix) => name.endsWith(`-${suffix}`) && all.some((a) => a.name === name.slice(0, -(suffix.length + 1))));
}

/** The link to a posted result's HTML report, when its run left one. */
export function companionReportLink(run: ActionPorts["run"], runId: number, resultName: string, all: readonly RestArtifact[]): string | undefined {
  const name = `${resultName}-${COMPANIONS[0]}`;
  const found = all.find((a) => a.name === name && !a.expired);
  return found ? reportLink(name, artifactUrl(run, runId, found.id)) : undefined;
}
