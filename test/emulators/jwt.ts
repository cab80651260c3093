// ACTIONS_RUNTIME_TOKEN: an HS256 JWT whose `scp` claim names the run and job, as the
// runner's token does. @actions/artifact decodes it (without verifying) to find the
// backend ids it sends; the results service verifies it.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { JsonObject } from "./openapi-schema.ts";

const base64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url");

export function signJwt(claims: JsonObject, secret: string): string {
  const head = `${base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }))}.${base64url(JSON.stringify(claims))}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** The claims of a token this secret signed that has not expired; undefined otherwise. */
export function verifyJwt(token: string, secret: string, now = Date.now()): JsonObject | undefined {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || signature === undefined) return undefined;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return undefined;
  const exp = (claims as JsonObject).exp;
  if (typeof exp === "number" && exp * 1000 < now) return undefined;
  return claims as JsonObject;
}

/** The run and job backend ids of the `Actions.Results:<run>:<job>` scope, if present. */
export function resultsScope(claims: JsonObject): { runBackendId: string; jobBackendId: string } | undefined {
  const scp = typeof claims.scp === "string" ? claims.scp : "";
  for (const scope of scp.split(" ")) {
    const [name, run, job, ...rest] = scope.split(":");
    if (name === "Actions.Results" && run && job && rest.length === 0) return { runBackendId: run, jobBackendId: job };
  }
  return undefined;
}
