// One loopback HTTP server for both services: /twirp/... is the artifact (results)
// service, everything else the REST API. Every request is recorded; REST requests and
// responses are checked against GitHub's description, Twirp ones against the client's
// message types.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Azurite } from "./azurite.ts";
import { errorBody, type Site } from "./github-objects.ts";
import { githubHeaders, rateLimitHeaders, readBody, type Reply } from "./http.ts";
import { refusal } from "./permissions.ts";
import { verifyJwt, resultsScope } from "./jwt.ts";
import type { Description } from "./openapi.ts";
import type { Json } from "./openapi-schema.ts";
import { restRoutes } from "./rest-routes.ts";
import type { EmulatorState } from "./state.ts";
import { TWIRP_PREFIX, handleTwirp, twirpError } from "./twirp-routes.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface Violation {
  method: string;
  path: string;
  problem: string;
}

export interface ServerDeps {
  site: Site & { visibility: "public" | "private" };
  state: EmulatorState;
  azurite: Azurite;
  description: Description;
  jwtSecret: string;
  requests: RecordedRequest[];
  violations: Violation[];
}

function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  if (reply.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  res.writeHead(reply.status, headers);
  res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

async function rest(deps: ServerDeps, method: string, url: URL, json: Json | undefined, bodyProblem: string | undefined, req: IncomingMessage): Promise<Reply> {
  const { state, description, site } = deps;
  const violate = (problem: string): void => {
    deps.violations.push({ method, path: url.pathname, problem });
  };
  if (bodyProblem) violate(bodyProblem);
  const checked = description.checkRequest(method, url.pathname, url.searchParams, json);
  for (const problem of checked.problems) violate(problem);

  const tokenValue = bearer(req);
  const token = tokenValue === undefined ? undefined : state.tokens.get(tokenValue);
  if (tokenValue !== undefined && !token) return { status: 401, body: errorBody(401, "Bad credentials") };
  // The primary rate limit counts every request of the token (anonymous callers share one budget).
  const budget = token ?? state.anonymous;
  if (budget.reset * 1000 <= Date.now()) {
    budget.used = 0;
    budget.reset = Math.floor(Date.now() / 1000) + 3600;
  }
  budget.used++;
  const limited = (reply: Reply): Reply => ({ ...reply, headers: { ...rateLimitHeaders(budget), ...reply.headers } });
  if (budget.used > budget.limit) {
    return limited({
      status: 403,
      body: errorBody(403, `API rate limit exceeded for ${token ? `installation ID ${budget.limit}` : "127.0.0.1"}.`, "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"),
    });
  }

  const injected = state.takeFailure(method, url.pathname, tokenValue);
  if (injected?.limit?.kind === "secondary") {
    return limited({
      status: injected.status,
      body: errorBody(
        injected.status,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      ),
      headers: { "retry-after": String(injected.limit.seconds) },
    });
  }
  if (injected?.limit?.kind === "primary") {
    return {
      status: injected.status,
      body: errorBody(injected.status, "API rate limit exceeded.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"),
      headers: { ...rateLimitHeaders({ limit: budget.limit, used: budget.limit, reset: Math.floor(Date.now() / 1000) + injected.limit.seconds }) },
    };
  }
  if (injected) return limited({ status: injected.status, body: errorBody(injected.status, injected.status >= 500 ? "Server Error" : "Injected failure") });

  const match = checked.match;
  if (!match) return limited({ status: 404, body: errorBody(404, "Not Found") });
  const refused = refusal(match.operationId, token, site.visibility);
  if (refused) return limited(refused);
  const { owner, repo } = match.pathParams;
  // Only the one emulated repository exists (routes without owner/repo, like GET /user, pass).
  const otherRepo = owner !== undefined && repo !== undefined && (owner.toLowerCase() !== site.owner.toLowerCase() || repo.toLowerCase() !== site.repo.toLowerCase());
  if (otherRepo) {
    return limited({ status: 404, body: errorBody(404, "Not Found") });
  }
  const route = restRoutes[match.operationId];
  if (!route) {
    violate(`${match.operationId} is in GitHub's description but not emulated`);
    return limited({ status: 404, body: errorBody(404, "Not Found") });
  }
  const reply = await route(
    { site, state, azurite: deps.azurite },
    { params: match.pathParams, query: url.searchParams, body: json, token, tokenValue, bodyProblems: checked.problems.filter((p) => p.startsWith("request body")) },
  );
  for (const problem of description.checkResponse(match, reply.status, reply.body)) violate(`emulator response: ${problem}`);
  return limited(reply);
}

/** The blob store behind a /zip redirect that carries an injected fault: gone (410), cut short, or with a byte changed. */
async function faultyBlob(deps: ServerDeps, url: URL): Promise<{ status: number; body: Buffer }> {
  const artifact = deps.state.artifacts.find((a) => a.id === Number(url.pathname.split("/").pop()));
  const fault = url.searchParams.get("fault");
  if (!artifact || fault === "gone") return { status: 410, body: Buffer.from('<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code></Error>') };
  const response = await fetch(deps.azurite.downloadUrl(artifact.blobName, 1));
  const blob = Buffer.from(await response.arrayBuffer());
  if (fault === "truncate") return { status: 200, body: blob.subarray(0, Math.floor(blob.length / 2)) };
  const corrupt = Buffer.from(blob);
  const at = Math.floor(corrupt.length / 2);
  corrupt[at] = (corrupt[at] ?? 0) ^ 0xff;
  return { status: 200, body: corrupt };
}

async function twirp(deps: ServerDeps, url: URL, json: Json | undefined, bodyProblem: string | undefined, req: IncomingMessage): Promise<Reply> {
  const problems: string[] = bodyProblem ? [bodyProblem] : [];
  const record = (reply: Reply): Reply => {
    for (const problem of problems) deps.violations.push({ method: "POST", path: url.pathname, problem });
    return reply;
  };
  const injected = deps.state.takeFailure("POST", url.pathname);
  if (injected !== undefined) return record(twirpError(injected.status >= 500 ? "unavailable" : "internal", "injected failure"));
  if (req.method !== "POST") {
    problems.push(`Twirp calls are POSTs, not ${req.method ?? ""}`);
    return record(twirpError("bad_route", "unsupported method"));
  }
  const token = bearer(req);
  const claims = token === undefined ? undefined : verifyJwt(token, deps.jwtSecret);
  const scope = claims ? resultsScope(claims) : undefined;
  if (!scope) return record(twirpError("unauthenticated", "missing or invalid runtime token"));
  const run = deps.state.runByBackendIds(scope.runBackendId, scope.jobBackendId);
  if (!run) return record(twirpError("permission_denied", "the runtime token names no known job"));
  const method = url.pathname.slice(TWIRP_PREFIX.length);
  return record(await handleTwirp({ state: deps.state, azurite: deps.azurite }, method, run, scope.jobBackendId, json, problems));
}

export function createEmulatorServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    void (async () => {
      const method = (req.method ?? "GET").toUpperCase();
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const isTwirp = url.pathname.startsWith("/twirp/");
      if (url.pathname.startsWith("/_blob/")) {
        const blob = await faultyBlob(deps, url).catch((error: unknown) => ({ status: 500, body: Buffer.from(String(error)) }));
        deps.requests.push({ method, path: url.pathname, query: url.search, status: blob.status });
        res.writeHead(blob.status, { "content-type": "application/zip", "content-length": String(blob.body.length) });
        res.end(blob.body);
        return;
      }
      let reply: Reply;
      let headers: Record<string, string> = {};
      try {
        const body = await readBody(req);
        if (isTwirp) reply = await twirp(deps, url, body.json, body.problem, req);
        else {
          headers = githubHeaders();
          reply = await rest(deps, method, url, body.json, body.problem, req);
        }
      } catch (error) {
        // An emulator bug: answer like a server error and make the test see it.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        deps.violations.push({ method, path: url.pathname, problem: `emulator failed: ${message}` });
        reply = isTwirp ? twirpError("internal", "emulator failed") : { status: 500, body: errorBody(500, "Server Error") };
      }
      deps.requests.push({ method, path: url.pathname, query: url.search, status: reply.status });
      send(res, reply, headers);
    })();
  });
}
