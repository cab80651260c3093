import { join, resolve } from "node:path";
import { compare } from "../compare.ts";
import { Comparison } from "../comparison.ts";
import type { LoadedConfig } from "../config.ts";
import { InputError, messageOf } from "../errors.ts";
import { carryHistory } from "../history.ts";
import { parseReport, parseWith } from "../files.ts";
import { type BaselineSource, selectBaseline, selectFromRun, sourceOf } from "../github/baseline.ts";
import { markdownRoom, upsertSticky } from "../github/comment.ts";
import { type Plan, planFor } from "../github/context.ts";
import { policyFromConfig, type Policy } from "../policy.ts";
import { renderMarkdown } from "../render/markdown.ts";
import type { Report } from "../report.ts";
import { type ActionInputs, pairPolicyInput } from "./inputs.ts";
import { baselineLine, noBaselineText, runLinks, type RunInfo } from "./links.ts";
import type { ActionPorts } from "./ports.ts";
import { RESULT_FILES, ResultMeta } from "./result.ts";

export type { ActionPorts } from "./ports.ts";

export interface ActionOutcome {
  plan: Plan;
  comparison?: Comparison;
  commentUrl?: string;
  /** Why the step should fail, if it should. */
  failure?: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
};

/** Decides from the event and inputs what to do, does it, and says whether the step fails. */
export async function main(ports: ActionPorts): Promise<ActionOutcome> {
  const plan = planFor(ports.event.name, ports.event.payload, ports.inputs.mode);
  ports.log.info(`perf-gate: ${describe(plan)}`);
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

function publishCounts(ports: ActionPorts, comparison: Comparison, reportPath?: string): void {
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
  const previous = await previousBaseline(ports, plan);
  // The new baseline carries its branch's run history: the run-to-run spread that compare widens intervals by.
  // A re-run job replaces its own earlier attempt, so it takes over that attempt's history instead.
  const { policy, report, reportPath } = await measure(ports, (measured) =>
    previous?.sameRun ? { ...measured, history: previous.report.history } : carryHistory(previous?.report, measured),
  );
  const comparison = compare(undefined, report, policy);
  const name = inputs["baseline-artifact"];

  let stored = `Uploading the baseline artifact \`${name}\` failed; the previous baseline stays in use.`;
  try {
    const dir = await ports.files.makeTempDir("baseline-upload");
    const file = join(dir, RESULT_FILES.report);
    await ports.files.writeText(file, JSON.stringify(report, null, 2) + "\n");
    const uploaded = await need(ports.artifacts, "the artifact service").upload(name, [file], dir, inputs["retention-days"]);
    stored = `Stored as the baseline artifact \`${name}\`${uploaded.id ? ` (id ${uploaded.id})` : ""} of this run${inputs["retention-days"] ? `, kept ${plural(inputs["retention-days"], "day")}` : ""}; pull requests into \`${plan.branch}\` compare with it.`;
    ports.log.info(`perf-gate: uploaded baseline artifact "${name}"${uploaded.id ? ` (id ${uploaded.id})` : ""}`);
  } catch (error) {
    ports.log.warning(`perf-gate: could not upload the baseline artifact "${name}": ${messageOf(error)}`);
  }

  const overBudget = comparison.counts["over-budget"];
  const title = `perf-gate: baseline for ${plan.branch} (${plural(report.metrics.length, "metric")} measured${overBudget ? `, ${overBudget} over budget` : ""})`;
  const markdown = renderMarkdown(comparison, { title, noBaseline: stored, links: runLinks(ports.run) });
  await ports.summary(markdown);
  publishCounts(ports, comparison, reportPath);
  // A baseline run has nothing to regress against: only a broken budget fails it.
  const failure = overBudget > 0 && inputs["fail-on-regression"] ? `${plural(overBudget, "metric")} broke a budget` : undefined;
  return { plan, comparison, failure };
}

// --- pull request or manual check: compare, comment, publish ---------------

interface Baseline {
  report: Report;
  source?: BaselineSource;
}

async function findBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "check" | "local" }>): Promise<Baseline | undefined> {
  const { inputs } = ports;
  if (inputs.baseline) {
    const path = resolve(ports.run.workspace, inputs.baseline);
    return { report: parseReport(await ports.files.readJson(path), path) };
  }
  if (plan.kind === "local") return undefined;
  return downloadBaseline(ports, { branch: plan.baseBranch, repositoryId: plan.repositoryId, runId: inputs["baseline-run-id"] });
}

/** The baseline that a new one replaces, for its run history; a failure to get it costs only the history. */
async function previousBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "baseline" }>): Promise<{ report: Report; sameRun: boolean } | undefined> {
  if (!ports.github || !ports.artifacts) return undefined;
  try {
    const found = await downloadBaseline(ports, { branch: plan.branch, repositoryId: plan.repositoryId });
    return found && { report: found.report, sameRun: found.source?.runId === ports.run.runId };
  } catch (error) {
    ports.log.warning(`perf-gate: the new baseline starts without run history: ${messageOf(error)}`);
    return undefined;
  }
}

/** Finds the newest unexpired baseline artifact of `branch` (or of run `runId`) and downloads its Report. */
async function downloadBaseline(ports: ActionPorts, where: { branch: string; repositoryId: number; runId?: number }): Promise<Baseline | undefined> {
  const github = need(ports.github, "the GitHub API");
  const name = ports.inputs["baseline-artifact"];
  const { runId } = where;
  const artifact = await (runId
    ? github.listRunArtifacts(runId, name).then((all) => selectFromRun(all, name))
    : github.listArtifacts(name).then((all) => selectBaseline(all, { name, branch: where.branch, repositoryId: where.repositoryId }))
  ).catch((error: unknown) => {
    const hint = statusOf(error) === 403 ? " (the job needs `permissions: actions: read`)" : "";
    throw new Error(`could not list the "${name}" artifacts: ${messageOf(error)}${hint}`);
  });
  if (!artifact) {
    const from = runId ? `run ${runId}` : `a run on ${where.branch}`;
    ports.log.notice(`perf-gate: no unexpired "${name}" artifact from ${from}; nothing to compare with`);
    return undefined;
  }
  const source = sourceOf(artifact);
  const dir = await ports.files.makeTempDir(`baseline-${artifact.id}`);
  const path = await need(ports.artifacts, "the artifact service")
    .download(artifact.id, source.runId ?? runId ?? 0, dir)
    .catch((error: unknown) => {
      throw new Error(`could not download the baseline artifact "${name}" (id ${artifact.id}): ${messageOf(error)}`);
    });
  const file = join(path, RESULT_FILES.report);
  const report = parseReport(await ports.files.readJson(file), `baseline artifact "${name}" (id ${artifact.id}) ${RESULT_FILES.report}`);
  ports.log.info(`perf-gate: using baseline artifact "${name}" id ${artifact.id} from run ${source.runId ?? "?"} (commit ${(source.commit ?? report.environment.commit ?? "?").slice(0, 12)})`);
  return { report, source: { ...source, commit: source.commit ?? report.environment.commit } };
}

async function check(ports: ActionPorts, plan: Extract<Plan, { kind: "check" | "local" }>): Promise<ActionOutcome> {
  const { inputs } = ports;
  const baseline = await findBaseline(ports, plan);
  const loaded = await ports.bench.loadConfig(resolve(ports.run.workspace, inputs.config));
  for (const warning of loaded.warnings) ports.log.warning(`perf-gate: ${warning}`);
  const policy = policyFromConfig(loaded.config, inputs.config, inputs.threshold);
  const { report, comparison } = await ports.bench.check({
    loaded,
    set: inputs.set,
    policy,
    pairPolicy: pairPolicyInput(inputs) ?? loaded.config.pair.policy,
    baseline: baseline?.report,
    base: plan.kind === "check" ? { commit: plan.baseSha ?? baseline?.source?.commit, baseRef: plan.baseBranch } : {},
  });
  const reportPath = resolve(ports.run.workspace, inputs["report-path"]);
  await ports.files.writeText(reportPath, JSON.stringify(report, null, 2) + "\n");

  const markdown = renderMarkdown(comparison, {
    maxLength: markdownRoom(inputs["comment-id"]),
    links: runLinks(ports.run),
    baselineSource: baseline?.source ? baselineLine(ports.run, inputs["baseline-artifact"], baseline.source) : undefined,
    noBaseline:
      plan.kind === "local"
        ? "No baseline Report was given (input `baseline`), so nothing could regress. The check passes."
        : noBaselineText(inputs["baseline-artifact"], plan.baseBranch, inputs["baseline-run-id"]),
  });
  // The verdict is published first: nothing after this may hide it.
  await ports.summary(markdown);
  publishCounts(ports, comparison, reportPath);

  const pr = plan.kind === "check" ? plan.pullRequest : undefined;
  let commentUrl: string | undefined;
  if (pr && inputs.comment) {
    commentUrl = await comment(ports, pr.number, markdown, pr.fork);
    if (commentUrl) ports.output("comment-url", commentUrl);
  }
  if (pr && plan.kind === "check" && plan.event === "pull_request") await uploadResult(ports, { comparison, report, markdown, pr, source: baseline?.source });
  return { plan, comparison, commentUrl, failure: failureOf(inputs, comparison) };
}

/** Posts or updates the sticky comment; a refusal (fork token) or an outage is a notice or warning, never a failure. */
async function comment(ports: ActionPorts, issue: number, markdown: string, fork: boolean): Promise<string | undefined> {
  try {
    const github = need(ports.github, "the GitHub API");
    const result = await upsertSticky(github, { issue, author: await github.tokenLogin(), id: ports.inputs["comment-id"] }, markdown);
    ports.log.info(`perf-gate: comment ${result.action}: ${result.url}`);
    return result.url;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || (fork && status === 404)) {
      ports.log.notice(
        `perf-gate: this token may not comment on pull request #${issue}${fork ? " (a pull request from a fork gets a read-only token)" : ""}; the result is in the job summary and in the "${ports.inputs["result-artifact"]}" artifact, which a workflow_run job in mode "comment" can post`,
      );
    } else {
      ports.log.warning(`perf-gate: could not comment on pull request #${issue}: ${messageOf(error)}`);
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
async function uploadResult(ports: ActionPorts, result: ResultToUpload): Promise<void> {
  const name = ports.inputs["result-artifact"];
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
    ports.log.warning(`perf-gate: could not upload the result artifact "${name}": ${messageOf(error)}`);
  }
}

// --- workflow_run, mode comment: post a pull request run's result ----------

async function postResult(ports: ActionPorts, plan: Extract<Plan, { kind: "comment" }>): Promise<ActionOutcome> {
  const { inputs } = ports;
  if (plan.runEvent !== "pull_request") {
    ports.log.notice(`perf-gate: run ${plan.runId} was triggered by "${plan.runEvent}", not a pull request; nothing to post`);
    return { plan };
  }
  const github = need(ports.github, "the GitHub API");
  const name = inputs["result-artifact"];
  const artifact = selectFromRun(await github.listRunArtifacts(plan.runId, name), name);
  if (!artifact) {
    ports.log.notice(`perf-gate: run ${plan.runId} has no "${name}" artifact (it may have stopped before measuring); nothing to post`);
    return { plan };
  }
  const dir = await ports.files.makeTempDir(`result-${artifact.id}`);
  const path = await need(ports.artifacts, "the artifact service").download(artifact.id, plan.runId, dir);
  // Everything in the artifact was produced by the pull request's code: validate it, trust nothing else.
  const source = `artifact "${name}" of run ${plan.runId}`;
  const meta = parseWith(ResultMeta, await ports.files.readJson(join(path, RESULT_FILES.meta)), `${source} ${RESULT_FILES.meta}`, "perf-gate result");
  const comparison = parseWith(Comparison, await ports.files.readJson(join(path, RESULT_FILES.comparison)), `${source} ${RESULT_FILES.comparison}`, "perf-gate comparison");

  if (meta.headSha !== plan.headSha) {
    return { plan, comparison, failure: `refusing to post: ${source} names head ${meta.headSha.slice(0, 12)}, but the run built ${plan.headSha.slice(0, 12)}` };
  }
  const pr = await github.getPullRequest(meta.pullRequest);
  if (pr.headSha !== plan.headSha || (plan.headRepository && pr.headRepository && pr.headRepository !== plan.headRepository)) {
    return {
      plan,
      comparison,
      failure: `refusing to post on pull request #${meta.pullRequest}: its head is ${pr.headSha.slice(0, 12)}${pr.headRepository ? ` (${pr.headRepository})` : ""}, but run ${plan.runId} measured ${plan.headSha.slice(0, 12)}${plan.headRepository ? ` (${plan.headRepository})` : ""} (a newer push, or an artifact naming another pull request)`,
    };
  }

  // Rendered again here from the validated comparison, so the comment holds only what the renderer writes.
  const measuredRun: RunInfo = { ...ports.run, runId: plan.runId };
  const markdown = renderMarkdown(comparison, {
    maxLength: markdownRoom(inputs["comment-id"]),
    links: runLinks(measuredRun, plan.runUrl),
    baselineSource: meta.baseline ? baselineLine(ports.run, inputs["baseline-artifact"], meta.baseline) : undefined,
    noBaseline: noBaselineText(inputs["baseline-artifact"], meta.baseRef, meta.baselineRunId),
  });
  await ports.summary(markdown);
  publishCounts(ports, comparison);
  if (!inputs.comment) return { plan, comparison };
  const result = await upsertSticky(github, { issue: meta.pullRequest, author: await github.tokenLogin(), id: inputs["comment-id"] }, markdown);
  ports.log.info(`perf-gate: comment ${result.action} on pull request #${meta.pullRequest}: ${result.url}`);
  ports.output("comment-url", result.url);
  return { plan, comparison, commentUrl: result.url };
}
