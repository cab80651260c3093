import { type Budget, parseBudgets } from "./budget.ts";
import type { Config } from "../config/schema.ts";
import { globSpecificity, matchesGlob } from "../config/glob.ts";

/** What compare() needs to judge metrics: thresholds and absolute budgets. */
export interface Policy {
  /** Default tolerated degradation, percent. */
  threshold: number;
  /** Per-metric overrides by glob; the most specific matching pattern wins. */
  thresholds: Array<{ pattern: string; percent: number }>;
  budgets: Budget[];
}

export const DEFAULT_THRESHOLD = 10;

export function defaultPolicy(threshold = DEFAULT_THRESHOLD): Policy {
  return { threshold, thresholds: [], budgets: [] };
}

/** Builds the policy from a config; a threshold given on the command line or as an input wins. */
export function policyFromConfig(config: Config, source: string, thresholdOverride?: number): Policy {
  return {
    threshold: thresholdOverride ?? config.threshold,
    thresholds: Object.entries(config.thresholds).map(([pattern, percent]) => ({ pattern, percent })),
    budgets: parseBudgets(config.budgets, source),
  };
}

export function thresholdFor(policy: Policy, id: string): number {
  const matches = policy.thresholds.filter((t) => matchesGlob(id, t.pattern));
  if (matches.length === 0) return policy.threshold;
  matches.sort((a, b) => globSpecificity(b.pattern) - globSpecificity(a.pattern));
  return matches[0]!.percent;
}

export function budgetsFor(policy: Policy, id: string): Budget[] {
  return policy.budgets.filter((b) => matchesGlob(id, b.pattern));
}
