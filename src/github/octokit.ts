import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

export type Octokit = ReturnType<typeof getOctokit>;

/** The longest a rate limit is waited out, in seconds: past it the call gives up and the check goes on without it. */
export const MAX_RATE_LIMIT_WAIT_S = 60;

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
  // A primary limit resets within the hour: waiting for it would hold the job that long.
  const waitOrGiveUp = (kind: string, after: number, request: { method: string; url: string }, count: number): boolean => {
    const retry = count < 2 && after <= MAX_RATE_LIMIT_WAIT_S;
    log.warning(`GitHub ${kind} on ${request.method} ${request.url}; ${retry ? `retrying in ${after} s` : `giving up (it resets in ${after} s)`}`);
    return retry;
  };
  return getOctokit(
    options.token,
    {
      // 403 and 429 rate limits are the throttling plugin's to wait out (or not): see waitOrGiveUp.
      retry: { retries: 3, retryAfterBaseValue: options.retryBaseMs ?? 1000, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: {
        // Milliseconds per second of `retry-after`: shortened with retryBaseMs in tests.
        retryAfterBaseValue: options.retryBaseMs ?? 1000,
        onRateLimit: (after: number, request: { method: string; url: string }, _octokit: unknown, count: number) => waitOrGiveUp("rate limit", after, request, count),
        onSecondaryRateLimit: (after: number, request: { method: string; url: string }, _octokit: unknown, count: number) => waitOrGiveUp("secondary rate limit", after, request, count),
      },
    },
    retry,
    throttling,
  );
}
