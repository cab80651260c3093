// Pull request or manual check: find the baseline, compare (paired), comment, publish.
import { join, resolve } from "node:path";

import { Comparison } from "../report/comparison.ts";
import { InputError, messageOf, rethrowDefect } from "../errors.ts";
import { parseReport } from "../report/parse.ts";
import { type BaselineSource, pageSettles, type RestArtifact, selectBaseline, selectFromRun, sourceOf } from "../github/baseline.ts";
import { markdownRoom } from "../github/comment.ts";
import type { GitHubPort } from "../github/rest.ts";
import { type Plan } from "../github/context.ts";
import { policyFromConfig } from "../compare/policy.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { trendCharts } from "../render/trend-chart.ts";
import type { Report } from "../report/schema.ts";
import { pairPolicyInput } from "./inputs.ts";
import { baselineLine, noBaselineText, runLinks } from "./links.ts";
import { baselineUnavailableText, GHES_DETAIL, isGhes, permissionHint, type Unavailable, unavailableLine } from "./notices.ts";
import type { ActionPorts } from "./ports.ts";
import { groupBaselineName, shardOf, shardSummary, uploadPart } from "./shards.ts";
import { uploadProfiles } from "./profiles.ts";
import { publishHtmlReport } from "./html-report.ts";
import { RESULT_FILES, ResultMeta } from "./result.ts";
import { httpStatusOf } from "../github/status.ts";

import { type ActionOutcome, type Names, namesOf, giveUp, need, publishCounts, failureOf, uploadFailure, comment } from "./shared.ts";

export interface Baseline {
  report: Report;
  source?: BaselineSource;
}

/** The baseline of a check; a GitHub failure or a damaged artifact makes it unavailable, never a failed check. */
export async function findBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "check" | "local" }>, names: Names, unavailable: Unavailable[]): Promise<Baseline | undefined> {
  const { inputs } = ports;
  if (inputs.baseline) {
    const path = resolve(ports.run.workspace, inputs.baseline);
    return { report: parseReport(await ports.files.readJson(path), path) };
  }
  if (plan.kind === "local") return undefined;
  const runId = inputs["baseline-run-id"];
  try {
    if (runId) await acceptBaselineRun(need(ports.github, "the GitHub API"), runId, plan);
    return await downloadBaseline(ports, names.baseline, { branch: plan.baseBranch, repositoryId: plan.repositoryId, runId });
  } catch (error) {
    rethrowDefect(error);
    if (error instanceof InputError && error.source === `input "baseline-run-id"`) throw error;
    giveUp(ports, unavailable, { part: "baseline", detail: isGhes(ports.run.serverUrl) ? GHES_DETAIL : messageOf(error) });
    return undefined;
  }
}

/** Events whose runs of the default branch build what was pushed there (not a pull request's code). */
export const BASELINE_EVENTS = new Set(["push", "workflow_dispatch", "schedule"]);

/** baseline-run-id names a run of this repository's default branch, from GitHub's own record of it; otherwise a bad input that says why. */
export async function acceptBaselineRun(github: GitHubPort, runId: number, plan: Extract<Plan, { kind: "check" }>): Promise<void> {
  const run = await github.getRun(runId);
  const refuse = (why: string): never => {
    throw new InputError(
      `input "baseline-run-id"`,
      `run ${runId} ${why}; only runs of this repository's default branch (\`${plan.defaultBranch}\`) on push, workflow_dispatch or schedule can serve as a baseline`,
    );
  };
  if (run.headRepositoryId !== plan.repositoryId) refuse("built a commit of another repository (a fork)");
  if (run.headBranch !== plan.defaultBranch) refuse(`ran on branch \`${run.headBranch ?? "?"}\``);
  if (!BASELINE_EVENTS.has(run.event)) refuse(`was triggered by "${run.event}"`);
}

/** Finds the newest unexpired baseline artifact of `branch` (or of run `runId`) and downloads its Report. */
export async function downloadBaseline(ports: ActionPorts, name: string, where: { branch: string; repositoryId: number; runId?: number }): Promise<Baseline | undefined> {
  const github = need(ports.github, "the GitHub API");
  const { runId } = where;
  const query = { name, branch: where.branch, repositoryId: where.repositoryId };
  let artifact: RestArtifact | undefined;
  try {
    artifact = runId ? selectFromRun(await github.listRunArtifacts(runId, name), name) : selectBaseline(await github.listArtifacts(name, (page) => pageSettles(page, query)), query);
  } catch (error) {
    rethrowDefect(error);
    throw new Error(`could not list the "${name}" artifacts: ${messageOf(error)}${permissionHint(httpStatusOf(error), "actions: read")}`);
  }
  if (!artifact) {
    const from = runId ? `run ${runId}` : `a run on ${where.branch}`;
    ports.log.notice(`perf-gate: no unexpired "${name}" artifact from ${from}; nothing to compare with`);
    return undefined;
  }
  const source = sourceOf(artifact);
  const dir = await ports.files.makeTempDir(`baseline-${artifact.id}`);
  const path = await need(ports.artifacts, "the artifact service")
    .download({ id: artifact.id, runId: source.runId ?? runId ?? 0, digest: artifact.digest }, dir)
    .catch((error: unknown) => {
      throw new Error(`could not download the baseline artifact "${name}" (id ${artifact.id}): ${messageOf(error)}${permissionHint(httpStatusOf(error), "actions: read")}`);
    });
  const file = join(path, RESULT_FILES.report);
  const report = parseReport(await ports.files.readJson(file), `baseline artifact "${name}" (id ${artifact.id}) ${RESULT_FILES.report}`);
  // The commit is GitHub's record of the run (workflow_run.head_sha); the Report's own commit field is never trusted for it.
  ports.log.info(`perf-gate: using baseline artifact "${name}" id ${artifact.id} from run ${source.runId ?? "?"} (commit ${(source.commit ?? "?").slice(0, 12)})`);
  return { report, source };
}

export async function check(ports: ActionPorts, plan: Extract<Plan, { kind: "check" | "local" }>): Promise<ActionOutcome> {
  const { inputs } = ports;
  const shard = shardOf(inputs);
  // A shard compares with its group's baseline (the merge job's) and leaves its comparison for the merge job to post.
  const names = shard ? { ...namesOf(inputs), baseline: groupBaselineName(inputs) } : namesOf(inputs);
  const unavailable: Unavailable[] = [];
  const baseline = await findBaseline(ports, plan, names, unavailable);
  const loaded = await ports.bench.loadConfig(resolve(ports.run.workspace, inputs.config));
  for (const warning of loaded.warnings) ports.log.warning(`perf-gate: ${warning}`);
  const policy = policyFromConfig(loaded.config, inputs.config, inputs.threshold);
  const pr = plan.kind === "check" ? plan.pullRequest : undefined;
  // The base comes from GitHub's record, never from a Report: the pull request's base (the first parent of the
  // merge commit that was checked out), else the commit of the baseline's run, else the merge-base with the base branch.
  const checked = await ports.bench.check({
    loaded,
    set: inputs.set,
    policy,
    pairPolicy: pairPolicyInput(inputs) ?? loaded.config.pair.policy,
    baseline: baseline?.report,
    base: plan.kind === "check" ? { commit: pr?.baseSha ?? baseline?.source?.commit, baseRef: plan.baseBranch } : {},
    shard,
  });
  const report = checked.report;
  // Profiles of what failed go up as their own artifact, linked from the comment.
  const comparison = await uploadProfiles(ports, checked.comparison, `${names.result}-profiles`, unavailable);
  if (shard) {
    await ports.files.writeText(resolve(ports.run.workspace, inputs["report-path"]), JSON.stringify(report, null, 2) + "\n");
    const artifact = await uploadPart(ports, shard, report, comparison);
    await ports.summary(shardSummary(shard, report.metrics.length, artifact));
    return { plan, comparison };
  }
  const reportPath = resolve(ports.run.workspace, inputs["report-path"]);
  await ports.files.writeText(reportPath, JSON.stringify(report, null, 2) + "\n");
  const htmlLink = await publishHtmlReport(ports, { comparison, head: report, base: checked.base, baseline: baseline?.report }, reportPath, `${names.result}-report`);

  const lost = unavailable.find((u) => u.part === "baseline");
  const markdown = renderMarkdown(comparison, {
    maxLength: markdownRoom(names.commentId),
    links: [...runLinks(ports.run), ...(htmlLink ? [htmlLink] : [])],
    baselineSource: baseline?.source ? baselineLine(ports.run, names.baseline, baseline.source) : undefined,
    noBaseline:
      plan.kind === "local"
        ? "No baseline Report was given (input `baseline`), so nothing could regress. The check passes."
        : lost
          ? baselineUnavailableText(names.baseline, lost.detail)
          : isGhes(ports.run.serverUrl)
            ? baselineUnavailableText(names.baseline, GHES_DETAIL)
            : noBaselineText(names.baseline, plan.baseBranch, inputs["baseline-run-id"]),
  });
  // The verdict is published first: nothing after this may hide it. The summary also charts the regressions on main's trend.
  await ports.summary(markdown + trendCharts(comparison));
  publishCounts(ports, comparison, reportPath);

  let commentUrl: string | undefined;
  if (pr && inputs.comment) {
    commentUrl = await comment(ports, pr.number, markdown, pr.fork, names, unavailable);
    if (commentUrl) ports.output("comment-url", commentUrl);
  }
  if (pr && plan.kind === "check" && plan.event === "pull_request") await uploadResult(ports, { comparison, report, markdown, pr, source: baseline?.source }, names, unavailable);
  const late = unavailable.filter((u) => u.part !== "baseline");
  if (late.length > 0) await ports.summary(`\n${late.map((u) => `> ⚠️ ${unavailableLine(u)}`).join("\n>\n")}\n`);
  return { plan, comparison, commentUrl, failure: failureOf(inputs, comparison), unavailable };
}

export interface ResultToUpload {
  comparison: Comparison;
  report: Report;
  markdown: string;
  pr: { number: number; headSha: string; baseRef: string };
  source?: BaselineSource;
}

/** The result of a pull request run, for the trusted workflow_run job to post (fork-safe set-up). */
export async function uploadResult(ports: ActionPorts, result: ResultToUpload, names: Names, unavailable: Unavailable[]): Promise<void> {
  const name = names.result;
  try {
    const dir = await ports.files.makeTempDir("result-upload");
    const meta: ResultMeta = {
      schema: "perf-gate/result@1",
      pullRequest: result.pr.number,
      headSha: result.pr.headSha,
      baseRef: result.pr.baseRef,
      runId: ports.run.runId,
      baselineRunId: ports.inputs["baseline-run-id"],
      baseline: result.source,
    };
    const files: Array<[string, string]> = [
      [RESULT_FILES.meta, JSON.stringify(meta, null, 2) + "\n"],
      [RESULT_FILES.report, JSON.stringify(result.report, null, 2) + "\n"],
      [RESULT_FILES.comparison, JSON.stringify(result.comparison, null, 2) + "\n"],
      [RESULT_FILES.markdown, result.markdown],
    ];
    for (const [file, text] of files) await ports.files.writeText(join(dir, file), text);
    const uploaded = await need(ports.artifacts, "the artifact service").upload(
      name,
      files.map(([file]) => join(dir, file)),
      dir,
      ports.inputs["retention-days"],
    );
    ports.log.info(`perf-gate: uploaded result artifact "${name}"${uploaded.id ? ` (id ${uploaded.id})` : ""}`);
  } catch (error) {
    rethrowDefect(error);
    giveUp(ports, unavailable, { part: "result-upload", detail: `"${name}": ${uploadFailure(ports, error)}` });
  }
}
