import type { HttpSpec, ScenarioSpec } from "../../../config/http-spec.ts";

/** One benchmark of an http suite: a scenario at one payload size and connection count. */
export interface LoadCase {
  /** Benchmark name, e.g. `get-items.c10` or `post-echo.1KB.c50`. */
  name: string;
  scenario: ScenarioSpec;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  payloadBytes?: number;
  connections: number;
}

/** Seconds of load per round when a scenario sets neither `duration` nor `amount`. */
export const DEFAULT_DURATION = 1;

/** 256 -> "256B", 1024 -> "1KB", 3 * 1024 * 1024 -> "3MB" (binary multiples). */
export function sizeLabel(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024}KB`;
  return `${bytes}B`;
}

/** A JSON body of exactly `bytes` bytes: `{"payload":"xxxx…"}`. */
export function payloadOfSize(bytes: number): string {
  const frame = '{"payload":""}';
  return `{"payload":"${"x".repeat(Math.max(0, bytes - frame.length))}"}`;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}

function withContentType(headers: Record<string, string>, type: string): Record<string, string> {
  return hasHeader(headers, "content-type") ? headers : { ...headers, "content-type": type };
}

/** Every (payload size x connection count) of every scenario, in config order. */
export function expandCases(spec: Pick<HttpSpec, "scenarios">): LoadCase[] {
  return spec.scenarios.flatMap((scenario) => {
    const sizes: Array<number | undefined> = scenario.payloadSizes ?? [undefined];
    return sizes.flatMap((size) =>
      scenario.connections.map((connections): LoadCase => {
        const base = { scenario, method: scenario.method, path: scenario.path, connections };
        const name = [scenario.name, size === undefined ? undefined : sizeLabel(size), `c${connections}`].filter(Boolean).join(".");
        if (size !== undefined) return { ...base, name, payloadBytes: size, body: payloadOfSize(size), headers: withContentType(scenario.headers, "application/json") };
        if (typeof scenario.body === "string") return { ...base, name, body: scenario.body, headers: scenario.headers };
        if (scenario.body !== undefined) return { ...base, name, body: JSON.stringify(scenario.body), headers: withContentType(scenario.headers, "application/json") };
        return { ...base, name, headers: scenario.headers };
      }),
    );
  });
}
