import { z } from "zod";

/** An artifact as the REST API lists it (only the fields the selection reads). */
export const RestArtifact = z.object({
  id: z.number(),
  name: z.string(),
  expired: z.boolean(),
  /** `sha256:<hex>` of the zip, for artifacts uploaded with @actions/artifact v4 and later. */
  digest: z.string().nullable().optional(),
  created_at: z.string().nullable(),
  expires_at: z.string().nullable().optional(),
  workflow_run: z
    .object({
      id: z.number().optional(),
      repository_id: z.number().optional(),
      head_repository_id: z.number().optional(),
      head_branch: z.string().nullable().optional(),
      head_sha: z.string().optional(),
    })
    .nullable()
    .optional(),
});
export type RestArtifact = z.infer<typeof RestArtifact>;

/** Which stored baseline a comparison used, for the comment and the logs. */
export interface BaselineSource {
  artifactId: number;
  runId?: number;
  /** The commit the baseline's run built, from GitHub's record of the run (`workflow_run.head_sha`), never from the artifact's content. */
  commit?: string;
  branch?: string;
}

export interface BaselineQuery {
  name: string;
  /** Branch whose runs produce baselines (the pull request's base branch). */
  branch: string;
  /** This repository's id: artifacts of runs on a fork's branch of the same name are not baselines. */
  repositoryId?: number;
  /** Milliseconds since the epoch: artifacts whose `expires_at` has passed count as expired. */
  now?: number;
}

/** Expired by GitHub's flag, or by its own `expires_at` (the flag can lag behind). */
export function isExpired(artifact: RestArtifact, now = Date.now()): boolean {
  return artifact.expired || (artifact.expires_at ? Date.parse(artifact.expires_at) <= now : false);
}

/**
 * The newest unexpired artifact of that name produced by a run on the branch,
 * in this repository. Pure: the caller lists the artifacts (all pages).
 */
export function selectBaseline(artifacts: RestArtifact[], query: BaselineQuery): RestArtifact | undefined {
  const candidates = artifacts.filter((a) => {
    if (a.name !== query.name || isExpired(a, query.now)) return false;
    const run = a.workflow_run;
    if (!run || run.head_branch !== query.branch) return false;
    // Fails closed: a run whose head repository is not known to be this one is not a baseline.
    if (query.repositoryId !== undefined && run.head_repository_id !== query.repositoryId) return false;
    return true;
  });
  return newest(candidates);
}

/**
 * Whether a page of the repository's artifacts (newest first) ends the search:
 * it holds a candidate (every later page is older), or every artifact on it
 * has expired (later pages are older still).
 */
export function pageSettles(page: RestArtifact[], query: BaselineQuery): boolean {
  return page.length === 0 || selectBaseline(page, query) !== undefined || page.every((a) => isExpired(a, query.now));
}

/** The newest unexpired artifact of that name among a given run's artifacts. */
export function selectFromRun(artifacts: RestArtifact[], name: string, now = Date.now()): RestArtifact | undefined {
  return newest(artifacts.filter((a) => a.name === name && !isExpired(a, now)));
}

function newest(artifacts: RestArtifact[]): RestArtifact | undefined {
  const time = (a: RestArtifact): number => (a.created_at ? Date.parse(a.created_at) : 0);
  return [...artifacts].sort((a, b) => time(b) - time(a) || b.id - a.id)[0];
}

export function sourceOf(artifact: RestArtifact): BaselineSource {
  return {
    artifactId: artifact.id,
    runId: artifact.workflow_run?.id,
    commit: artifact.workflow_run?.head_sha,
    branch: artifact.workflow_run?.head_branch ?? undefined,
  };
}
