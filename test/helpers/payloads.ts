import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import type { PullRequestEvent, PushEvent, WebhookEventMap, WebhookEventName, WorkflowDispatchEvent, WorkflowRunEvent } from "@octokit/webhooks-types";

// Real webhook payloads (GitHub's documented examples, as collected by @octokit/webhooks-examples).
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];

/** A deep copy of the first example of that event (and action), so tests can adjust it. */
export function example<N extends WebhookEventName>(name: N, action?: string): WebhookEventMap[N] {
  const definition = definitions.find((d): d is WebhookDefinition<N> => d.name === name);
  const found = definition?.examples.find((e) => action === undefined || (e as { action?: string }).action === action);
  if (!found) throw new Error(`no ${name}${action ? `.${action}` : ""} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

export interface Repo {
  owner: string;
  repo: string;
  id: number;
  defaultBranch: string;
}

export const REPO: Repo = { owner: "octo", repo: "demo", id: 4242, defaultBranch: "main" };

function retarget(repository: { id: number; name: string; full_name: string; default_branch: string; owner: { login: string } }, repo: Repo): void {
  repository.id = repo.id;
  repository.name = repo.repo;
  repository.full_name = `${repo.owner}/${repo.repo}`;
  repository.default_branch = repo.defaultBranch;
  repository.owner.login = repo.owner;
}

/** A real push payload moved to `repo`, pushing `sha` to `branch`. */
export function pushPayload(options: { branch: string; sha: string; repo?: Repo }): PushEvent {
  const payload = example("push");
  retarget(payload.repository, options.repo ?? REPO);
  payload.ref = `refs/heads/${options.branch}`;
  payload.after = options.sha;
  return payload;
}

/** A real pull_request payload (opened or synchronize) moved to `repo`; `fork` puts the head in another repository. */
export function pullRequestPayload(options: { number: number; headSha: string; headRef?: string; baseRef?: string; fork?: boolean; action?: "opened" | "synchronize"; repo?: Repo }): PullRequestEvent {
  const repo = options.repo ?? REPO;
  const payload = example("pull_request", options.action ?? "synchronize");
  retarget(payload.repository, repo);
  const pr = payload.pull_request;
  payload.number = options.number;
  pr.number = options.number;
  pr.head.sha = options.headSha;
  pr.head.ref = options.headRef ?? "feature";
  pr.base.ref = options.baseRef ?? repo.defaultBranch;
  retarget(pr.base.repo, repo);
  if (pr.head.repo) {
    retarget(pr.head.repo, options.fork ? { ...repo, owner: "outsider", id: repo.id + 1 } : repo);
  }
  return payload;
}

export function workflowDispatchPayload(options: { branch: string; repo?: Repo }): WorkflowDispatchEvent {
  const payload = example("workflow_dispatch");
  retarget(payload.repository, options.repo ?? REPO);
  payload.ref = `refs/heads/${options.branch}`;
  return payload;
}

/** A real workflow_run.completed payload for run `runId` of a pull_request event that built `headSha`. */
export function workflowRunPayload(options: { runId: number; headSha: string; headRepository?: string; event?: string; repo?: Repo }): WorkflowRunEvent {
  const repo = options.repo ?? REPO;
  const payload = example("workflow_run", "completed");
  retarget(payload.repository, repo);
  const run = payload.workflow_run;
  run.id = options.runId;
  run.head_sha = options.headSha;
  run.event = options.event ?? "pull_request";
  run.html_url = `https://github.com/${repo.owner}/${repo.repo}/actions/runs/${options.runId}`;
  run.pull_requests = [];
  if (run.head_repository) run.head_repository.full_name = options.headRepository ?? `${repo.owner}/${repo.repo}`;
  return payload;
}
