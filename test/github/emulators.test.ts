// Proves the emulators with the real clients: @actions/artifact (Twirp + Azurite for the
// same run, REST redirect + Azurite across runs), @actions/github's Octokit, plugin-retry.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UploadArtifactResponse } from "@actions/artifact";
import { startGitHubEmulator, type GitHubEmulator } from "../emulators/index.ts";
import { loadDescription } from "../emulators/openapi.ts";

const OWNER = "acme";
const REPO = "widgets";
// As in a webhook payload's repository.id: the action compares artifacts' workflow_run ids with it.
const REPO_ID = 186853002;
const WRITE = "ghs_write_token";
const READ = "ghs_fork_read_token";
const HUMAN = "ghp_human_token";
const MAIN_SHA = "1".repeat(40);
const PR_SHA = "2".repeat(40);
const MARKER = "<!-- perf-gate -->";
const ENV_KEYS = ["GITHUB_API_URL", "GITHUB_SERVER_URL", "ACTIONS_RESULTS_URL", "ACTIONS_RUNTIME_TOKEN", "GITHUB_WORKSPACE"] as const;

let gh: GitHubEmulator;
let dir: string;
let savedEnv: Record<string, string | undefined>;
// The clients read GITHUB_API_URL when they are loaded: import them once the emulator runs.
let artifactLib: typeof import("@actions/artifact");
let github: typeof import("@actions/github");
let retry: typeof import("@octokit/plugin-retry").retry;
let throttling: typeof import("@octokit/plugin-throttling").throttling;

const files = { "report.json": JSON.stringify({ schema: 1, metrics: [1, 2, 3] }), "raw/samples.bin": randomBytes(64 * 1024).toString("base64") };
/** The violations the description test provokes on purpose; every other request must fit GitHub's description. */
const PROVOKED = [
  { method: "POST", path: `/repos/${OWNER}/${REPO}/nonsense`, problem: `no path of the description matches /repos/${OWNER}/${REPO}/nonsense` },
  { method: "POST", path: `/repos/${OWNER}/${REPO}/issues/7/comments`, problem: "request body at /body must be string" },
];

function asRun(runId: number): void {
  process.env.ACTIONS_RUNTIME_TOKEN = gh.runtimeToken(runId);
}

async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(files)) out[name] = await readFile(join(root, name), "utf8");
  return out;
}

let baseline: Promise<{ uploaded: UploadArtifactResponse; twirp: string[] }> | undefined;
/**
 * main's artifact "perf-gate-baseline", uploaded from run 100 on first use (a run holds one
 * artifact of a name), with the results service calls the upload made.
 */
function mainBaseline(): Promise<{ uploaded: UploadArtifactResponse; twirp: string[] }> {
  baseline ??= (async () => {
    asRun(100);
    const src = join(dir, "upload");
    const before = gh.requests.length;
    const uploaded = await new artifactLib.DefaultArtifactClient().uploadArtifact(
      "perf-gate-baseline",
      Object.keys(files).map((f) => join(src, f)),
      src,
    );
    const twirp = gh.requests
      .slice(before)
      .filter((r) => r.path.startsWith("/twirp/"))
      .map((r) => `${r.path.split("/").pop()} ${r.status}`);
    return { uploaded, twirp };
  })();
  return baseline;
}

/** The id of main's artifact (see mainBaseline). */
const mainBaselineId = async (): Promise<number> => (await mainBaseline()).uploaded.id ?? 0;

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : undefined;
}

beforeAll(async () => {
  gh = await startGitHubEmulator({ owner: OWNER, repo: REPO, repositoryId: REPO_ID });
  console.log(`emulator start: ${gh.startup.totalMs} ms (REST description ${gh.startup.descriptionMs} ms)`);
  dir = await mkdtemp(join(tmpdir(), "perf-gate-emulators-"));
  savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_SERVER_URL: "https://github.com", ACTIONS_RESULTS_URL: gh.resultsUrl, GITHUB_WORKSPACE: dir });
  artifactLib = await import("@actions/artifact");
  github = await import("@actions/github");
  retry = (await import("@octokit/plugin-retry")).retry;
  throttling = (await import("@octokit/plugin-throttling")).throttling;

  gh.addToken(WRITE, "write");
  gh.addToken(READ, "read");
  gh.addToken(HUMAN, "write", "octocat");
  gh.addPullRequest({ number: 7, headSha: PR_SHA, headRef: "faster-parser", baseRef: "main", headRepository: `${OWNER}/${REPO}` });
  gh.addRun({ id: 100, headBranch: "main", headSha: MAIN_SHA, event: "push" });
  gh.addRun({ id: 200, headBranch: "faster-parser", headSha: PR_SHA, event: "pull_request", pullRequests: [{ number: 7, headSha: PR_SHA }] });

  const src = join(dir, "upload");
  await mkdir(join(src, "raw"), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(src, name), text);
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  const violations = gh?.violations ?? [];
  await gh?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  // Nothing wrong in any call of the tests that ran, but what the description test provokes.
  expect(violations.filter((v) => !PROVOKED.some((p) => p.method === v.method && p.path === v.path && p.problem === v.problem))).toEqual([]);
});

describe("artifacts through @actions/artifact, Twirp and Azurite", () => {
  it("uploads a directory as run 100 on main", async () => {
    const { uploaded, twirp } = await mainBaseline();
    expect(uploaded.id).toBeGreaterThan(0);
    expect(uploaded.digest).toMatch(/^[0-9a-f]{64}$/);
    const stored = gh.artifacts().find((a) => a.id === uploaded.id);
    expect(stored).toMatchObject({ name: "perf-gate-baseline", runId: 100, size: uploaded.size, expired: false });
    // The calls went to the results service, authorized by the runtime token.
    expect(twirp).toEqual(["CreateArtifact 200", "FinalizeArtifact 200"]);
  });

  it("refuses a second artifact of the same name in the same run", async () => {
    await mainBaseline();
    asRun(100);
    const src = join(dir, "upload");
    const client = new artifactLib.DefaultArtifactClient();
    await expect(client.uploadArtifact("perf-gate-baseline", [join(src, "report.json")], src)).rejects.toThrow(/409|already exists/);
  });

  it("finds main's artifact by name from run 200 and downloads it through the REST redirect", async () => {
    const baselineId = await mainBaselineId();
    asRun(200);
    const octokit = github.getOctokit(WRITE);
    const { data } = await octokit.rest.actions.listArtifactsForRepo({ owner: OWNER, repo: REPO, name: "perf-gate-baseline", per_page: 100 });
    expect(data.total_count).toBe(1);
    const [found] = data.artifacts;
    expect(found).toMatchObject({ id: baselineId, expired: false, workflow_run: { id: 100, repository_id: REPO_ID, head_repository_id: REPO_ID, head_branch: "main", head_sha: MAIN_SHA } });

    const { data: run } = await octokit.rest.actions.getWorkflowRun({ owner: OWNER, repo: REPO, run_id: 200 });
    expect(run.pull_requests?.map((p) => p.number)).toEqual([7]);

    const out = join(dir, "download-public");
    const client = new artifactLib.DefaultArtifactClient();
    const result = await client.downloadArtifact(baselineId, { path: out, findBy: { token: WRITE, workflowRunId: 100, repositoryOwner: OWNER, repositoryName: REPO } });
    expect(result.downloadPath).toBe(out);
    expect(await readTree(out)).toEqual(files);
    expect(gh.requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/actions/artifacts/${baselineId}/zip` && r.status === 302)).toBe(true);

    const listed = await client.listArtifacts({ findBy: { token: WRITE, workflowRunId: 100, repositoryOwner: OWNER, repositoryName: REPO } });
    expect(listed.artifacts.map((a) => a.id)).toEqual([baselineId]);
    const got = await client.getArtifact("perf-gate-baseline", { findBy: { token: READ, workflowRunId: 100, repositoryOwner: OWNER, repositoryName: REPO } });
    expect(got.artifact.id).toBe(baselineId);
  });

  it("lists and downloads within the same run without findBy (Twirp signed URL)", async () => {
    const baselineId = await mainBaselineId();
    asRun(100);
    const client = new artifactLib.DefaultArtifactClient();
    const { artifacts } = await client.listArtifacts();
    expect(artifacts.map((a) => [a.id, a.name])).toEqual([[baselineId, "perf-gate-baseline"]]);
    const out = join(dir, "download-internal");
    await client.downloadArtifact(baselineId, { path: out });
    expect(await readTree(out)).toEqual(files);
    // Another run's token sees none of run 100's artifacts through the results service.
    asRun(200);
    expect((await client.listArtifacts()).artifacts).toEqual([]);
  });

  it("answers 410 for an expired artifact and hides it from the results service", async () => {
    gh.addRun({ id: 300, headBranch: "main", headSha: "3".repeat(40), event: "push" });
    asRun(300);
    const src = join(dir, "upload");
    const client = new artifactLib.DefaultArtifactClient();
    const { id = 0 } = await client.uploadArtifact("old-baseline", [join(src, "report.json")], src);
    gh.expireArtifact(id);
    const octokit = github.getOctokit(READ);
    const error = await octokit.rest.actions.downloadArtifact({ owner: OWNER, repo: REPO, artifact_id: id, archive_format: "zip", request: { redirect: "manual" } }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(410);
    const { data } = await octokit.rest.actions.listArtifactsForRepo({ owner: OWNER, repo: REPO, name: "old-baseline" });
    expect(data.artifacts.map((a) => [a.id, a.expired])).toEqual([[id, true]]);
    expect((await client.listArtifacts()).artifacts).toEqual([]);
  });

  it("keeps a fork PR run's artifact on that run, with the fork as head repository", async () => {
    gh.addRun({ id: 400, headBranch: "patch-1", headSha: "4".repeat(40), event: "pull_request", headRepository: "forker/widgets", pullRequests: [] });
    asRun(400);
    const src = join(dir, "upload");
    const { id } = await new artifactLib.DefaultArtifactClient().uploadArtifact("perf-gate-result", [join(src, "report.json")], src, { retentionDays: 5 });
    const octokit = github.getOctokit(WRITE);
    const listed = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, { owner: OWNER, repo: REPO, run_id: 400, name: "perf-gate-result", per_page: 100 });
    expect(listed.map((a) => a.id)).toEqual([id]);
    expect(listed[0]?.workflow_run).toMatchObject({ id: 400, repository_id: REPO_ID, head_branch: "patch-1" });
    expect(listed[0]?.workflow_run?.head_repository_id).not.toBe(REPO_ID);
    // The retention the client asked for (CreateArtifact's expires_at) is the REST expires_at.
    const days = (Date.parse(listed[0]?.expires_at ?? "") - Date.parse(listed[0]?.created_at ?? "")) / 86_400_000;
    expect(Math.round(days)).toBe(5);
    const { data: run } = await octokit.rest.actions.getWorkflowRun({ owner: OWNER, repo: REPO, run_id: 400 });
    expect(run.head_repository.full_name).toBe("forker/widgets");
    expect(run.repository.id).toBe(REPO_ID);
  });

  it("rejects a Twirp call without a valid runtime token", async () => {
    const response = await fetch(`${gh.resultsUrl}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer not-a-jwt" },
      body: JSON.stringify({ workflow_run_backend_id: "x", workflow_job_run_backend_id: "y" }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "unauthenticated" });
  });
});

describe("a sticky PR comment through @actions/github", () => {
  /** The action's flow: paginate the comments, find the bot's marked one, update it or create one. */
  async function upsert(body: string): Promise<"created" | "updated"> {
    const octokit = github.getOctokit(WRITE);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: OWNER, repo: REPO, issue_number: 7, per_page: 100 });
    const mine = comments.find((c) => c.user?.login === "github-actions[bot]" && c.user.type === "Bot" && c.body?.includes(MARKER));
    if (mine) {
      await octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: mine.id, body });
      return "updated";
    }
    await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 7, body });
    return "created";
  }

  it("creates the comment once, then finds it past the first page and updates it", async () => {
    const human = github.getOctokit(HUMAN);
    for (let i = 0; i < 101; i++) await human.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 7, body: `chatter ${i}` });
    expect(await upsert(`${MARKER}\nfirst`)).toBe("created");
    for (let i = 0; i < 5; i++) await human.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 7, body: `more ${i}` });
    expect(await upsert(`${MARKER}\nsecond`)).toBe("updated");

    const all = gh.comments(7);
    expect(all).toHaveLength(107);
    const bot = all.filter((c) => c.user.login === "github-actions[bot]");
    expect(bot).toHaveLength(1);
    expect(bot[0]).toMatchObject({ body: `${MARKER}\nsecond`, user: { type: "Bot" } });
    expect(bot[0]?.html_url).toBe(`https://github.com/${OWNER}/${REPO}/pull/7#issuecomment-${bot[0]?.id}`);
    expect(all[0]?.user).toEqual({ login: "octocat", type: "User" });
    // The bot's comment is the 102nd: only the Link header's next page reaches it.
    expect(gh.requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/issues/7/comments` && r.query.includes("page=2") && r.status === 200)).toBe(true);
  });

  it("refuses GET /user to the workflow token and answers it for a person's token", async () => {
    const bot = await github
      .getOctokit(WRITE)
      .rest.users.getAuthenticated()
      .catch((e: unknown) => e);
    expect(statusOf(bot)).toBe(403);
    const { data } = await github.getOctokit(HUMAN).rest.users.getAuthenticated();
    expect(data.login).toBe("octocat");
  });

  it("refuses writes with a fork's read-only token (403) and unknown tokens (401)", async () => {
    const fork = github.getOctokit(READ);
    const denied = await fork.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 7, body: "x" }).catch((e: unknown) => e);
    expect(statusOf(denied)).toBe(403);
    expect(String(denied)).toContain("Resource not accessible by integration");
    // Reading still works with that token.
    const { data } = await fork.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 7 });
    expect(data.head).toMatchObject({ sha: PR_SHA, ref: "faster-parser" });
    const unknown = await github
      .getOctokit("ghs_nobody")
      .rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 7 })
      .catch((e: unknown) => e);
    expect(statusOf(unknown)).toBe(401);
  });

  it("finds the pull request of a commit", async () => {
    const octokit = github.getOctokit(WRITE);
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: OWNER, repo: REPO, commit_sha: PR_SHA });
    expect(data.map((p) => p.number)).toEqual([7]);
    const none = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: OWNER, repo: REPO, commit_sha: MAIN_SHA });
    expect(none.data).toEqual([]);
  });

  it("retries injected 502s with plugin-retry and succeeds on the third try", async () => {
    gh.failNext({ method: "GET", path: /\/pulls\/7$/ }, 2);
    // The action's setup: retry and throttling (which reads the rate-limit headers).
    const throttle = { onRateLimit: () => false, onSecondaryRateLimit: () => false };
    const octokit = github.getOctokit(WRITE, { retry: { retryAfterBaseValue: 10 }, throttle }, retry, throttling);
    const before = gh.requests.length;
    const { data } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 7 });
    expect(data.number).toBe(7);
    expect(gh.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /repos/${OWNER}/${REPO}/pulls/7 502`,
      `GET /repos/${OWNER}/${REPO}/pulls/7 502`,
      `GET /repos/${OWNER}/${REPO}/pulls/7 200`,
    ]);
  });
});

describe("a separate process configured only through the environment, as the bundled action runs", () => {
  it("uploads through Twirp and Azurite and comments through the REST API", async () => {
    gh.addRun({ id: 500, headBranch: "main", headSha: "5".repeat(40), event: "push" });
    const script = `
      import { DefaultArtifactClient } from "@actions/artifact";
      import { getOctokit } from "@actions/github";
      const dir = process.env.UPLOAD_DIR;
      const { id } = await new DefaultArtifactClient().uploadArtifact("from-process", [dir + "/report.json"], dir);
      const octokit = getOctokit(process.env.TOKEN);
      await octokit.rest.issues.createComment({ owner: "${OWNER}", repo: "${REPO}", issue_number: 7, body: "uploaded " + id });
    `;
    const env = {
      PATH: process.env.PATH,
      GITHUB_API_URL: gh.apiUrl,
      GITHUB_SERVER_URL: "https://github.com",
      ACTIONS_RESULTS_URL: gh.resultsUrl,
      ACTIONS_RUNTIME_TOKEN: gh.runtimeToken(500),
      GITHUB_WORKSPACE: dir,
      UPLOAD_DIR: join(dir, "upload"),
      TOKEN: WRITE,
    };
    // Asynchronous: this process must keep serving the emulator while the child runs.
    await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), env });
    const uploaded = gh.artifacts().find((a) => a.name === "from-process");
    expect(uploaded).toMatchObject({ runId: 500, expired: false });
    expect(gh.comments(7).at(-1)).toMatchObject({ body: `uploaded ${uploaded?.id}`, user: { login: "github-actions[bot]", type: "Bot" } });
  });
});

describe("validation against GitHub's REST description", () => {
  it("records a request the description does not know and a body of the wrong type", async () => {
    const before = gh.violations.length;
    const response = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/nonsense`, { method: "POST", headers: { authorization: `token ${WRITE}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: "Not Found", status: "404" });

    const octokit = github.getOctokit(WRITE);
    // A plain string route drops Octokit's typing, so the wrong type reaches the wire.
    const route: string = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
    const error = await octokit.request(route, { owner: OWNER, repo: REPO, issue_number: 7, body: 5 }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(422);

    expect(gh.violations.slice(before)).toEqual(PROVOKED);
    expect(gh.comments(7).some((c) => c.body === "5")).toBe(false);
  });

  it("holds responses to the documented schema (a pull request without its required fields fails)", () => {
    const description = loadDescription();
    const { match } = description.checkRequest("GET", `/repos/${OWNER}/${REPO}/pulls/7`, new URLSearchParams(), undefined);
    expect(match?.operationId).toBe("pulls/get");
    if (!match) return;
    expect(description.checkResponse(match, 200, { number: 7 }).join()).toMatch(/must have required property/);
    expect(description.checkResponse(match, 201, undefined)).toEqual(["status 201 is not a documented response of pulls/get"]);
    const query = description.checkRequest("GET", `/repos/${OWNER}/${REPO}/actions/artifacts`, new URLSearchParams("per_page=lots&colour=red"), undefined);
    expect(query.problems).toEqual(["query parameter per_page must be integer", "query parameter colour is not a parameter of actions/list-artifacts-for-repo"]);
  });
});
