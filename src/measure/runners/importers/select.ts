import { matchesGlob } from "../../../config/glob.ts";
import type { RunnerOutput } from "../types.ts";

/**
 * Whether a metric-id glob could match some id in `suite` (`suite/...`): the
 * glob is run over the prefix `suite/` and must not have failed by its end.
 * Lets an import skip its command when `--only` asks for other suites.
 */
export function globCouldMatchSuite(glob: string, suite: string): boolean {
  const prefix = `${suite}/`;
  const closure = (states: Set<number>) => {
    for (const i of states) if (glob[i] === "*") states.add(i + 1); // `*` may match nothing
    return states;
  };
  let states = closure(new Set([0]));
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      const g = glob[i];
      if (g === "*") next.add(i);
      else if (g === "?" || g === ch) next.add(i + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return true;
}

/** The metrics some glob matches, and only the sample sets they use. */
export function keepMatching(output: RunnerOutput, globs: readonly string[]): RunnerOutput {
  const metrics = output.metrics.filter((m) => globs.some((g) => matchesGlob(m.id, g)));
  const used = new Set(metrics.flatMap((m) => (m.samples ? [m.samples] : [])));
  return { metrics, samples: Object.fromEntries(Object.entries(output.samples).filter(([key]) => used.has(key))), notes: output.notes };
}
