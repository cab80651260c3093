// workflow_run, mode comment: post a pull request run's result (fork-safe).
import { join } from "node:path";
import { Comparison } from "../report/comparison.ts";
import { messageOf, rethrowDefect } from "../errors.ts";
import { parseWith } from "../report/parse.ts";
import { type RestArtifact, selectFromRun } from "../github/baseline.ts";
import { markdownRoom, upsertSticky } from "../github/comment.ts";
import type { GitHubPort } from "../github/rest.ts";
import { type Plan } from "../github/context.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { baselineLine, noBaselineText, runLinks, type RunInfo } from "./links.ts";
import { keyedCommentId, keyedName, keyOfName } from "./naming.ts";
import { permissionHint, type Unavailable, unavailableLine } from "./notices.ts";
import type { ActionPorts } from "./ports.ts";
import { companionReportLink, isCompanion } from "./html-report.ts";
import { MAX_RESULTS, RESULT_FILES, ResultMeta, trustedComparison } from "./result.ts";
import { httpStatusOf } from "../github/status.ts";
import { type ActionOutcome, giveUp, need } from "./shared.ts";

export interface Posted {
  comparison: Comparison;
  commentUrl?: string;
}

export async function postResult(ports: ActionPorts, plan: Extract<Plan, { kind: "comment" }>): Promise<ActionOutcome> {
  const { inputs } = ports;
  if (plan.runEvent !== "pull_request") {
    ports.log.notice(`perf-gate: run ${plan.runId} was triggered by "${plan.runEvent}", not a pull request; nothing to post`);
    return { plan };
  }
  const github = need(ports.github, "the GitHub API");
  const unavailable: Unavailable[] = [];
  const base = inputs["result-artifact"];
  let results: Array<{ artifact: RestArtifact; key: string; report?: string }>;
  try {
    // Every job of the run left its own result (matrix jobs, several configs): each gets its own comment.
    const all = await github.listRunArtifacts(plan.runId);
    // A result's HTML report and profiles are its companions, not results of other jobs.
    const keys = [
      ...new Set(
        all
          .filter((a) => !isCompanion(a.name, all))
          .map((a) => keyOfName(a.name, base))
          .filter((k): k is string => k !== undefined),
      ),
    ].sort();
    results = keys.flatMap((key) => {
      const artifact = selectFromRun(all, keyedName(base, key));
      return artifact ? [{ artifact, key, report: companionReportLink(ports.run, plan.runId, artifact.name, all) }] : [];
    });
  } catch (error) {
    rethrowDefect(error);
    const lost: Unavailable = { part: "result", detail: `could not list the artifacts of run ${plan.runId}: ${messageOf(error)}${permissionHint(httpStatusOf(error), "actions: read")}` };
    giveUp(ports, unavailable, lost);
    await ports.summary(`> ⚠️ ${unavailableLine(lost)}\n`);
    return { plan, unavailable };
  }
  if (results.length === 0) {
    ports.log.notice(`perf-gate: run ${plan.runId} has no "${base}" artifact (it may have stopped before measuring); nothing to post`);
    return { plan };
  }
  if (results.length > MAX_RESULTS) {
    ports.log.warning(`perf-gate: run ${plan.runId} has ${results.length} result artifacts; only the first ${MAX_RESULTS} are posted`);
    results = results.slice(0, MAX_RESULTS);
  }
  const posted: Posted[] = [];
  for (const { artifact, key, report } of results) {
    const one = await postOne(ports, plan, github, artifact, key, unavailable, report);
    if (one) posted.push(one);
  }
  if (unavailable.length > 0) await ports.summary(`\n${unavailable.map((u) => `> ⚠️ ${unavailableLine(u)}`).join("\n>\n")}\n`);
  if (posted.length === 0) return { plan, unavailable };
  // Outputs come from the validated rows of every posted result, never from the artifact's own totals.
  const counts = { regression: 0, improvement: 0 };
  for (const p of posted) {
    counts.regression += p.comparison.counts.regression;
    counts.improvement += p.comparison.counts.improvement;
  }
  ports.output("verdict", posted.some((p) => p.comparison.verdict === "fail") ? "fail" : "pass");
  ports.output("regressions", String(counts.regression));
  ports.output("improvements", String(counts.improvement));
  const commentUrl = posted.find((p) => p.commentUrl)?.commentUrl;
  if (commentUrl) ports.output("comment-url", commentUrl);
  return { plan, comparison: posted.length === 1 ? posted[0]?.comparison : undefined, commentUrl, unavailable };
}

/** Downloads, validates and posts one job's result; anything missing or refused is logged and skipped, never a failed run. */
export async function postOne(
  ports: ActionPorts,
  plan: Extract<Plan, { kind: "comment" }>,
  github: GitHubPort,
  artifact: RestArtifact,
  key: string,
  unavailable: Unavailable[],
  reportLink?: string,
): Promise<Posted | undefined> {
  const { inputs } = ports;
  const name = artifact.name;
  const source = `artifact "${name}" of run ${plan.runId}`;
  let meta: ResultMeta;
  let comparison: Comparison;
  try {
    const dir = await ports.files.makeTempDir(`result-${artifact.id}`);
    const path = await need(ports.artifacts, "the artifact service").download({ id: artifact.id, runId: plan.runId, digest: artifact.digest }, dir);
    // Everything in the artifact was produced by the pull request's code: validate it, cap it, trust nothing else.
    meta = parseWith(ResultMeta, await ports.files.readJson(join(path, RESULT_FILES.meta)), `${source} ${RESULT_FILES.meta}`, "perf-gate result");
    comparison = trustedComparison(await ports.files.readJson(join(path, RESULT_FILES.comparison)), `${source} ${RESULT_FILES.comparison}`);
  } catch (error) {
    rethrowDefect(error);
    giveUp(ports, unavailable, { part: "result", detail: `${source}: ${messageOf(error)}${permissionHint(httpStatusOf(error), "actions: read")}` });
    return undefined;
  }

  if (meta.headSha !== plan.headSha) {
    ports.log.warning(`perf-gate: not posting ${source}: it names head ${meta.headSha.slice(0, 12)}, but the run built ${plan.headSha.slice(0, 12)}`);
    return undefined;
  }
  let pr;
  try {
    pr = await github.getPullRequest(meta.pullRequest);
  } catch (error) {
    rethrowDefect(error);
    giveUp(ports, unavailable, { part: "comment", detail: `could not read pull request #${meta.pullRequest}: ${messageOf(error)}${permissionHint(httpStatusOf(error), "pull-requests: read")}` });
    return undefined;
  }
  if (pr.headSha !== plan.headSha || (plan.headRepository && pr.headRepository && pr.headRepository !== plan.headRepository)) {
    // A newer push made this result stale (its own run posts the fresh one); or the artifact named another pull request.
    ports.log.notice(
      `perf-gate: not posting on pull request #${meta.pullRequest}: its head is ${pr.headSha.slice(0, 12)}${pr.headRepository ? ` (${pr.headRepository})` : ""}, but run ${plan.runId} measured ${plan.headSha.slice(0, 12)}${plan.headRepository ? ` (${plan.headRepository})` : ""}`,
    );
    return undefined;
  }

  // Rendered again here from the validated comparison, so the comment holds only what the renderer writes.
  const commentId = keyedCommentId(inputs["comment-id"], key);
  const measuredRun: RunInfo = { ...ports.run, runId: plan.runId };
  const baselineName = keyedName(inputs["baseline-artifact"], key);
  const markdown = renderMarkdown(comparison, {
    maxLength: markdownRoom(commentId),
    links: [...runLinks(measuredRun, plan.runUrl), ...(reportLink ? [reportLink] : [])],
    baselineSource: meta.baseline ? baselineLine(ports.run, baselineName, meta.baseline) : undefined,
    noBaseline: noBaselineText(baselineName, meta.baseRef, meta.baselineRunId),
  });
  await ports.summary(markdown);
  if (!inputs.comment) return { comparison };
  try {
    const { login } = await github.tokenIdentity();
    const result = await upsertSticky(github, { issue: meta.pullRequest, author: login, id: commentId }, markdown);
    ports.log.info(`perf-gate: comment ${result.action} on pull request #${meta.pullRequest}: ${result.url}`);
    return { comparison, commentUrl: result.url };
  } catch (error) {
    rethrowDefect(error);
    giveUp(ports, unavailable, { part: "comment", detail: `pull request #${meta.pullRequest}: ${messageOf(error)}${permissionHint(httpStatusOf(error), "pull-requests: write")}` });
    return { comparison };
  }
}
