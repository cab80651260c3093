import type { BaselineSource } from "../github/baseline.ts";

/** Where this run lives on GitHub, for links in the comment and summary. */
export interface RunInfo {
  workspace: string;
  serverUrl: string;
  /** owner/repo */
  repository?: string;
  runId?: number;
}

export function runUrl(run: RunInfo, runId = run.runId): string | undefined {
  if (!run.repository || !runId) return undefined;
  return `${run.serverUrl}/${run.repository}/actions/runs/${runId}`;
}

/** "[Workflow run 123](…)" under the title, when the run is known. */
export function runLinks(run: RunInfo, url = runUrl(run)): string[] {
  return url && run.runId ? [`[Workflow run ${run.runId}](${url})`] : [];
}

/** "Baseline: artifact `perf-gate-baseline` (id 7) from run [42](…) on `main`, commit abc1234." */
export function baselineLine(run: RunInfo, name: string, source: BaselineSource): string {
  const from = source.runId ? ` from run [${source.runId}](${runUrl(run, source.runId) ?? "#"})` : "";
  const branch = source.branch ? ` on \`${source.branch}\`` : "";
  const commit = source.commit ? `, commit ${source.commit.slice(0, 7)}` : "";
  return `Baseline used: artifact \`${name}\` (id ${source.artifactId})${from}${branch}${commit}.`;
}

/** The plain statement shown when no baseline artifact was found (same words in both phases). */
export function noBaselineText(name: string, baseBranch: string, baselineRunId?: number): string {
  const where = baselineRunId ? `workflow run ${baselineRunId}` : `a run on \`${baseBranch}\``;
  return `**No baseline to compare with**: no unexpired \`${name}\` artifact from ${where} was found (first pull request, the artifact expired, or no run on \`${baseBranch}\` has stored one yet). Nothing could regress, so the check passes; the next push to \`${baseBranch}\` stores a baseline.`;
}
