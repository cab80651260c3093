// The Actions results service's ArtifactService, Twirp over HTTP with JSON bodies, as
// @actions/artifact v6 calls it: proto field names (snake_case), int64 as strings,
// wrapper types (StringValue, Int64Value) as bare values, Timestamps as RFC 3339.
// Schemas mirror lib/generated/results/api/v1/artifact.js of @actions/artifact.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Azurite } from "./azurite.ts";
import type { Reply } from "./http.ts";
import type { Json } from "./openapi-schema.ts";
import { isExpired, timestamp, type Artifact, type EmulatorState, type Run } from "./state.ts";

export const TWIRP_PREFIX = "/twirp/github.actions.results.api.v1.ArtifactService/";

const int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]);
const ids = { workflow_run_backend_id: z.string(), workflow_job_run_backend_id: z.string() };

const requests = {
  CreateArtifact: z.strictObject({ ...ids, name: z.string(), expires_at: z.iso.datetime({ offset: true }).optional(), version: z.number().int().optional(), mime_type: z.string().optional() }),
  FinalizeArtifact: z.strictObject({ ...ids, name: z.string(), size: int64.optional(), hash: z.string().optional() }),
  ListArtifacts: z.strictObject({ ...ids, name_filter: z.string().optional(), id_filter: int64.optional() }),
  GetSignedArtifactURL: z.strictObject({ ...ids, name: z.string() }),
  DeleteArtifact: z.strictObject({ ...ids, name: z.string() }),
};
type Method = keyof typeof requests;

export interface TwirpContext {
  state: EmulatorState;
  azurite: Azurite;
}

/** Twirp's error codes and the HTTP statuses the Twirp spec assigns them. */
const CODES = {
  malformed: 400,
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  unavailable: 503,
  internal: 500,
} as const;
export type TwirpCode = keyof typeof CODES;

export function twirpError(code: TwirpCode, msg: string): Reply {
  return { status: CODES[code], body: { code, msg } };
}

function isMethod(name: string): name is Method {
  return Object.hasOwn(requests, name);
}

const DAY = 86_400_000;

function findArtifact(state: EmulatorState, run: Run, name: string): Artifact | undefined {
  return state.artifacts.find((a) => a.runId === run.id && a.name === name && a.finalized && !isExpired(a));
}

/**
 * Answers one Twirp call. `run` is the run the caller's runtime token is scoped to;
 * `problems` collects protocol mismatches (they also become `violations`).
 */
export async function handleTwirp(ctx: TwirpContext, method: string, run: Run, jobBackendId: string, json: Json | undefined, problems: string[]): Promise<Reply> {
  if (!isMethod(method)) {
    problems.push(`unknown ArtifactService method ${method}`);
    return twirpError("bad_route", `no handler for path ${TWIRP_PREFIX}${method}`);
  }
  const parsed = requests[method].safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
      .join("; ");
    problems.push(`${method} request: ${detail}`);
    return twirpError("malformed", detail);
  }
  const req = parsed.data;
  // Any job of the token's run may read the run's artifacts (download-artifact does, across jobs);
  // uploads name the token's own job.
  const ownJob = method === "CreateArtifact" || method === "FinalizeArtifact";
  const jobOk = ownJob ? req.workflow_job_run_backend_id === jobBackendId : [...run.jobs.values()].includes(req.workflow_job_run_backend_id);
  if (req.workflow_run_backend_id !== run.backendId || !jobOk) {
    return twirpError("permission_denied", "the runtime token is not scoped to this workflow run and job");
  }
  const { state, azurite } = ctx;

  switch (method) {
    case "CreateArtifact": {
      const create = requests.CreateArtifact.parse(json);
      if (findArtifact(state, run, create.name)) return twirpError("already_exists", `an artifact with this name already exists on the workflow run`);
      const mimeType = create.mime_type ?? "application/zip";
      const fileName = mimeType === "application/zip" ? `${create.name}.zip` : create.name;
      const now = new Date();
      const artifact: Artifact = {
        id: state.newArtifactId(),
        name: create.name,
        runId: run.id,
        blobName: `${run.backendId}/${randomUUID()}/${fileName}`,
        mimeType,
        size: 0,
        digest: undefined,
        jobBackendId,
        finalized: false,
        expired: false,
        createdAt: timestamp(now),
        updatedAt: timestamp(now),
        // Without a retention request GitHub keeps artifacts for 90 days.
        expiresAt: create.expires_at ? timestamp(new Date(create.expires_at)) : timestamp(new Date(now.getTime() + 90 * DAY)),
      };
      // A retried create replaces the unfinished one of the same name.
      const pending = state.artifacts.findIndex((a) => a.runId === run.id && a.name === create.name && !a.finalized);
      if (pending >= 0) state.artifacts.splice(pending, 1);
      state.artifacts.push(artifact);
      return { status: 200, body: { ok: true, signed_upload_url: azurite.uploadUrl(artifact.blobName, 60) } };
    }
    case "FinalizeArtifact": {
      const finalize = requests.FinalizeArtifact.parse(json);
      const artifact = state.artifacts.find((a) => a.runId === run.id && a.name === finalize.name && !a.finalized);
      if (!artifact) return twirpError("not_found", `no artifact named ${finalize.name} is being uploaded`);
      const size = await azurite.blobSize(artifact.blobName);
      if (size === undefined) return twirpError("failed_precondition", "the artifact's content was not uploaded");
      if (finalize.size !== undefined && Number(finalize.size) !== size) problems.push(`FinalizeArtifact size ${finalize.size} differs from the uploaded blob's ${size} bytes`);
      artifact.size = size;
      artifact.digest = finalize.hash;
      artifact.finalized = true;
      artifact.updatedAt = timestamp();
      return { status: 200, body: { ok: true, artifact_id: String(artifact.id) } };
    }
    case "ListArtifacts": {
      const list = requests.ListArtifacts.parse(json);
      const artifacts = state.artifacts
        .filter((a) => a.runId === run.id && a.finalized && !isExpired(a))
        .filter((a) => (list.name_filter === undefined || a.name === list.name_filter) && (list.id_filter === undefined || a.id === Number(list.id_filter)))
        .map((a) => ({
          workflow_run_backend_id: run.backendId,
          workflow_job_run_backend_id: a.jobBackendId,
          database_id: String(a.id),
          name: a.name,
          size: String(a.size),
          created_at: a.createdAt,
          ...(a.digest ? { digest: a.digest } : {}),
        }));
      return { status: 200, body: { artifacts } };
    }
    case "GetSignedArtifactURL": {
      const get = requests.GetSignedArtifactURL.parse(json);
      const artifact = findArtifact(state, run, get.name);
      if (!artifact) return twirpError("not_found", `artifact ${get.name} not found`);
      return { status: 200, body: { signed_url: azurite.downloadUrl(artifact.blobName, 60) } };
    }
    case "DeleteArtifact": {
      const del = requests.DeleteArtifact.parse(json);
      const artifact = findArtifact(state, run, del.name);
      if (!artifact) return twirpError("not_found", `artifact ${del.name} not found`);
      state.artifacts.splice(state.artifacts.indexOf(artifact), 1);
      return { status: 200, body: { ok: true, artifact_id: String(artifact.id) } };
    }
  }
}
