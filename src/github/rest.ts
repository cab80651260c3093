import { RestArtifact } from "./baseline.ts";
import type { CommentsPort, IssueComment } from "./comment.ts";
import type { Octokit } from "./octokit.ts";

export interface PullRequestInfo {
  number: number;
  headSha: string;
  headRepository?: string;
  state: string;
}

/** What GitHub records about a workflow run (the fields that decide whether it may serve as a baseline). */
export interface RunInfoRecord {
  id: number;
  event: string;
  headBranch: string | null;
  headSha: string;
  headRepositoryId?: number;
  repositoryId?: number;
}

/** Who the token comments as: a login when GitHub says it, else only that it is an app's bot. */
export interface TokenIdentity {
  login?: string;
}

/** The GitHub REST calls the action makes, as one port. */
export interface GitHubPort extends CommentsPort {
  /**
   * Artifacts of that name in the repository, newest first, page by page until
   * `enough` says the pages so far settle the question (or a page cap is reached).
   */
  listArtifacts(name: string, enough?: (page: RestArtifact[]) => boolean): Promise<RestArtifact[]>;
  /** The artifacts of one workflow run (all pages); with a name, only those of that name. */
  listRunArtifacts(runId: number, name?: string): Promise<RestArtifact[]>;
  getRun(runId: number): Promise<RunInfoRecord>;
  getPullRequest(number: number): Promise<PullRequestInfo>;
  /** Who the token comments as (comments are matched on it). */
  tokenIdentity(): Promise<TokenIdentity>;
}

/** At most this many pages (of 100) of the repository's artifacts are read. */
export const MAX_ARTIFACT_PAGES = 10;

const toComment = (c: { id: number; body?: string | null; html_url: string; user?: { login: string; type?: string } | null; performed_via_github_app?: { slug?: string } | null }): IssueComment => ({
  id: c.id,
  body: c.body,
  html_url: c.html_url,
  user: c.user ? { login: c.user.login, type: c.user.type } : null,
  app: c.performed_via_github_app?.slug,
});

export function restPort(octokit: Octokit, repo: { owner: string; repo: string }): GitHubPort {
  let identity: Promise<TokenIdentity> | undefined;
  return {
    async listArtifacts(name, enough = () => false) {
      const all: RestArtifact[] = [];
      let pages = 0;
      for await (const { data } of octokit.paginate.iterator(octokit.rest.actions.listArtifactsForRepo, { ...repo, name, per_page: 100 })) {
        const page = data.map((a) => RestArtifact.parse(a));
        all.push(...page);
        if (++pages >= MAX_ARTIFACT_PAGES || enough(page)) break;
      }
      return all;
    },
    async listRunArtifacts(runId, name) {
      const all = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, { ...repo, run_id: runId, ...(name ? { name } : {}), per_page: 100 });
      return all.map((a) => RestArtifact.parse(a));
    },
    async getRun(runId) {
      const { data } = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId, exclude_pull_requests: true });
      return { id: data.id, event: data.event, headBranch: data.head_branch, headSha: data.head_sha, headRepositoryId: data.head_repository?.id, repositoryId: data.repository?.id };
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
    tokenIdentity() {
      // A person's token (PAT) answers GET /user. Installation tokens (a workflow's
      // GITHUB_TOKEN, a GitHub App's) are refused there; GET /app names the app when
      // the credentials allow it. Otherwise the comment is matched as some app's bot.
      identity ??= octokit.rest.users.getAuthenticated().then(
        ({ data }) => ({ login: data.login }),
        () =>
          octokit.rest.apps.getAuthenticated().then(
            ({ data }) => (data?.slug ? { login: `${data.slug}[bot]` } : {}),
            () => ({}),
          ),
      );
      return identity;
    },
  };
}
