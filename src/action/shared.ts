// What the Action's plans share: the outcome, the job's names, the ports they need, measuring, the sticky comment.
import { resolve } from "node:path";
import { Comparison } from "../report/comparison.ts";
import type { LoadedConfig } from "../config/load.ts";
import { InputError, messageOf, rethrowDefect } from "../errors.ts";
import { ArtifactNameTaken } from "../github/artifacts.ts";
import { upsertSticky } from "../github/comment.ts";
import { type Plan } from "../github/context.ts";
import { policyFromConfig, type Policy } from "../compare/policy.ts";
import type { Report } from "../report/schema.ts";
import { type ActionInputs } from "./inputs.ts";
import { jobKey, keyedCommentId, keyedName } from "./naming.ts";
import { GHES_DETAIL, isGhes, permissionHint, type Unavailable, unavailableLine } from "./notices.ts";
import type { ActionPorts } from "./ports.ts";
import { plural } from "../render/labels.ts";
import { httpStatusOf } from "../github/status.ts";

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
export interface Names {
  baseline: string;
  result: string;
  commentId?: string;
}

export function namesOf(inputs: ActionInputs): Names {
  const key = jobKey(inputs.matrix, inputs.config);
  return { baseline: keyedName(inputs["baseline-artifact"], key), result: keyedName(inputs["result-artifact"], key), commentId: keyedCommentId(inputs["comment-id"], key) };
}

/** Records what was unavailable: a warning in the log now, a line in the summary from the caller. */
export function giveUp(ports: ActionPorts, unavailable: Unavailable[], u: Unavailable): void {
  unavailable.push(u);
  ports.log.warning(`perf-gate: ${unavailableLine(u)}`);
}

export function need<T>(port: T | undefined, what: string): T {
  if (!port) throw new InputError("environment", `${what} is not available (GITHUB_REPOSITORY and a token are needed)`);
  return port;
}

export function publishCounts(ports: ActionPorts, comparison: Pick<Comparison, "verdict" | "counts">, reportPath?: string): void {
  ports.output("verdict", comparison.verdict);
  ports.output("regressions", String(comparison.counts.regression));
  ports.output("improvements", String(comparison.counts.improvement));
  if (reportPath) ports.output("report-path", reportPath);
}

export interface Measured {
  loaded: LoadedConfig;
  policy: Policy;
  report: Report;
  reportPath: string;
}

/** Runs the set and writes the Report to report-path; `complete` adds to it first (a baseline's run history). */
export async function measure(ports: ActionPorts, complete: (measured: Report) => Report = (measured) => measured): Promise<Measured> {
  const { inputs } = ports;
  const loaded = await ports.bench.loadConfig(resolve(ports.run.workspace, inputs.config));
  const policy = policyFromConfig(loaded.config, inputs.config, inputs.threshold);
  const report = complete(await ports.bench.measure(loaded, inputs.set));
  const reportPath = resolve(ports.run.workspace, inputs["report-path"]);
  await ports.files.writeText(reportPath, JSON.stringify(report, null, 2) + "\n");
  return { loaded, policy, report, reportPath };
}

export function failureOf(inputs: ActionInputs, comparison: Comparison): string | undefined {
  if (comparison.verdict !== "fail" || !inputs["fail-on-regression"]) return undefined;
  const failing = comparison.counts.regression + comparison.counts["over-budget"];
  return `${plural(failing, "metric")} regressed or broke a budget`;
}

/** Why an upload failed, in words a user can act on. */
export function uploadFailure(ports: ActionPorts, error: unknown): string {
  if ((error instanceof Error && error.name === "GHESNotSupportedError") || isGhes(ports.run.serverUrl)) return GHES_DETAIL;
  if (error instanceof ArtifactNameTaken) return error.message;
  return messageOf(error);
}

/** Posts or updates the sticky comment; a refusal (fork token) or an outage is a notice or warning, never a failure. */
export async function comment(ports: ActionPorts, issue: number, markdown: string, fork: boolean, names: Names, unavailable: Unavailable[]): Promise<string | undefined> {
  try {
    const github = need(ports.github, "the GitHub API");
    const { login } = await github.tokenIdentity();
    const result = await upsertSticky(github, { issue, author: login, id: names.commentId }, markdown);
    ports.log.info(`perf-gate: comment ${result.action}: ${result.url}`);
    return result.url;
  } catch (error) {
    rethrowDefect(error);
    const status = httpStatusOf(error);
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
