import { z } from "zod";
import { Sets } from "./sets.ts";

/** Which sets a benchmark belongs to (same default as the other kinds). */

const Name = z
  .string()
  .min(1)
  .regex(/^[^\s/]+$/, "must have no spaces or slashes");

/** Placeholder in `readyUrl` (and `env` values) replaced by the port perf-gate picked. */
export const PORT_PLACEHOLDER = "${PORT}";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The text with every port placeholder replaced by `port`. */
export function fillPort(template: string, port: number): string {
  return template.split(PORT_PLACEHOLDER).join(String(port));
}

/**
 * The load only ever goes to the server perf-gate started, on this machine:
 * anything but a loopback http URL is a configuration mistake.
 */
function loopbackProblem(template: string): string | undefined {
  let url: URL;
  try {
    url = new URL(fillPort(template, 1));
  } catch {
    return `must be a URL such as "http://127.0.0.1:${PORT_PLACEHOLDER}/health", got "${template}"`;
  }
  if (url.protocol !== "http:") return `must be an http:// URL, got "${template}"`;
  if (!LOOPBACK_HOSTS.has(url.hostname)) return `must be a loopback URL (127.0.0.1, localhost or [::1]), got host "${url.hostname}"`;
  return undefined;
}

export const ServerSpec = z
  .object({
    /** Starts the server; run with a shell, in its own process group. */
    command: z.string().min(1),
    /** Working directory, relative to the config file. */
    cwd: z.string().default("."),
    /** Extra environment; `${PORT}` in a value is replaced by the chosen port. `PORT` itself is set unless given here. */
    env: z.record(z.string(), z.string()).default({}),
    /** Polled until it answers 2xx/3xx; its origin is where scenarios send load. */
    readyUrl: z.string().superRefine((value, ctx) => {
      const problem = loopbackProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    /** Seconds to wait for `readyUrl` to answer. */
    readyTimeout: z.number().positive().default(30),
  })
  .strict();
export type ServerSpec = z.infer<typeof ServerSpec>;

const Method = z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export const ScenarioSpec = z
  .object({
    name: Name,
    method: Method.default("GET"),
    /** Path (and query) on the server, e.g. `/items?limit=20`. */
    path: z.string().startsWith("/", "must start with /").default("/"),
    headers: z.record(z.string(), z.string()).default({}),
    /** Request body as given (an object is sent as JSON). Excludes `payloadSizes`. */
    body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    /** Generated JSON bodies of exactly these sizes in bytes, one benchmark each. */
    payloadSizes: z
      .array(
        z
          .number()
          .int()
          .min(16)
          .max(64 * 1024 * 1024),
      )
      .min(1)
      .optional(),
    /** Concurrent connections, one benchmark each. */
    connections: z.array(z.number().int().min(1).max(10_000)).min(1).default([10]),
    /** Reuse connections (HTTP keep-alive); false opens a new connection per request. */
    keepAlive: z.boolean().default(true),
    /** Requests in flight per connection (HTTP pipelining). */
    pipelining: z.number().int().min(1).max(100).default(1),
    /** Seconds of load per round (default 1 when `amount` is not given). */
    duration: z.number().positive().max(3600).optional(),
    /** Requests per round, instead of a duration. */
    amount: z.number().int().positive().optional(),
    /** Seconds before a request counts as timed out. */
    timeout: z.number().positive().default(10),
  })
  .strict()
  .refine((s) => !(s.body !== undefined && s.payloadSizes), { message: "body and payloadSizes exclude each other", path: ["payloadSizes"] })
  .refine((s) => !(s.duration !== undefined && s.amount !== undefined), { message: "duration and amount exclude each other", path: ["amount"] })
  .refine((s) => s.keepAlive || s.pipelining === 1, { message: "pipelining needs keepAlive", path: ["pipelining"] })
  .refine((s) => s.amount === undefined || s.amount >= s.connections.reduce((a, b) => Math.max(a, b), 0), { message: "must be at least the largest connection count", path: ["amount"] });
export type ScenarioSpec = z.infer<typeof ScenarioSpec>;

export const MemorySpec = z
  .object({
    /**
     * Preload a small probe into Node servers (NODE_OPTIONS --import) that reports
     * heap usage and runs a GC before idle measurements; it listens on SIGUSR2.
     */
    nodeProbe: z.boolean().default(true),
    /** Idle memory rising after every round by more than this (bytes per round) is reported as a likely leak. */
    leakTolerance: z
      .number()
      .nonnegative()
      .default(1024 * 1024),
  })
  .strict();
export type MemorySpec = z.infer<typeof MemorySpec>;

export const HttpSpec = z
  .object({
    kind: z.literal("http"),
    /** Suite name: the first part of every metric id, e.g. `api/get-items.c10.rps`. */
    name: Name,
    sets: Sets,
    server: ServerSpec,
    /** Seconds of load before measuring, shared among the scenarios so every route is warm. */
    warmup: z.number().nonnegative().max(600).default(1),
    /** Independent replicates: every benchmark is loaded once per round. */
    rounds: z.number().int().min(3).max(100).default(3),
    scenarios: z.array(ScenarioSpec).min(1),
    memory: MemorySpec.default(MemorySpec.parse({})),
  })
  .strict()
  .refine((s) => new Set(s.scenarios.map((x) => x.name)).size === s.scenarios.length, { message: "scenario names must be unique", path: ["scenarios"] });
export type HttpSpec = z.infer<typeof HttpSpec>;
