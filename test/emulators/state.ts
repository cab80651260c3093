// What the emulated GitHub knows: runs, pull requests, tokens, comments, artifacts,
// injected failures. Plain data; the routes read and change it.

export interface Run {
  id: number;
  headBranch: string;
  headSha: string;
  event: string;
  pullRequests: Array<{ number: number; headSha: string }>;
  /** owner/name of the repository the head commit lives in (a fork for fork PRs). */
  headRepository: string;
  /** The results service knows runs and jobs by these ids, not by the REST run id. */
  backendId: string;
  /** The job the run starts with (named "perf"); more jobs come with runtimeToken(runId, job). */
  jobBackendId: string;
  /** Every job of the run by name: backend id. */
  jobs: Map<string, string>;
  createdAt: string;
}

export interface PullRequest {
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  headRepository: string;
  createdAt: string;
}

/** The three scopes the action's calls need, at the levels a workflow's `permissions:` grants. */
export type Scope = "actions" | "contents" | "issues" | "pull-requests";
export type Level = "none" | "read" | "write";

export interface Token {
  /**
   * `installation`: a workflow's GITHUB_TOKEN or a GitHub App's installation token, limited
   * to `permissions`; GET /user refuses it. `user`: a person's token (PAT), with every scope
   * on the repository. `app`: the App's own JWT, good only for GET /app.
   */
  kind: "installation" | "user" | "app";
  login: string;
  permissions: Partial<Record<Scope, Level>>;
  /** The App an installation token belongs to (its comments carry performed_via_github_app). */
  app?: { slug: string; id: number };
  /** Primary rate limit: requests left in this hour, and when it resets (epoch seconds). */
  limit: number;
  used: number;
  reset: number;
}

export interface Comment {
  id: number;
  issueNumber: number;
  body: string;
  login: string;
  /** The App an installation token that wrote it belongs to. */
  app?: { slug: string; id: number };
  createdAt: string;
  updatedAt: string;
}

export interface Artifact {
  id: number;
  name: string;
  runId: number;
  /** Blob name in the artifacts container of Azurite. */
  blobName: string;
  mimeType: string;
  size: number;
  digest: string | undefined;
  /** The job that uploaded it. */
  jobBackendId: string;
  /** Created but not finalized artifacts are invisible to every listing. */
  finalized: boolean;
  /** Expired by expireArtifact; otherwise an artifact expires when expiresAt passes. */
  expired: boolean;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

export interface FailureRule {
  method: string;
  path: RegExp;
  remaining: number;
  status: number;
  /** A rate limit instead of a plain error: GitHub's body and headers for it. */
  limit?: { kind: "primary" | "secondary"; seconds: number };
  /** Only requests made with this token match (so that concurrent tests keep their faults apart). */
  token?: string;
}

/** Faults of the blob store behind the /zip redirect, served by the emulator in its place. */
export type BlobFault = "gone" | "truncate" | "corrupt";

export function isExpired(artifact: Artifact, now = Date.now()): boolean {
  return artifact.expired || Date.parse(artifact.expiresAt) <= now;
}

/** GitHub's timestamps: ISO 8601 in UTC without milliseconds. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class EmulatorState {
  readonly runs = new Map<number, Run>();
  readonly pullRequests = new Map<number, PullRequest>();
  readonly tokens = new Map<string, Token>();
  readonly comments: Comment[] = [];
  readonly artifacts: Artifact[] = [];
  readonly failures: FailureRule[] = [];
  readonly blobFaults: Array<{ fault: BlobFault; remaining: number; token?: string }> = [];
  /** Anonymous callers' shared budget (GitHub allows 60 an hour per address). */
  readonly anonymous = { limit: 60, used: 0, reset: 0 };
  private nextCommentId = 1_000_001;
  private nextArtifactId = 5_001;

  newCommentId(): number {
    return this.nextCommentId++;
  }

  newArtifactId(): number {
    return this.nextArtifactId++;
  }

  runByBackendId(backendId: string): Run | undefined {
    for (const run of this.runs.values()) if (run.backendId === backendId) return run;
    return undefined;
  }

  /** The status to fail this request with, consuming one use of the first matching rule. */
  takeFailure(method: string, path: string, token?: string): FailureRule | undefined {
    const rule = this.failures.find((r) => r.remaining > 0 && r.method.toUpperCase() === method && r.path.test(path) && (r.token === undefined || r.token === token));
    if (!rule) return undefined;
    rule.remaining--;
    return rule;
  }

  takeBlobFault(token?: string): BlobFault | undefined {
    const rule = this.blobFaults.find((r) => r.remaining > 0 && (r.token === undefined || r.token === token));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }

  runByBackendIds(backendId: string, jobBackendId: string): Run | undefined {
    const run = this.runByBackendId(backendId);
    return run && [...run.jobs.values()].includes(jobBackendId) ? run : undefined;
  }
}
