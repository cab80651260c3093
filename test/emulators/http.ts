// HTTP plumbing shared by the REST and Twirp routes: bodies, replies, GitHub's headers,
// and GitHub's page/per_page pagination with Link headers.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Json } from "./openapi-schema.ts";

export interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export interface ParsedBody {
  /** The JSON value, or undefined when the request had no body. */
  json: Json | undefined;
  /** Set when there was a body that is not JSON. */
  problem?: string;
}

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.length === 0) return { json: undefined };
  try {
    return { json: JSON.parse(text) as Json };
  } catch {
    return { json: undefined, problem: `body is not JSON: ${text.slice(0, 80)}` };
  }
}

export function requestId(): string {
  // GitHub's look: five hex groups, e.g. C0DE:1B2C3D:4E5F60:718293:65A1B2C3.
  const hex = randomBytes(14).toString("hex").toUpperCase();
  return [hex.slice(0, 4), hex.slice(4, 10), hex.slice(10, 16), hex.slice(16, 22), hex.slice(22, 28)].join(":");
}

/** Headers GitHub's REST API sends on every response. */
export function githubHeaders(): Record<string, string> {
  return {
    "x-github-request-id": requestId(),
    "x-github-api-version-selected": "2022-11-28",
    "x-github-media-type": "github.v3; format=json",
  };
}

/** The primary rate limit's headers for a caller's budget (GitHub sends them on every REST answer). */
export function rateLimitHeaders(budget: { limit: number; used: number; reset: number }): Record<string, string> {
  return {
    "x-ratelimit-limit": String(budget.limit),
    "x-ratelimit-remaining": String(Math.max(0, budget.limit - budget.used)),
    "x-ratelimit-used": String(Math.min(budget.used, budget.limit)),
    "x-ratelimit-reset": String(budget.reset),
    "x-ratelimit-resource": "core",
  };
}

/** One page of `items` and the Link header pointing at its neighbours (GitHub's format). */
export function paginate<T>(items: T[], query: URLSearchParams, url: string): { page: T[]; link: string | undefined } {
  const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const at = (n: number): string => {
    const next = new URLSearchParams(query);
    next.set("per_page", String(perPage));
    next.set("page", String(n));
    return `<${url}?${next.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return { page: items.slice((page - 1) * perPage, page * perPage), link: links.length > 0 ? links.join(", ") : undefined };
}
