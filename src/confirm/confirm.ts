import { dirname, relative, resolve } from "node:path";
import { compare } from "../compare.ts";
import type { Comparison } from "../comparison.ts";
import type { ConfirmSpec } from "../config.ts";
import { messageOf } from "../errors.ts";
import type { Policy } from "../policy.ts";
import type { Progress } from "../progress.ts";
import type { Report } from "../report.ts";
import { applyConfirmation, confirmationUnavailable, rowsToConfirm } from "./apply.ts";
import { addWorktree, type BaseWorktree, BaseUnavailable, gitTopLevel, installBase, resolveBaseCommit } from "./base-worktree.ts";
import { interleave, type Side } from "./interleave.ts";
import { measureInProcess } from "./measure-process.ts";
import { mergeRounds } from "./merge-rounds.ts";

export interface ConfirmOptions {
  comparison: Comparison;
  policy: Policy;
  spec: ConfirmSpec;
  /** Root of the head checkout (a git work tree). */
  repoDir: string;
  /** The config file, inside repoDir; the base uses the same relative path. */
  configPath: string;
  /** Commit that produced the baseline artifact, and the PR's base branch. */
  base: { commit?: string; baseRef?: string };
  cliPath: string;
  progress: Progress;
  random?: () => number;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  tempRoot?: string;
}

/**
 * The court of appeal for flagged metrics: prepares the base commit in a
 * worktree, re-measures only those benchmarks for base and head alternately on
 * this machine, and lets that verdict replace the artifact's. Falls back to the
 * artifact verdict, with a note, whenever the base cannot be measured in time.
 * Always removes the worktree.
 */
export async function confirmFlagged(options: ConfirmOptions): Promise<Comparison> {
  const rows = rowsToConfirm(options.comparison, { policy: options.spec.policy, inconclusive: options.spec.inconclusive });
  if (rows.length === 0) return options.comparison;
  const now = options.now ?? Date.now;
  const started = now();
  const budgetMs = options.spec.budget * 1000;
  const ids = new Set(rows.map((r) => r.id));
  let worktree: BaseWorktree | undefined;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), budgetMs);
  try {
    options.progress(`confirm: re-measuring ${ids.size} flagged metric${ids.size === 1 ? "" : "s"} against the base commit on this runner`);
    const top = await gitTopLevel(options.repoDir);
    const commit = await resolveBaseCommit(top, options.base);
    worktree = await addWorktree(top, commit, options.tempRoot);
    options.progress(`confirm: base ${commit.slice(0, 12)} checked out in ${worktree.dir}; installing with "${options.spec.install}"`);
    await installBase(worktree.dir, options.spec.install, abort.signal).catch((error: unknown) => {
      if (abort.signal.aborted) throw new BaseUnavailable(`time budget of ${options.spec.budget} s ran out while installing the base`);
      throw error;
    });
    // The same config path inside each checkout; each side runs from its config's directory.
    const relConfig = relative(top, resolve(options.configPath));
    const configs: Record<Side, string> = { base: resolve(worktree.dir, relConfig), head: resolve(top, relConfig) };
    const result = await interleave({
      rounds: options.spec.rounds,
      minRounds: 2,
      budgetMs: Math.max(0, budgetMs - (now() - started)),
      now,
      random: options.random ?? Math.random,
      progress: options.progress,
      measure: (side): Promise<Report> =>
        measureInProcess({ cliPath: options.cliPath, cwd: dirname(configs[side]), configPath: configs[side], only: [...ids], env: options.env, signal: abort.signal }),
    });
    if (result.exhausted) {
      throw new BaseUnavailable(`time budget of ${options.spec.budget} s ran out after ${result.base.length} round(s); at least 2 are needed`);
    }
    const confirmed = compare(mergeRounds(result.base), mergeRounds(result.head), options.policy);
    return applyConfirmation(options.comparison, ids, { confirmed, baseCommit: commit, rounds: result.base.length });
  } catch (error) {
    const reason = error instanceof BaseUnavailable ? error.message : abort.signal.aborted ? `time budget of ${options.spec.budget} s ran out` : messageOf(error);
    options.progress(`confirm: falling back to the artifact verdict: ${reason}`);
    return confirmationUnavailable(options.comparison, reason);
  } finally {
    clearTimeout(timer);
    await worktree?.remove();
  }
}
