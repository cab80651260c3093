import { RestArtifact } from "./baseline.ts";
import type { CommentsPort, IssueComment } from "./comment.ts";
import type { Octokit } from "./octokit.ts";

export interface PullRequestInfo {
  number: number;
  headSha: string;
  headRepository?: string;
  state: string;
}

/** The GitHub REST calls the action makes, as one port. */
export interface GitHubPort extends CommentsPort {
  /** Every artifact of that name in the repository (all pages). */
  listArtifacts(name: string): Promise<RestArtifact[]>;
  /** The artifacts of that name of one workflow run (all pages). */
  listRunArtifacts(runId: number, name: string): Promise<RestArtifact[]>;
  getPullRequest(number: number): Promise<PullRequestInfo>;
  /** Login the token acts as (comments are matched on it). */
  tokenLogin(): Promise<string>;
}

/** The login comments made with a workflow's GITHUB_TOKEN carry. */
export const ACTIONS_BOT = "github-actions[bot]";

const toComment = (c: { id: number; body?: string | null; html_url: string; user?: { login: string } | null }): IssueComment => ({
  id: c.id,
  body: c.body,
  html_url: c.html_url,
  user: c.user ? { login: c.user.login } : null,
});

export function restPort(octokit: Octokit, repo: { owner: string; repo: string }): GitHubPort {
  let login: Promise<string> | undefined;
  return {
    async listArtifacts(name) {
      const all = await octokit.paginate(octokit.rest.actions.listArtifactsForRepo, { ...repo, name, per_page: 100 });
      return all.map((a) => RestArtifact.parse(a));
    },
    async listRunArtifacts(runId, name) {
      const all = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, { ...repo, run_id: runId, name, per_page: 100 });
      return all.map((a) => RestArtifact.parse(a));
    },
    async getPullRequest(number) {
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
      return { number: data.number, headSha: data.head.sha, headRepository: data.head.repo?.full_name, state: data.state };
    },
    async listComments(issue, page, perPage) {
      const { data } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue, page, per_page: perPage });
      return data.map(toComment);
    },
    async createComment(issue, body) {
      // Not retried by the plugin: a retry after a lost response would post twice (see upsertSticky).
      const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body, request: { retries: 0 } });
      return toComment(data);
    },
    async updateComment(id, body) {
      const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body });
      return toComment(data);
    },
    tokenLogin() {
      // GET /user answers for a user's token; a workflow's GITHUB_TOKEN (an
      // installation token) is refused, and its comments are github-actions[bot]'s.
      login ??= octokit.rest.users.getAuthenticated().then(
        ({ data }) => data.login,
        () => ACTIONS_BOT,
      );
      return login;
    },
  };
}
