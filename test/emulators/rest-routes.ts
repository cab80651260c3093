// The REST operations the action and @actions/artifact call, keyed by the operationId
// of GitHub's description (the server has already matched and validated the request).
import type { Azurite } from "./azurite.ts";
import * as objects from "./github-objects.ts";
import { errorBody, type Site } from "./github-objects.ts";
import { paginate, type Reply } from "./http.ts";
import type { Json } from "./openapi-schema.ts";
import { isExpired, timestamp, type EmulatorState, type Token } from "./state.ts";

export interface RestRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json | undefined;
  /** The caller's token; undefined for an anonymous request. */
  token: Token | undefined;
  /** The token as sent (faults may be scoped to it). */
  tokenValue?: string;
  /** Problems the description found in the request (GitHub answers 422 for a bad body). */
  bodyProblems: string[];
}

export interface RestContext {
  site: Site;
  state: EmulatorState;
  azurite: Azurite;
}

type Handler = (ctx: RestContext, req: RestRequest) => Promise<Reply> | Reply;

const DOCS = "https://docs.github.com/rest";
/** GitHub's limit on an issue comment's body. */
const MAX_COMMENT = 65_536;

const notFound = (): Reply => ({ status: 404, body: errorBody(404, "Not Found", DOCS) });

function withLink(body: Json, link: string | undefined): Reply {
  return { status: 200, body, ...(link ? { headers: { link } } : {}) };
}

function invalidBody(req: RestRequest, docs: string): Reply | undefined {
  if (req.bodyProblems.length === 0) return undefined;
  return { status: 422, body: { message: `Invalid request.\n\n${req.bodyProblems.join("\n")}`, documentation_url: docs, status: "422" } };
}

function validateCommentBody(body: string, docs: string): Reply | undefined {
  if (body.length === 0) {
    return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "IssueComment", code: "missing_field", field: "body" }], documentation_url: docs, status: "422" } };
  }
  // GitHub counts characters (code points): an emoji outside the BMP is one, not two UTF-16 units.
  if (Array.from(body).length > MAX_COMMENT) {
    return {
      status: 422,
      body: {
        message: "Validation Failed",
        errors: [{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_COMMENT} characters)` }],
        documentation_url: docs,
        status: "422",
      },
    };
  }
  return undefined;
}

function bodyText(body: Json | undefined): string {
  return typeof body === "object" && body !== null && !Array.isArray(body) && typeof body.body === "string" ? body.body : "";
}

function listArtifacts(ctx: RestContext, req: RestRequest, runId: number | undefined, url: string): Reply {
  const name = req.query.get("name");
  const ascending = req.query.get("direction") === "asc";
  const matching = ctx.state.artifacts
    .filter((a) => a.finalized && (runId === undefined || a.runId === runId) && (name === null || a.name === name))
    .sort((a, b) => (ascending ? a.id - b.id : b.id - a.id));
  const { page, link } = paginate(matching, req.query, url);
  const artifacts = page.map((a) => objects.artifact(ctx.site, a, ctx.state.runs.get(a.runId)));
  return withLink({ total_count: matching.length, artifacts }, link);
}

export const restRoutes: Record<string, Handler> = {
  "actions/list-artifacts-for-repo": (ctx, req) => listArtifacts(ctx, req, undefined, `${ctx.site.apiUrl}/repos/${ctx.site.owner}/${ctx.site.repo}/actions/artifacts`),

  "actions/list-workflow-run-artifacts": (ctx, req) => {
    const runId = Number(req.params.run_id);
    if (!ctx.state.runs.has(runId)) return notFound();
    return listArtifacts(ctx, req, runId, `${ctx.site.apiUrl}/repos/${ctx.site.owner}/${ctx.site.repo}/actions/runs/${runId}/artifacts`);
  },

  "actions/get-workflow-run": (ctx, req) => {
    const run = ctx.state.runs.get(Number(req.params.run_id));
    if (!run) return notFound();
    const exclude = req.query.get("exclude_pull_requests") === "true";
    const prs = exclude ? [] : run.pullRequests.map((p) => objects.pullRequestMinimal(ctx.site, p, ctx.state.pullRequests.get(p.number)));
    return { status: 200, body: objects.workflowRun(ctx.site, run, prs) };
  },

  "actions/download-artifact": (ctx, req) => {
    const artifact = ctx.state.artifacts.find((a) => a.id === Number(req.params.artifact_id) && a.finalized);
    if (!artifact || req.params.archive_format !== "zip") return notFound();
    if (isExpired(artifact)) return { status: 410, body: errorBody(410, "Artifact has expired", `${DOCS}/actions/artifacts#download-an-artifact`) };
    // An injected blob-store fault sends the client to the emulator's stand-in for that URL.
    const fault = ctx.state.takeBlobFault(req.tokenValue);
    if (fault) return { status: 302, headers: { location: `${ctx.site.apiUrl}/_blob/${artifact.id}?fault=${fault}` } };
    // GitHub's redirect URLs are valid for one minute.
    return { status: 302, headers: { location: ctx.azurite.downloadUrl(artifact.blobName, 1) } };
  },

  "issues/list-comments": (ctx, req) => {
    const issue = Number(req.params.issue_number);
    if (!ctx.state.pullRequests.has(issue)) return notFound();
    const since = req.query.get("since");
    const comments = ctx.state.comments.filter((c) => c.issueNumber === issue && (since === null || c.updatedAt >= since));
    const { page, link } = paginate(comments, req.query, `${ctx.site.apiUrl}/repos/${ctx.site.owner}/${ctx.site.repo}/issues/${issue}/comments`);
    return withLink(
      page.map((c) => objects.issueComment(ctx.site, c)),
      link,
    );
  },

  "issues/create-comment": (ctx, req) => {
    const docs = `${DOCS}/issues/comments#create-an-issue-comment`;
    const issue = Number(req.params.issue_number);
    if (!ctx.state.pullRequests.has(issue)) return notFound();
    const invalid = invalidBody(req, docs) ?? validateCommentBody(bodyText(req.body), docs);
    if (invalid) return invalid;
    const now = timestamp();
    const comment = { id: ctx.state.newCommentId(), issueNumber: issue, body: bodyText(req.body), login: req.token?.login ?? "", app: req.token?.app, createdAt: now, updatedAt: now };
    ctx.state.comments.push(comment);
    return { status: 201, body: objects.issueComment(ctx.site, comment), headers: { location: `${ctx.site.apiUrl}/repos/${ctx.site.owner}/${ctx.site.repo}/issues/comments/${comment.id}` } };
  },

  "issues/update-comment": (ctx, req) => {
    const docs = `${DOCS}/issues/comments#update-an-issue-comment`;
    const comment = ctx.state.comments.find((c) => c.id === Number(req.params.comment_id));
    if (!comment) return notFound();
    const invalid = invalidBody(req, docs) ?? validateCommentBody(bodyText(req.body), docs);
    if (invalid) return invalid;
    comment.body = bodyText(req.body);
    comment.updatedAt = timestamp();
    return { status: 200, body: objects.issueComment(ctx.site, comment) };
  },

  "issues/delete-comment": (ctx, req) => {
    const index = ctx.state.comments.findIndex((c) => c.id === Number(req.params.comment_id));
    if (index < 0) return notFound();
    ctx.state.comments.splice(index, 1);
    return { status: 204 };
  },

  // Who may call these two is decided in permissions.ts: a person's token, and the App's JWT.
  "users/get-authenticated": (ctx, req) => ({ status: 200, body: objects.authenticatedUser(ctx.site, req.token?.login ?? "") }),

  "apps/get-authenticated": (ctx, req) => ({ status: 200, body: objects.app(ctx.site, req.token?.app ?? { slug: "app", id: 1 }) }),

  "pulls/get": (ctx, req) => {
    const pr = ctx.state.pullRequests.get(Number(req.params.pull_number));
    return pr ? { status: 200, body: objects.pullRequest(ctx.site, pr) } : notFound();
  },

  "repos/list-pull-requests-associated-with-commit": (ctx, req) => {
    const sha = req.params.commit_sha ?? "";
    const prs = [...ctx.state.pullRequests.values()].filter((pr) => pr.headSha === sha);
    const { page, link } = paginate(prs, req.query, `${ctx.site.apiUrl}/repos/${ctx.site.owner}/${ctx.site.repo}/commits/${sha}/pulls`);
    return withLink(
      page.map((pr) => objects.pullRequestSimple(ctx.site, pr)),
      link,
    );
  },
};
