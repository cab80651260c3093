// Local stand-ins for GitHub's REST API and the Actions artifact (results) service, on
// loopback, with a real Azure blob store (Azurite) behind the signed URLs. End-to-end
// tests point GITHUB_API_URL / ACTIONS_RESULTS_URL / ACTIONS_RUNTIME_TOKEN at them and
// run the real clients (@actions/artifact, @actions/github) or the bundled action.
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { startAzurite } from "./azurite.ts";
import { signJwt } from "./jwt.ts";
import { loadDescription } from "./openapi.ts";
import { createEmulatorServer, type RecordedRequest, type Violation } from "./server.ts";
import { EmulatorState, timestamp } from "./state.ts";
import { idOf, issueComment } from "./github-objects.ts";

export interface GitHubEmulator {
  apiUrl: string;
  /** The repository's id in every answer (artifacts' workflow_run.repository_id, head_repository_id, repository objects). */
  repositoryId: number;
  resultsUrl: string;
  /** ACTIONS_RUNTIME_TOKEN for a job of workflow run `runId` (a JWT whose `scp` claim carries Actions.Results:<runBackendId>:<jobBackendId>). */
  runtimeToken(runId: number): string;
  /** Registers a workflow run (what GitHub knows about it: head branch and sha, event, pull_requests). */
  addRun(run: { id: number; headBranch: string; headSha: string; event: string; pullRequests?: Array<{ number: number; headSha: string }>; headRepository?: string }): void;
  /** Registers a pull request (for GET /repos/{o}/{r}/pulls/{n} and lookups by head sha). */
  addPullRequest(pr: { number: number; headSha: string; headRef: string; baseRef: string; headRepository: string }): void;
  /** Tokens: `write` can comment; `read` gets 403 "Resource not accessible by integration" on writes. Unknown tokens get 401. */
  addToken(token: string, access: "write" | "read", login?: string): void;
  /** The next `times` requests matching method + path regex answer `status` (default 502) with a GitHub-style error body. */
  failNext(match: { method: string; path: RegExp }, times: number, status?: number): void;
  comments(issueNumber: number): Array<{ id: number; body: string; user: { login: string; type: string }; html_url: string }>;
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

export interface EmulatorOptions {
  owner: string;
  repo: string;
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
  const site = { apiUrl: "", owner: options.owner, repo: options.repo, repositoryId: options.repositoryId ?? idOf(`${options.owner}/${options.repo}`) };
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

  return {
    apiUrl: site.apiUrl,
    repositoryId: site.repositoryId,
    resultsUrl: site.apiUrl,
    requests,
    violations,
    startup: { totalMs: Math.round(performance.now() - started), descriptionMs: description.loadMs },
    runtimeToken(runId) {
      const run = requireRun(runId);
      const now = Math.floor(Date.now() / 1000);
      return signJwt(
        { scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${run.backendId}:${run.jobBackendId}`, iss: "vstoken.actions.githubusercontent.com", aud: "vso:emulator", nbf: now - 60, iat: now, exp: now + 6 * 3600 },
        jwtSecret,
      );
    },
    addRun(run) {
      state.runs.set(run.id, {
        id: run.id,
        headBranch: run.headBranch,
        headSha: run.headSha,
        event: run.event,
        pullRequests: run.pullRequests ?? [],
        headRepository: run.headRepository ?? `${options.owner}/${options.repo}`,
        backendId: randomUUID(),
        jobBackendId: randomUUID(),
        createdAt: timestamp(),
      });
    },
    addPullRequest(pr) {
      state.pullRequests.set(pr.number, { ...pr, createdAt: timestamp() });
    },
    addToken(token, access, login = "github-actions[bot]") {
      state.tokens.set(token, { access, login });
    },
    failNext(match, times, status = 502) {
      state.failures.push({ method: match.method.toUpperCase(), path: match.path, remaining: times, status });
    },
    comments(issueNumber) {
      return state.comments.filter((c) => c.issueNumber === issueNumber).map((c) => {
        const json = issueComment(site, c);
        return { id: c.id, body: c.body, user: { login: c.login, type: String((json.user as { type: string }).type) }, html_url: String(json.html_url) };
      });
    },
    artifacts() {
      return state.artifacts.filter((a) => a.finalized).map((a) => ({ id: a.id, name: a.name, runId: a.runId, size: a.size, expired: a.expired, createdAt: a.createdAt }));
    },
    expireArtifact(id) {
      const artifact = state.artifacts.find((a) => a.id === id);
      if (!artifact) throw new Error(`no artifact ${id}`);
      artifact.expired = true;
      artifact.expiresAt = timestamp();
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
