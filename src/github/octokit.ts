import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  token: string;
  log: { info: (line: string) => void; warning: (line: string) => void };
  /** Milliseconds multiplied by (attempt)^2 between retries; 1000 by default. */
  retryBaseMs?: number;
}

/**
 * An Octokit for the repository's API (GITHUB_API_URL) that retries server and
 * network errors (not 4xx) and waits out rate limits a few times. The token is
 * handed to Octokit only; it is never logged.
 */
export function createOctokit(options: OctokitOptions): Octokit {
  const { log } = options;
  return getOctokit(
    options.token,
    {
      retry: { retries: 3, retryAfterBaseValue: options.retryBaseMs ?? 1000, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
      throttle: {
        onRateLimit: (after: number, request: { method: string; url: string }, _octokit: unknown, count: number) => {
          log.warning(`GitHub rate limit hit on ${request.method} ${request.url}; ${count < 2 ? `retrying in ${after} s` : "giving up"}`);
          return count < 2;
        },
        onSecondaryRateLimit: (after: number, request: { method: string; url: string }, _octokit: unknown, count: number) => {
          log.warning(`GitHub secondary rate limit on ${request.method} ${request.url}; ${count < 2 ? `retrying in ${after} s` : "giving up"}`);
          return count < 2;
        },
      },
    },
    retry,
    throttling,
  );
}
