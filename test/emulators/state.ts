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
  jobBackendId: string;
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

export interface Token {
  access: "write" | "read";
  login: string;
}

export interface Comment {
  id: number;
  issueNumber: number;
  body: string;
  login: string;
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
  /** Created but not finalized artifacts are invisible to every listing. */
  finalized: boolean;
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
  takeFailure(method: string, path: string): number | undefined {
    const rule = this.failures.find((r) => r.remaining > 0 && r.method.toUpperCase() === method && r.path.test(path));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.status;
  }
}
