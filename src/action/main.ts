import { join, resolve } from "node:path";
import { compare } from "../compare/compare.ts";
import { Comparison } from "../report/comparison.ts";
import type { LoadedConfig } from "../config/load.ts";
import { InputError, messageOf } from "../errors.ts";
import { ArtifactNameTaken } from "../github/artifacts.ts";
import { carryHistory } from "../report/history.ts";
import { parseReport, parseWith } from "../report/parse.ts";
import { type BaselineSource, pageSettles, type RestArtifact, selectBaseline, selectFromRun, sourceOf } from "../github/baseline.ts";
import { markdownRoom, upsertSticky } from "../github/comment.ts";
import type { GitHubPort } from "../github/rest.ts";
import { type Plan, planFor } from "../github/context.ts";
import { policyFromConfig, type Policy } from "../compare/policy.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { trendCharts } from "../render/trend-chart.ts";
import type { Report } from "../report/schema.ts";
import { type ActionInputs, pairPolicyInput } from "./inputs.ts";
import { baselineLine, noBaselineText, runLinks, type RunInfo } from "./links.ts";
import { jobKey, keyedCommentId, keyedName, keyOfName } from "./naming.ts";
import { baselineUnavailableText, GHES_DETAIL, isGhes, permissionHint, type Unavailable, unavailableLine } from "./notices.ts";
import type { ActionPorts } from "./ports.ts";
import { groupBaselineName, mergeJob, shardOf, shardSummary, uploadPart } from "./shards.ts";
import { uploadProfiles } from "./profiles.ts";
import { companionReportLink, isCompanion, publishHtmlReport } from "./html-report.ts";
import { MAX_RESULTS, RESULT_FILES, ResultMeta, trustedComparison } from "./result.ts";

export type { ActionPorts } from "./ports.ts";

export interface ActionOutcome {
  plan: Plan;
  comparison?: Comparison;
  commentUrl?: string;
  /** Why the step should fail, if it should: only ever what was measured and compared, or bad input. */
  failure?: string;
  /** What the run went on without (GitHub outages, refused permissions, GHES), each also logged and in the summary. */
  unavailable?: Unavailable[];
}

/** This job's artifact names and comment id: the inputs, suffixed with the job key (matrix, config) when there is one. */
interface Names {
  baseline: string;
  result: string;
  commentId?: string;
}

function namesOf(inputs: ActionInputs): Names {
  const key = jobKey(inputs.matrix, inputs.config);
  return { baseline: keyedName(inputs["baseline-artifact"], key), result: keyedName(inputs["result-artifact"], key), commentId: keyedCommentId(inputs["comment-id"], key) };
}

/** Records what was unavailable: a warning in the log now, a line in the summary from the caller. */
function giveUp(ports: ActionPorts, unavailable: Unavailable[], u: Unavailable): void {
  unavailable.push(u);
  ports.log.warning(`perf-gate: ${unavailableLine(u)}`);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
};

/** Decides from the event and inputs what to do, does it, and says whether the step fails. */
export async function main(ports: ActionPorts): Promise<ActionOutcome> {
  const merging = ports.inputs.mode === "merge";
  const plan = planFor(ports.event.name, ports.event.payload, merging ? "auto" : ports.inputs.mode);
  if (merging) return merge(ports, plan);
  ports.log.info(`perf-gate: ${describe(plan)}${ports.inputs.shard ? ` (shard ${ports.inputs.shard})` : ""}`);
  switch (plan.kind) {
    case "baseline":
      return storeBaseline(ports, plan);
    case "check":
    case "local":
      return check(ports, plan);
    case "comment":
      return postResult(ports, plan);
  }
}

function describe(plan: Plan): string {
  switch (plan.kind) {
    case "baseline":
      return `${plan.event} on ${plan.branch}: measuring and storing a baseline`;
    case "check":
      return `${plan.event}: checking against the baseline of ${plan.baseBranch}${plan.pullRequest ? ` (pull request #${plan.pullRequest.number})` : ""}`;
    case "comment":
      return `${plan.event}: posting the result of run ${plan.runId}`;
    case "local":
      return "no GitHub event: checking against the baseline file, if any";
  }
}

function need<T>(port: T | undefined, what: string): T {
  if (!port) throw new InputError("environment", `${what} is not available (GITHUB_REPOSITORY and a token are needed)`);
  return port;
}

function publishCounts(ports: ActionPorts, comparison: Pick<Comparison, "verdict" | "counts">, reportPath?: string): void {
  ports.output("verdict", comparison.verdict);
  ports.output("regressions", String(comparison.counts.regression));
  ports.output("improvements", String(comparison.counts.improvement));
  if (reportPath) ports.output("report-path", reportPath);
}

interface Measured {
  loaded: LoadedConfig;
  policy: Policy;
  report: Report;
  reportPath: string;
}

/** Runs the set and writes the Report to report-path; `complete` adds to it first (a baseline's run history). */
async function measure(ports: ActionPorts, complete: (measured: Report) => Report = (measured) => measured): Promise<Measured> {
  const { inputs } = ports;
  const loaded = await ports.bench.loadConfig(resolve(ports.run.workspace, inputs.config));
  const policy = policyFromConfig(loaded.config, inputs.config, inputs.threshold);
  const report = complete(await ports.bench.measure(loaded, inputs.set));
  const reportPath = resolve(ports.run.workspace, inputs["report-path"]);
  await ports.files.writeText(reportPath, JSON.stringify(report, null, 2) + "\n");
  return { loaded, policy, report, reportPath };
}

function failureOf(inputs: ActionInputs, comparison: Comparison): string | undefined {
  if (comparison.verdict !== "fail" || !inputs["fail-on-regression"]) return undefined;
  const failing = comparison.counts.regression + comparison.counts["over-budget"];
  return `${plural(failing, "metric")} regressed or broke a budget`;
}

// --- push to the default branch, or a forced refresh: store the baseline ----

async function storeBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "baseline" }>): Promise<ActionOutcome> {
  const { inputs } = ports;
  const shard = shardOf(inputs);
  if (shard) {
    // A shard measures its part and leaves it for the merge job, which stores the one baseline.
    const loaded = await ports.bench.loadConfig(resolve(ports.run.workspace, inputs.config));
    const report = await ports.bench.measure(loaded, inputs.set, shard);
    await ports.files.writeText(resolve(ports.run.workspace, inputs["report-path"]), JSON.stringify(report, null, 2) + "\n");
    const artifact = await uploadPart(ports, shard, report);
    await ports.summary(shardSummary(shard, report.metrics.length, artifact));
    return { plan };
  }
  const names = namesOf(inputs);
  const unavailable: Unavailable[] = [];
  const previous = await previousBaseline(ports, plan, names);
  // The new baseline carries its branch's run history: the run-to-run spread that compare widens intervals by.
  // A re-run job replaces its own earlier attempt, so it takes over that attempt's history instead.
  const { policy, report, reportPath } = await measure(ports, (measured) =>
    previous?.sameRun ? { ...measured, history: previous.report.history, runs: previous.report.runs } : carryHistory(previous?.report, measured),
  );
  const comparison = compare(undefined, report, policy);
  const name = names.baseline;

  let stored: string;
  try {
    const dir = await ports.files.makeTempDir("baseline-upload");
    const file = join(dir, RESULT_FILES.report);
    await ports.files.writeText(file, JSON.stringify(report, null, 2) + "\n");
    const uploaded = await need(ports.artifacts, "the artifact service").upload(name, [file], dir, inputs["retention-days"]);
    stored = `Stored as the baseline artifact \`${name}\`${uploaded.id ? ` (id ${uploaded.id})` : ""} of this run${inputs["retention-days"] ? `, kept ${plural(inputs["retention-days"], "day")}` : ""}; pull requests into \`${plan.branch}\` compare with it.`;
    ports.log.info(`perf-gate: uploaded baseline artifact "${name}"${uploaded.id ? ` (id ${uploaded.id})` : ""}`);
  } catch (error) {
    const detail = uploadFailure(ports, error);
    giveUp(ports, unavailable, { part: "baseline-upload", detail });
    stored = `**The baseline artifact \`${name}\` could not be stored** (${detail}); the previous baseline stays in use.`;
  }

  // main's report: its own run history, for a dashboard across commits.
  const htmlLink = await publishHtmlReport(ports, { comparison, head: report, baseline: report }, reportPath, `${names.result}-report`);
  const overBudget = comparison.counts["over-budget"];
  const title = `perf-gate: baseline for ${plan.branch} (${plural(report.metrics.length, "metric")} measured${overBudget ? `, ${overBudget} over budget` : ""})`;
  const markdown = renderMarkdown(comparison, { title, noBaseline: stored, links: [...runLinks(ports.run), ...(htmlLink ? [htmlLink] : [])] });
  await ports.summary(markdown);
  publishCounts(ports, comparison, reportPath);
  // A baseline run has nothing to regress against: only a broken budget fails it.
  const failure = overBudget > 0 && inputs["fail-on-regression"] ? `${plural(overBudget, "metric")} broke a budget` : undefined;
  return { plan, comparison, failure, unavailable };
}

/** Why an upload failed, in words a user can act on. */
function uploadFailure(ports: ActionPorts, error: unknown): string {
  if ((error instanceof Error && error.name === "GHESNotSupportedError") || isGhes(ports.run.serverUrl)) return GHES_DETAIL;
  if (error instanceof ArtifactNameTaken) return error.message;
  return messageOf(error);
}

// --- mode merge: the shards' parts become one baseline, or one comment ----

async function merge(ports: ActionPorts, plan: Plan): Promise<ActionOutcome> {
  ports.log.info(`perf-gate: merging the shards of run ${ports.run.runId ?? "?"}`);
  const previous = (name: string) =>
    plan.kind === "baseline" ? downloadBaseline(ports, name, { branch: plan.branch, repositoryId: plan.repositoryId }).then((b) => b?.report) : Promise.resolve(undefined);
  const { comparisons, results, commentUrl } = await mergeJob(ports, plan, previous);
  // As a check job would: the merged result, for perf-comment.yml's fork-safe comment job.
  const unavailable: Unavailable[] = [];
  if (plan.kind === "check" && plan.event === "pull_request" && plan.pullRequest) {
    const names = namesOf(ports.inputs);
    for (const r of results) {
      const result = keyedName(ports.inputs["result-artifact"], [jobKey(ports.inputs.matrix, ports.inputs.config), r.key].filter(Boolean).join("-"));
      await uploadResult(ports, { comparison: r.comparison, report: r.report, markdown: r.markdown, pr: plan.pullRequest }, { ...names, result }, unavailable);
    }
  }
  const verdict = comparisons.some((c) => c.comparison.verdict === "fail") ? "fail" : "pass";
  const sum = (v: "regression" | "improvement") => comparisons.reduce((n, c) => n + c.comparison.counts[v], 0);
  ports.output("verdict", verdict);
  ports.output("regressions", String(sum("regression")));
  ports.output("improvements", String(sum("improvement")));
  if (commentUrl) ports.output("comment-url", commentUrl);
  const failing = comparisons.reduce((n, c) => n + c.comparison.counts.regression + c.comparison.counts["over-budget"], 0);
  const failure = plan.kind === "check" && verdict === "fail" && ports.inputs["fail-on-regression"] ? `${plural(failing, "metric")} regressed or broke a budget` : undefined;
  return { plan, comparison: comparisons.length === 1 ? comparisons[0]?.comparison : undefined, commentUrl, failure, unavailable };
}

// --- pull request or manual check: compare, comment, publish ---------------

interface Baseline {
  report: Report;
  source?: BaselineSource;
}

/** The baseline of a check; a GitHub failure or a damaged artifact makes it unavailable, never a failed check. */
async function findBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "check" | "local" }>, names: Names, unavailable: Unavailable[]): Promise<Baseline | undefined> {
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
    if (error instanceof InputError && error.source === `input "baseline-run-id"`) throw error;
    giveUp(ports, unavailable, { part: "baseline", detail: isGhes(ports.run.serverUrl) ? GHES_DETAIL : messageOf(error) });
    return undefined;
  }
}

/** Events whose runs of the default branch build what was pushed there (not a pull request's code). */
const BASELINE_EVENTS = new Set(["push", "workflow_dispatch", "schedule"]);

/** baseline-run-id names a run of this repository's default branch, from GitHub's own record of it; otherwise a bad input that says why. */
async function acceptBaselineRun(github: GitHubPort, runId: number, plan: Extract<Plan, { kind: "check" }>): Promise<void> {
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

/** The baseline that a new one replaces, for its run history; a failure to get it costs only the history. */
async function previousBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "baseline" }>, names: Names): Promise<{ report: Report; sameRun: boolean } | undefined> {
  if (!ports.github || !ports.artifacts) return undefined;
  try {
    const found = await downloadBaseline(ports, names.baseline, { branch: plan.branch, repositoryId: plan.repositoryId });
    return found && { report: found.report, sameRun: found.source?.runId === ports.run.runId };
  } catch (error) {
    ports.log.warning(`perf-gate: the new baseline starts without run history: ${messageOf(error)}`);
    return undefined;
  }
}

/** Finds the newest unexpired baseline artifact of `branch` (or of run `runId`) and downloads its Report. */
async function downloadBaseline(ports: ActionPorts, name: string, where: { branch: string; repositoryId: number; runId?: number }): Promise<Baseline | undefined> {
  const github = need(ports.github, "the GitHub API");
  const { runId } = where;
  const query = { name, branch: where.branch, repositoryId: where.repositoryId };
  let artifact: RestArtifact | undefined;
  try {
    artifact = runId ? selectFromRun(await github.listRunArtifacts(runId, name), name) : selectBaseline(await github.listArtifacts(name, (page) => pageSettles(page, query)), query);
  } catch (error) {
    throw new Error(`could not list the "${name}" artifacts: ${messageOf(error)}${permissionHint(statusOf(error), "actions: read")}`);
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
      throw new Error(`could not download the baseline artifact "${name}" (id ${artifact.id}): ${messageOf(error)}${permissionHint(statusOf(error), "actions: read")}`);
    });
  const file = join(path, RESULT_FILES.report);
  const report = parseReport(await ports.files.readJson(file), `baseline artifact "${name}" (id ${artifact.id}) ${RESULT_FILES.report}`);
  // The commit is GitHub's record of the run (workflow_run.head_sha); the Report's own commit field is never trusted for it.
  ports.log.info(`perf-gate: using baseline artifact "${name}" id ${artifact.id} from run ${source.runId ?? "?"} (commit ${(source.commit ?? "?").slice(0, 12)})`);
  return { report, source };
}

async function check(ports: ActionPorts, plan: Extract<Plan, { kind: "check" | "local" }>): Promise<ActionOutcome> {
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

/** Posts or updates the sticky comment; a refusal (fork token) or an outage is a notice or warning, never a failure. */
async function comment(ports: ActionPorts, issue: number, markdown: string, fork: boolean, names: Names, unavailable: Unavailable[]): Promise<string | undefined> {
  try {
    const github = need(ports.github, "the GitHub API");
    const { login } = await github.tokenIdentity();
    const result = await upsertSticky(github, { issue, author: login, id: names.commentId }, markdown);
    ports.log.info(`perf-gate: comment ${result.action}: ${result.url}`);
    return result.url;
  } catch (error) {
    const status = statusOf(error);
    if (fork && (status === 403 || status === 404)) {
      ports.log.notice(
        `perf-gate: this token may not comment on pull request #${issue} (a pull request from a fork gets a read-only token); the result is in the job summary and in the "${names.result}" artifact, which a workflow_run job in mode "comment" can post`,
      );
    } else {
      giveUp(ports, unavailable, { part: "comment", detail: `${messageOf(error)}${permissionHint(status, "pull-requests: write")}` });
    }
    return undefined;
  }
}

interface ResultToUpload {
  comparison: Comparison;
  report: Report;
  markdown: string;
  pr: { number: number; headSha: string; baseRef: string };
  source?: BaselineSource;
}

/** The result of a pull request run, for the trusted workflow_run job to post (fork-safe set-up). */
async function uploadResult(ports: ActionPorts, result: ResultToUpload, names: Names, unavailable: Unavailable[]): Promise<void> {
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
    giveUp(ports, unavailable, { part: "result-upload", detail: `"${name}": ${uploadFailure(ports, error)}` });
  }
}

// --- workflow_run, mode comment: post a pull request run's result ----------

interface Posted {
  comparison: Comparison;
  commentUrl?: string;
}

async function postResult(ports: ActionPorts, plan: Extract<Plan, { kind: "comment" }>): Promise<ActionOutcome> {
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
    const lost: Unavailable = { part: "result", detail: `could not list the artifacts of run ${plan.runId}: ${messageOf(error)}${permissionHint(statusOf(error), "actions: read")}` };
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
async function postOne(
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
    giveUp(ports, unavailable, { part: "result", detail: `${source}: ${messageOf(error)}${permissionHint(statusOf(error), "actions: read")}` });
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
    giveUp(ports, unavailable, { part: "comment", detail: `could not read pull request #${meta.pullRequest}: ${messageOf(error)}${permissionHint(statusOf(error), "pull-requests: read")}` });
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
    giveUp(ports, unavailable, { part: "comment", detail: `pull request #${meta.pullRequest}: ${messageOf(error)}${permissionHint(statusOf(error), "pull-requests: write")}` });
    return { comparison };
  }
}
