// GitHub-shaped JSON for the few resources the emulator serves, with every field the
// REST description marks as required (the response validator holds them to it).
import type { Json, JsonObject } from "./openapi-schema.ts";
import { isExpired, timestamp, type Artifact, type Comment, type PullRequest, type Run } from "./state.ts";

export interface Site {
  apiUrl: string;
  owner: string;
  repo: string;
  /** The emulated repository's id (webhook payloads carry it as repository.id). */
  repositoryId: number;
}

const WEB = "https://github.com";

/** A stable positive id for a name, so the same login or repository always gets one id. */
export function idOf(name: string): number {
  let hash = 7;
  for (const char of name.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return hash + 1;
}

/** The id of a repository: the emulated one's own, any other (a fork) a stable hash. */
export function repositoryIdOf(site: Site, fullName: string): number {
  return fullName.toLowerCase() === `${site.owner}/${site.repo}`.toLowerCase() ? site.repositoryId : idOf(fullName);
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64");
}

export function user(site: Site, login: string): JsonObject {
  const id = idOf(login);
  const api = `${site.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId("User", id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${WEB}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    user_view_type: "public",
    site_admin: false,
  };
}

/** GET /user for a person's token (`private-user`: the token's owner sees private fields). */
export function authenticatedUser(site: Site, login: string): JsonObject {
  const created = "2020-01-01T00:00:00Z";
  return {
    ...user(site, login),
    user_view_type: "private",
    name: null,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** The `minimal-repository` fields; `repository` adds the counters and flags. */
export function minimalRepository(site: Site, fullName: string): JsonObject {
  const [owner = "", name = ""] = fullName.split("/");
  const id = repositoryIdOf(site, fullName);
  const api = `${site.apiUrl}/repos/${fullName}`;
  return {
    id,
    node_id: nodeId("Repository", id),
    name,
    full_name: fullName,
    owner: user(site, owner),
    private: false,
    html_url: `${WEB}/${fullName}`,
    description: null,
    fork: fullName.toLowerCase() !== `${site.owner}/${site.repo}`.toLowerCase(),
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
}

export function repository(site: Site, fullName: string): JsonObject {
  const created = "2024-01-01T00:00:00Z";
  return {
    ...minimalRepository(site, fullName),
    clone_url: `${WEB}/${fullName}.git`,
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    svn_url: `${WEB}/${fullName}`,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    default_branch: "main",
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 100,
    open_issues: 0,
    open_issues_count: 0,
    has_downloads: true,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    archived: false,
    disabled: false,
    visibility: "public",
    license: null,
    pushed_at: created,
    created_at: created,
    updated_at: created,
  };
}

function link(href: string): JsonObject {
  return { href };
}

/** Fields shared by `pull-request` and `pull-request-simple`. */
function pullRequestCommon(site: Site, pr: PullRequest): JsonObject {
  const full = `${site.owner}/${site.repo}`;
  const api = `${site.apiUrl}/repos/${full}`;
  const id = idOf(`${full}#${pr.number}`);
  const author = pr.headRepository.split("/")[0] ?? site.owner;
  const htmlUrl = `${WEB}/${full}/pull/${pr.number}`;
  return {
    url: `${api}/pulls/${pr.number}`,
    id,
    node_id: nodeId("PullRequest", id),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: "open",
    locked: false,
    title: `Pull request #${pr.number}`,
    user: user(site, author),
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.createdAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${author}:${pr.headRef}`,
      ref: pr.headRef,
      sha: pr.headSha,
      user: user(site, author),
      repo: repository(site, pr.headRepository),
    },
    base: {
      label: `${site.owner}:${pr.baseRef}`,
      ref: pr.baseRef,
      // The emulator does not track the base branch's tip; a fixed sha stands for it.
      sha: "0".repeat(40),
      user: user(site, site.owner),
      repo: repository(site, full),
    },
    _links: {
      self: link(`${api}/pulls/${pr.number}`),
      html: link(htmlUrl),
      issue: link(`${api}/issues/${pr.number}`),
      comments: link(`${api}/issues/${pr.number}/comments`),
      review_comments: link(`${api}/pulls/${pr.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${pr.number}/commits`),
      statuses: link(`${api}/statuses/${pr.headSha}`),
    },
    author_association: "CONTRIBUTOR",
    auto_merge: null,
    draft: false,
  };
}

export function pullRequestSimple(site: Site, pr: PullRequest): JsonObject {
  return pullRequestCommon(site, pr);
}

export function pullRequest(site: Site, pr: PullRequest): JsonObject {
  return {
    ...pullRequestCommon(site, pr),
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: "unknown",
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

/** A run's pull_requests entry (`pull-request-minimal`). */
export function pullRequestMinimal(site: Site, entry: { number: number; headSha: string }, pr: PullRequest | undefined): JsonObject {
  const full = `${site.owner}/${site.repo}`;
  const api = `${site.apiUrl}/repos/${full}`;
  const repoRef = (fullName: string): JsonObject => ({ id: repositoryIdOf(site, fullName), url: `${site.apiUrl}/repos/${fullName}`, name: fullName.split("/")[1] ?? "" });
  return {
    id: idOf(`${full}#${entry.number}`),
    number: entry.number,
    url: `${api}/pulls/${entry.number}`,
    head: { ref: pr?.headRef ?? `pr-${entry.number}`, sha: entry.headSha, repo: repoRef(pr?.headRepository ?? full) },
    base: { ref: pr?.baseRef ?? "main", sha: "0".repeat(40), repo: repoRef(full) },
  };
}

export function workflowRun(site: Site, run: Run, pullRequests: Json[]): JsonObject {
  const full = `${site.owner}/${site.repo}`;
  const api = `${site.apiUrl}/repos/${full}/actions/runs/${run.id}`;
  const workflowId = idOf(`${full}/.github/workflows/perf.yml`);
  return {
    id: run.id,
    name: "perf",
    node_id: nodeId("WorkflowRun", run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: ".github/workflows/perf.yml",
    display_title: `${run.event} on ${run.headBranch}`,
    run_number: run.id,
    run_attempt: 1,
    event: run.event,
    status: "in_progress",
    conclusion: null,
    workflow_id: workflowId,
    check_suite_id: run.id,
    check_suite_node_id: nodeId("CheckSuite", run.id),
    url: api,
    html_url: `${WEB}/${full}/actions/runs/${run.id}`,
    pull_requests: pullRequests,
    created_at: run.createdAt,
    updated_at: run.createdAt,
    run_started_at: run.createdAt,
    actor: user(site, run.headRepository.split("/")[0] ?? site.owner),
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${site.apiUrl}/repos/${full}/check-suites/${run.id}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${site.apiUrl}/repos/${full}/actions/workflows/${workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: "f".repeat(40),
      message: "commit",
      timestamp: run.createdAt,
      author: { name: "Octo Cat", email: "octocat@example.com" },
      committer: { name: "GitHub", email: "noreply@github.com" },
    },
    repository: minimalRepository(site, full),
    head_repository: minimalRepository(site, run.headRepository),
  };
}

export function artifact(site: Site, a: Artifact, run: Run | undefined): JsonObject {
  const full = `${site.owner}/${site.repo}`;
  const api = `${site.apiUrl}/repos/${full}/actions/artifacts/${a.id}`;
  return {
    id: a.id,
    node_id: nodeId("Artifact", a.id),
    name: a.name,
    size_in_bytes: a.size,
    url: api,
    archive_download_url: `${api}/zip`,
    expired: isExpired(a),
    ...(a.digest ? { digest: a.digest } : {}),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    expires_at: a.expiresAt,
    workflow_run: run ? { id: run.id, repository_id: site.repositoryId, head_repository_id: repositoryIdOf(site, run.headRepository), head_branch: run.headBranch, head_sha: run.headSha } : null,
  };
}

export function issueComment(site: Site, c: Comment): JsonObject {
  const full = `${site.owner}/${site.repo}`;
  return {
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    url: `${site.apiUrl}/repos/${full}/issues/comments/${c.id}`,
    html_url: `${WEB}/${full}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: user(site, c.login),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${site.apiUrl}/repos/${full}/issues/${c.issueNumber}`,
    author_association: "NONE",
    performed_via_github_app: c.app ? app(site, c.app) : null,
    reactions: {
      url: `${site.apiUrl}/repos/${full}/issues/comments/${c.id}/reactions`,
      total_count: 0,
      "+1": 0,
      "-1": 0,
      laugh: 0,
      confused: 0,
      heart: 0,
      hooray: 0,
      eyes: 0,
      rocket: 0,
    },
  };
}

/** A GitHub App (`integration`), as GET /app and a comment's performed_via_github_app show it. */
export function app(site: Site, a: { slug: string; id: number }): JsonObject {
  const created = "2024-01-01T00:00:00Z";
  return {
    id: a.id,
    slug: a.slug,
    node_id: nodeId("Integration", a.id),
    client_id: `Iv1.${a.id.toString(16).padStart(16, "0")}`,
    owner: user(site, site.owner),
    name: a.slug,
    description: null,
    external_url: `https://example.com/${a.slug}`,
    html_url: `${WEB}/apps/${a.slug}`,
    created_at: created,
    updated_at: created,
    permissions: { issues: "write", pull_requests: "write", actions: "read", contents: "read" },
    events: [],
    installations_count: 1,
  };
}

/** GitHub's error body: message, documentation_url, status (a string). */
export function errorBody(status: number, message: string, documentationUrl = "https://docs.github.com/rest"): JsonObject {
  return { message, documentation_url: documentationUrl, status: String(status) };
}

export { timestamp };
