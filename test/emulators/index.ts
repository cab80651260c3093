// Local stand-ins for GitHub's REST API and the Actions artifact (results) service, on
// loopback, with a real Azure blob store (Azurite) behind the signed URLs. End-to-end
// tests point GITHUB_API_URL / ACTIONS_RESULTS_URL / ACTIONS_RUNTIME_TOKEN at them and
// run the real clients (@actions/artifact, @actions/github) or the bundled action.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { startAzurite } from "./azurite.ts";
import { signJwt } from "./jwt.ts";
import { loadDescription } from "./openapi.ts";
import { createEmulatorServer, type RecordedRequest, type Violation } from "./server.ts";
import { type BlobFault, EmulatorState, isExpired, type Level, type Scope, timestamp, type Token } from "./state.ts";
import { idOf, issueComment } from "./github-objects.ts";
import { zipFiles } from "./zip.ts";

export interface GitHubEmulator {
  apiUrl: string;
  /** The repository's id in every answer (artifacts' workflow_run.repository_id, head_repository_id, repository objects). */
  repositoryId: number;
  resultsUrl: string;
  /**
   * ACTIONS_RUNTIME_TOKEN for job `job` (default "perf") of workflow run `runId` (a JWT whose
   * `scp` claim carries Actions.Results:<runBackendId>:<jobBackendId>). Each job name is its own
   * job of the run: artifact names are unique per run, across its jobs, as on GitHub.
   */
  runtimeToken(runId: number, job?: string): string;
  /** Registers a workflow run (what GitHub knows about it: head branch and sha, event, pull_requests). */
  addRun(run: { id: number; headBranch: string; headSha: string; event: string; pullRequests?: Array<{ number: number; headSha: string }>; headRepository?: string }): void;
  /** Registers a pull request (for GET /repos/{o}/{r}/pulls/{n} and lookups by head sha). */
  addPullRequest(pr: { number: number; headSha: string; headRef: string; baseRef: string; headRepository: string }): void;
  /**
   * Tokens. `write`: a workflow's GITHUB_TOKEN with actions/contents read and issues/pull-requests
   * write; `read`: a fork pull request's (everything read). A login without `[bot]` makes a
   * person's token (PAT: every scope, GET /user answers). A spec sets the kind, the permissions
   * (unnamed scopes are `none`, as with a workflow's `permissions:` block), the App and the
   * hourly rate limit. Unknown tokens get 401.
   */
  addToken(token: string, access: "write" | "read" | TokenSpec, login?: string): void;
  /**
   * The next `times` requests matching method + path regex (and the token, when given) answer
   * `status` (default 502) with a GitHub-style error body.
   */
  failNext(match: FaultMatch, times: number, status?: number): void;
  /**
   * The next `times` matching requests hit a rate limit: `primary` (403 with
   * x-ratelimit-remaining 0 and a reset `seconds` away) or `secondary` (403 with retry-after `seconds`).
   */
  rateLimitNext(match: FaultMatch, times: number, kind: "primary" | "secondary", seconds: number, status?: 403 | 429): void;
  /** The next `times` /zip redirects (of that token, when given) lead to a blob that is gone (410), cut short, or has a byte changed. */
  failBlob(fault: BlobFault, times: number, token?: string): void;
  /** Replaces the digest the REST API reports for an artifact; returns the one it had. */
  setDigest(id: number, digest: string | undefined): string | undefined;
  /**
   * Seeds a finalized artifact of run `runId` (job `job`, default "perf") holding `files`, zipped
   * into Azurite with its sha256 digest, as if the job had uploaded it; returns its id.
   */
  addArtifact(artifact: { name: string; runId: number; files: Record<string, string | Buffer>; job?: string }): Promise<number>;
  /** Seeds a comment on pull request `issueNumber`, written by `login` (github-actions[bot] by default); returns its id. */
  addComment(comment: { issueNumber: number; body: string; login?: string }): number;
  comments(issueNumber: number): Array<{ id: number; body: string; user: { login: string; type: string }; html_url: string; app?: string }>;
  artifacts(): Array<{ id: number; name: string; runId: number; size: number; expired: boolean; createdAt: string }>;
  expireArtifact(id: number): void;
  /** Every request received, in order of the answers. */
  requests: RecordedRequest[];
  /** Requests that do not fit GitHub's description (or the Twirp messages), and answers of the emulator that do not fit the documented schema. */
  violations: Violation[];
  /** Milliseconds the start took, and the part spent loading the REST description. */
  startup: { totalMs: number; descriptionMs: number };
  close(): Promise<void>;
}

export interface FaultMatch {
  method: string;
  path: RegExp;
  token?: string;
}

export interface TokenSpec {
  kind?: Token["kind"];
  login?: string;
  permissions?: Partial<Record<Scope, Level>>;
  app?: { slug: string; id: number };
  /** Requests allowed in the hour (5,000 by default, as for GITHUB_TOKEN). */
  limit?: number;
}

const WORKFLOW_WRITE: Partial<Record<Scope, Level>> = { actions: "read", contents: "read", issues: "write", "pull-requests": "write" };
const FORK_READ: Partial<Record<Scope, Level>> = { actions: "read", contents: "read", issues: "read", "pull-requests": "read" };

export interface EmulatorOptions {
  owner: string;
  repo: string;
  /** A private repository (the default) answers nothing without a token; a public one answers reads. */
  visibility?: "public" | "private";
  /** Match the repository.id of the webhook payload the action reads (the action compares them). */
  repositoryId?: number;
}

export async function startGitHubEmulator(options: EmulatorOptions): Promise<GitHubEmulator> {
  const started = performance.now();
  // Azurite starts in its own process while the description loads here.
  const azuritePromise = startAzurite();
  let description;
  try {
    description = loadDescription();
  } catch (error) {
    await (await azuritePromise).close();
    throw error;
  }
  const azurite = await azuritePromise;

  const state = new EmulatorState();
  const jwtSecret = randomBytes(32).toString("hex");
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const site = { apiUrl: "", owner: options.owner, repo: options.repo, repositoryId: options.repositoryId ?? idOf(`${options.owner}/${options.repo}`), visibility: options.visibility ?? "private" };
  const server = createEmulatorServer({ site, state, azurite, description, jwtSecret, requests, violations });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  site.apiUrl = `http://127.0.0.1:${port}`;

  const requireRun = (runId: number) => {
    const run = state.runs.get(runId);
    if (!run) throw new Error(`run ${runId} is not registered: call addRun({ id: ${runId}, ... }) first`);
    return run;
  };
  /** The backend id of job `job` of the run, a new job on first use. */
  const jobOf = (run: ReturnType<typeof requireRun>, job: string): string => {
    let jobBackendId = run.jobs.get(job);
    if (!jobBackendId) {
      jobBackendId = randomUUID();
      run.jobs.set(job, jobBackendId);
    }
    return jobBackendId;
  };

  return {
    apiUrl: site.apiUrl,
    repositoryId: site.repositoryId,
    resultsUrl: site.apiUrl,
    requests,
    violations,
    startup: { totalMs: Math.round(performance.now() - started), descriptionMs: description.loadMs },
    runtimeToken(runId, job = "perf") {
      const run = requireRun(runId);
      const now = Math.floor(Date.now() / 1000);
      const jobBackendId = jobOf(run, job);
      return signJwt(
        {
          scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${run.backendId}:${jobBackendId}`,
          iss: "vstoken.actions.githubusercontent.com",
          aud: "vso:emulator",
          nbf: now - 60,
          iat: now,
          exp: now + 6 * 3600,
        },
        jwtSecret,
      );
    },
    addRun(run) {
      const jobBackendId = randomUUID();
      state.runs.set(run.id, {
        id: run.id,
        headBranch: run.headBranch,
        headSha: run.headSha,
        event: run.event,
        pullRequests: run.pullRequests ?? [],
        headRepository: run.headRepository ?? `${options.owner}/${options.repo}`,
        backendId: randomUUID(),
        jobBackendId,
        jobs: new Map([["perf", jobBackendId]]),
        createdAt: timestamp(),
      });
    },
    addPullRequest(pr) {
      state.pullRequests.set(pr.number, { ...pr, createdAt: timestamp() });
    },
    addToken(token, access, login) {
      const spec: TokenSpec = typeof access === "string" ? { login, permissions: access === "write" ? WORKFLOW_WRITE : FORK_READ } : access;
      const name = spec.login ?? (spec.app ? `${spec.app.slug}[bot]` : "github-actions[bot]");
      const kind = spec.kind ?? (name.endsWith("[bot]") ? "installation" : "user");
      state.tokens.set(token, { kind, login: name, permissions: spec.permissions ?? {}, app: spec.app, limit: spec.limit ?? 5000, used: 0, reset: Math.floor(Date.now() / 1000) + 3600 });
    },
    failNext(match, times, status = 502) {
      state.failures.push({ method: match.method.toUpperCase(), path: match.path, remaining: times, status, token: match.token });
    },
    rateLimitNext(match, times, kind, seconds, status = 403) {
      state.failures.push({ method: match.method.toUpperCase(), path: match.path, remaining: times, status, limit: { kind, seconds }, token: match.token });
    },
    failBlob(fault, times, token) {
      state.blobFaults.push({ fault, remaining: times, token });
    },
    setDigest(id, digest) {
      const artifact = state.artifacts.find((a) => a.id === id);
      if (!artifact) throw new Error(`no artifact ${id}`);
      const previous = artifact.digest;
      artifact.digest = digest;
      return previous;
    },
    async addArtifact({ name, runId, files, job = "perf" }) {
      const run = requireRun(runId);
      const zip = zipFiles(files);
      const id = state.newArtifactId();
      const blobName = `${run.backendId}/${randomUUID()}/${name}.zip`;
      await azurite.putBlob(blobName, zip);
      const now = new Date();
      state.artifacts.push({
        id,
        name,
        runId,
        blobName,
        mimeType: "application/zip",
        size: zip.length,
        digest: `sha256:${createHash("sha256").update(zip).digest("hex")}`,
        jobBackendId: jobOf(run, job),
        finalized: true,
        expired: false,
        createdAt: timestamp(now),
        updatedAt: timestamp(now),
        expiresAt: timestamp(new Date(now.getTime() + 90 * 24 * 3600 * 1000)),
      });
      return id;
    },
    addComment({ issueNumber, body, login = "github-actions[bot]" }) {
      if (!state.pullRequests.has(issueNumber)) throw new Error(`pull request ${issueNumber} is not registered: call addPullRequest first`);
      const id = state.newCommentId();
      const now = timestamp();
      state.comments.push({ id, issueNumber, body, login, createdAt: now, updatedAt: now });
      return id;
    },
    comments(issueNumber) {
      return state.comments
        .filter((c) => c.issueNumber === issueNumber)
        .map((c) => {
          const json = issueComment(site, c);
          return { id: c.id, body: c.body, user: { login: c.login, type: String((json.user as { type: string }).type) }, html_url: String(json.html_url), ...(c.app ? { app: c.app.slug } : {}) };
        });
    },
    artifacts() {
      return state.artifacts.filter((a) => a.finalized).map((a) => ({ id: a.id, name: a.name, runId: a.runId, size: a.size, expired: isExpired(a), createdAt: a.createdAt }));
    },
    expireArtifact(id) {
      const artifact = state.artifacts.find((a) => a.id === id);
      if (!artifact) throw new Error(`no artifact ${id}`);
      // Expiry follows expires_at, as on GitHub: it is moved into the past.
      artifact.expiresAt = timestamp(new Date(Date.now() - 1000));
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await azurite.close();
    },
  };
}
