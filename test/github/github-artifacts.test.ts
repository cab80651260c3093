// The action's GitHub adapters (src/github) against the emulators, in this process: the /zip
// download with its retries and digest check, artifact ownership on a name conflict, rate
// limits that are waited out only briefly, paging that stops, and the comment author of each
// kind of token. Also proves the emulator's own strictness (permissions, auth, limits, jobs).
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGitHubEmulator, type GitHubEmulator } from "../emulators/index.ts";

const OWNER = "acme";
const REPO = "gauges";
const REPO_ID = 424_242;
const WRITE = "ghs_adapter_write";
const MAIN_SHA = "1".repeat(40);
const PR_SHA = "2".repeat(40);
const ENV_KEYS = ["GITHUB_API_URL", "GITHUB_SERVER_URL", "ACTIONS_RESULTS_URL", "ACTIONS_RUNTIME_TOKEN", "GITHUB_WORKSPACE"] as const;

let gh: GitHubEmulator;
let dir: string;
let savedEnv: Record<string, string | undefined>;
let adapters: {
  octokit: typeof import("../../src/github/octokit.ts");
  rest: typeof import("../../src/github/rest.ts");
  artifacts: typeof import("../../src/github/artifacts.ts");
  comment: typeof import("../../src/github/comment.ts");
  download: typeof import("../../src/github/download.ts");
};
const warnings: string[] = [];
const log = { info: () => undefined, warning: (line: string) => warnings.push(line) };

function octokitFor(token: string) {
  return adapters.octokit.createOctokit({ token, log, retryBaseMs: 20 });
}

/** Uploads `files` as artifact `name` from job `job` (attempt `attempt`) of run `runId`, through the action's port. */
async function upload(runId: number, job: string, attempt: number, name: string, files: Record<string, string>) {
  process.env.ACTIONS_RUNTIME_TOKEN = gh.runtimeToken(runId, job);
  const root = await mkdtemp(join(dir, "up-"));
  for (const [file, text] of Object.entries(files)) await writeFile(join(root, file), text);
  const port = adapters.artifacts.artifactsPort({ octokit: octokitFor(WRITE), owner: OWNER, repo: REPO, uploader: { job, key: "", attempt }, backoffMs: 20 });
  return port.upload(
    name,
    Object.keys(files).map((f) => join(root, f)),
    root,
  );
}

async function download(id: number, runId: number, digest?: string | null): Promise<Record<string, string>> {
  const into = await mkdtemp(join(dir, "down-"));
  const port = adapters.artifacts.artifactsPort({ octokit: octokitFor(WRITE), owner: OWNER, repo: REPO, uploader: { job: "x", key: "", attempt: 1 }, backoffMs: 20 });
  await port.download({ id, runId, digest }, into);
  return { report: await readFile(join(into, "report.json"), "utf8") };
}

async function restArtifact(id: number) {
  const port = adapters.rest.restPort(octokitFor(WRITE), { owner: OWNER, repo: REPO });
  const all = await port.listArtifacts("perf-gate-baseline");
  const found = all.find((a) => a.id === id);
  if (!found) throw new Error(`artifact ${id} not listed`);
  return found;
}

beforeAll(async () => {
  gh = await startGitHubEmulator({ owner: OWNER, repo: REPO, repositoryId: REPO_ID });
  dir = await mkdtemp(join(tmpdir(), "perf-gate-adapters-"));
  await mkdir(dir, { recursive: true });
  savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_SERVER_URL: "https://github.com", ACTIONS_RESULTS_URL: gh.resultsUrl, GITHUB_WORKSPACE: dir });
  adapters = {
    octokit: await import("../../src/github/octokit.ts"),
    rest: await import("../../src/github/rest.ts"),
    artifacts: await import("../../src/github/artifacts.ts"),
    comment: await import("../../src/github/comment.ts"),
    download: await import("../../src/github/download.ts"),
  };
  gh.addToken(WRITE, "write");
  gh.addRun({ id: 100, headBranch: "main", headSha: MAIN_SHA, event: "push" });
  gh.addRun({ id: 101, headBranch: "main", headSha: MAIN_SHA, event: "push" });
  gh.addPullRequest({ number: 3, headSha: PR_SHA, headRef: "topic", baseRef: "main", headRepository: `${OWNER}/${REPO}` });
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  const violations = gh?.violations ?? [];
  await gh?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  // No request or answer of the tests that ran was outside GitHub's description.
  expect(violations).toEqual([]);
});

describe("the /zip download", () => {
  let baseline: Promise<{ id: number; digest: string | null | undefined }> | undefined;
  /** main's baseline artifact, uploaded from run 100 on first use (a run holds one artifact of a name), with its REST digest. */
  function mainBaseline(): Promise<{ id: number; digest: string | null | undefined }> {
    baseline ??= (async () => {
      const uploaded = await upload(100, "perf", 1, "perf-gate-baseline", { "report.json": '{"n":1}' });
      const id = uploaded.id ?? 0;
      return { id, digest: (await restArtifact(id)).digest };
    })();
    return baseline;
  }

  it("retries 5xx on /zip (Octokit) and a 410 or a cut-short blob (fresh URL), then checks the digest", async () => {
    const { id, digest } = await mainBaseline();
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    gh.failNext({ method: "GET", path: /\/zip$/ }, 2, 503);
    gh.failBlob("gone", 1);
    gh.failBlob("truncate", 1);
    const before = gh.requests.length;
    expect(await download(id, 100, digest)).toEqual({ report: '{"n":1}' });
    const seen = gh.requests.slice(before).map((r) => `${r.path.endsWith("/zip") ? "zip" : "blob"} ${r.status}`);
    expect(seen).toEqual(["zip 503", "zip 503", "zip 302", "blob 410", "zip 302", "blob 200", "zip 302"]);
  });

  it("a digest that does not match is unavailable after the retries, and nothing is written", async () => {
    const { id, digest } = await mainBaseline();
    await expect(download(id, 100, "sha256:" + "0".repeat(64))).rejects.toMatchObject({ name: "ArtifactUnavailable", reason: "digest" });
    gh.failBlob("corrupt", 3);
    await expect(download(id, 100, digest)).rejects.toMatchObject({ name: "ArtifactUnavailable", reason: "digest" });
  });

  it("a blob that stays gone is unavailable; an expired artifact is gone at once", async () => {
    const { id, digest } = await mainBaseline();
    gh.failBlob("gone", 3);
    await expect(download(id, 100, digest)).rejects.toThrow(/could not be downloaded after 3 attempts: blob storage answered 410/);
    const other = await upload(101, "perf", 1, "perf-gate-baseline", { "report.json": "{}" });
    gh.expireArtifact(other.id ?? 0);
    await expect(download(other.id ?? 0, 101)).rejects.toMatchObject({ reason: "expired" });
  });
});

describe("artifact names and ownership", () => {
  it("two jobs of one run: the second does not delete the first's artifact; a re-run of the first replaces its own", async () => {
    gh.addRun({ id: 300, headBranch: "main", headSha: MAIN_SHA, event: "push" });
    const linux = await upload(300, "linux", 1, "perf-gate-result", { "report.json": '"linux"' });
    await expect(upload(300, "mac", 1, "perf-gate-result", { "report.json": '"mac"' })).rejects.toThrow('the artifact name "perf-gate-result" is already used in this run by job "linux", attempt 1');
    const kept = gh.artifacts().filter((a) => a.runId === 300);
    expect(kept.map((a) => a.id)).toEqual([linux.id]);
    // The same job's second attempt takes its own name back.
    const rerun = await upload(300, "linux", 2, "perf-gate-result", { "report.json": '"linux again"' });
    expect(
      gh
        .artifacts()
        .filter((a) => a.runId === 300)
        .map((a) => a.id),
    ).toEqual([rerun.id]);
  });
});

describe("rate limits and paging", () => {
  it("a secondary limit with retry-after is waited out; a primary limit that resets in an hour is not", async () => {
    const port = adapters.rest.restPort(octokitFor(WRITE), { owner: OWNER, repo: REPO });
    gh.rateLimitNext({ method: "GET", path: /\/pulls\/3$/ }, 1, "secondary", 1);
    expect((await port.getPullRequest(3)).headSha).toBe(PR_SHA);
    gh.rateLimitNext({ method: "GET", path: /\/pulls\/3$/ }, 1, "primary", 3600, 429);
    const started = Date.now();
    await expect(port.getPullRequest(3)).rejects.toMatchObject({ status: 429 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(warnings.some((w) => /rate limit on GET .*giving up \(it resets in 36\d\d s\)/.test(w))).toBe(true);
  });

  it("a token out of its hourly budget gets GitHub's 403 and headers, and the action gives up at once", async () => {
    gh.addToken("ghs_small", { permissions: { actions: "read", "pull-requests": "read" }, limit: 2 });
    const port = adapters.rest.restPort(octokitFor("ghs_small"), { owner: OWNER, repo: REPO });
    await port.getPullRequest(3);
    await port.getPullRequest(3);
    await expect(port.getPullRequest(3)).rejects.toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } });
  });

  it("stops paging at a page that settles the search", async () => {
    const port = adapters.rest.restPort(octokitFor(WRITE), { owner: OWNER, repo: REPO });
    // Artifacts of the name searched for, from three runs (a run holds one of a name).
    for (const runId of [400, 401, 402]) {
      gh.addRun({ id: runId, headBranch: "topic", headSha: PR_SHA, event: "pull_request" });
      await upload(runId, "perf", 1, "perf-gate-baseline", { "report.json": "{}" });
    }
    let pages = 0;
    const all = await port.listArtifacts("perf-gate-baseline", () => ++pages >= 1);
    expect(pages).toBe(1);
    expect(all.length).toBeGreaterThan(0);
  });
});

describe("the comment author for each kind of token", () => {
  const post = async (token: string, id: string, text: string) => {
    const port = adapters.rest.restPort(octokitFor(token), { owner: OWNER, repo: REPO });
    const { login } = await port.tokenIdentity();
    return adapters.comment.upsertSticky(port, { issue: 3, author: login, id }, text);
  };

  it("GITHUB_TOKEN, a PAT and an App installation token each keep one comment", async () => {
    gh.addToken("ghp_person", "write", "octocat");
    gh.addToken("ghs_app_install", { app: { slug: "perf-bot", id: 77 }, permissions: { issues: "write", "pull-requests": "write" } });
    // A person's comment that quotes the marker is never taken for the bot's.
    await adapters.comment.upsertSticky(adapters.rest.restPort(octokitFor("ghp_person"), { owner: OWNER, repo: REPO }), { issue: 3, author: "octocat", id: "app" }, "quoted");
    for (const round of [1, 2, 3]) {
      await post(WRITE, "workflow", `workflow ${round}`);
      await post("ghp_person", "person", `person ${round}`);
      await post("ghs_app_install", "app", `app ${round}`);
    }
    const comments = gh.comments(3).filter((c) => c.body.startsWith("<!-- perf-gate:"));
    expect(comments.map((c) => [c.user.login, c.body])).toEqual([
      ["octocat", "<!-- perf-gate:app -->\nquoted"],
      ["github-actions[bot]", "<!-- perf-gate:workflow -->\nworkflow 3"],
      ["octocat", "<!-- perf-gate:person -->\nperson 3"],
      ["perf-bot[bot]", "<!-- perf-gate:app -->\napp 3"],
    ]);
    expect(comments.at(-1)?.app).toBe("perf-bot");
  });
});

describe("the emulator is as strict as GitHub", () => {
  it("a private repository answers nothing without a token; /zip needs one always", async () => {
    const anonymous = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/pulls/3`);
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get("x-ratelimit-limit")).toBe("60");
  });

  it("each endpoint needs its own scope: a token without actions: read cannot list artifacts", async () => {
    gh.addToken("ghs_no_actions", { permissions: { "pull-requests": "write" } });
    const port = adapters.rest.restPort(octokitFor("ghs_no_actions"), { owner: OWNER, repo: REPO });
    await expect(port.listArtifacts("perf-gate-baseline")).rejects.toMatchObject({ status: 403 });
    expect((await port.getPullRequest(3)).number).toBe(3);
    const user = await fetch(`${gh.apiUrl}/user`, { headers: { authorization: "token ghs_no_actions" } });
    expect(user.status).toBe(403);
    const app = await fetch(`${gh.apiUrl}/app`, { headers: { authorization: "token ghs_no_actions" } });
    expect(app.status).toBe(401);
  });
});
