import { relative, resolve, dirname } from "node:path";
import { compare } from "../compare/compare.ts";
import { threadedBootstraps } from "../parallel/threaded-bootstraps.ts";
import { withBottlenecks } from "../compare/bottlenecks.ts";
import { messageOf } from "../errors.ts";
import { applyPairedToFlagged, combineComparisons, withoutPairing } from "../compare/combine.ts";
import { comparePaired } from "../compare/paired.ts";
import { withTrends } from "../report/history.ts";
import type { Comparison, Pairing } from "../report/comparison.ts";
import type { BenchmarkSet, PairSpec } from "../config/schema.ts";
import type { LoadedConfig } from "../config/load.ts";
import { thresholdFor, type Policy } from "../compare/policy.ts";
import type { Progress } from "../measure/progress.ts";
import type { Report } from "../report/schema.ts";
import { runSet } from "../measure/run-set.ts";
import { addWorktree, type BaseWorktree, BaseUnavailable, gitTopLevel, headCommitOf, installBase, resolveBaseCommit } from "./base-worktree.ts";
import { measurePaired, type PairedMeasurement } from "./measure-paired.ts";
import { pairSettingsOf } from "./settings.ts";
import { baselineForShard, type Shard } from "../report/shard.ts";
import type { ProfileSettings } from "../profile/settings.ts";
import { choosePinning } from "./affinity.ts";
import { profileRegressions } from "./profile.ts";

export interface CheckOptions {
  /** The head's config (inside the head checkout, a git work tree). */
  loaded: LoadedConfig;
  set: BenchmarkSet;
  policy: Policy;
  pair: PairSpec;
  /** main's baseline artifact, when there is one: history, budgets, the table against main, the fallback. */
  baseline?: Report;
  /** The base to pair with, from GitHub's record or the command line; never from an artifact. */
  base: { commit?: string; baseRef?: string };
  progress: Progress;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  random?: () => number;
  tempRoot?: string;
  /** This job's part of the set: only its benchmarks are measured, and only its metrics of the baseline compared. */
  shard?: Shard;
  /** Profiles failing rows after a paired measurement, into `dir`; absent or disabled: no profiling. */
  profile?: { settings: ProfileSettings; dir: string };
}

export interface CheckResult {
  /** The head's Report: paired measurement's head side, or a run of its own when pairing was off or failed. */
  report: Report;
  comparison: Comparison;
  /** The base's Report, when base and head were measured paired (only the paired benchmarks under \`flagged\`). */
  base?: Report;
}

/** Rows the artifact comparison flags: worth pairing under the `flagged` policy. */
function flaggedIds(comparison: Comparison): string[] {
  return comparison.rows.filter((r) => r.baseline !== undefined && r.current !== undefined && (r.verdict === "regression" || r.verdict === "inconclusive")).map((r) => r.id);
}

/** Benchmark-level globs for metric ids (`suite/bench.stat` -> `suite/bench.*`), so a benchmark is measured whole. */
function benchmarkGlobs(ids: string[]): string[] {
  return [...new Set(ids.map((id) => id.replace(/\.[^./]+$/, ".*")))];
}

/**
 * Prepares the base in a worktree, installs it and measures base and head
 * paired. Throws BaseUnavailable (with the reason) when the base cannot be
 * prepared in time; always removes the worktree.
 */
async function pairWithBase(
  options: CheckOptions,
  only: string[] | undefined,
  judge: (measured: PairedMeasurement, baseCommit: string) => Comparison,
): Promise<{ measured: PairedMeasurement; comparison: Comparison }> {
  const now = options.now ?? Date.now;
  const env = options.env ?? process.env;
  let worktree: BaseWorktree | undefined;
  try {
    const top = await gitTopLevel(dirname(options.loaded.path));
    const commit = await resolveBaseCommit(top, options.base);
    worktree = await addWorktree(top, commit, options.tempRoot);
    const install = options.pair.install.trim();
    options.progress(`perf-gate: base ${commit.slice(0, 12)} checked out in ${worktree.dir}${install ? `; installing with "${install}"` : ""}`);
    const abort = AbortSignal.timeout(options.pair.installTimeout * 1000);
    await installBase(worktree.dir, install, abort).catch((error: unknown) => {
      if (abort.aborted) throw new BaseUnavailable(`installing the base took longer than pair.installTimeout (${options.pair.installTimeout} s)`);
      throw error;
    });
    // The head's config decides what runs; each side resolves its paths in its own checkout.
    const configDir = relative(top, options.loaded.root);
    const started = now();
    const measured = await measurePaired({
      loaded: options.loaded,
      set: options.set,
      sides: { base: { root: resolve(worktree.dir, configDir), env }, head: { root: options.loaded.root, env } },
      settings: pairSettingsOf(options.pair),
      clock: { now, deadline: started + options.pair.budget * 1000, random: options.random ?? Math.random },
      progress: options.progress,
      thresholdOf: (id) => thresholdFor(options.policy, id),
      pin: options.pair.pin,
      only,
      shard: options.shard,
    });
    const comparison = judge(measured, commit);
    // While the base's worktree is still there: profile what failed, in rounds of its own.
    const profile = options.profile;
    if (!profile?.settings.enabled) return { measured, comparison };
    const pinning = await choosePinning(options.pair.pin);
    const profiles = await profileRegressions({
      loaded: options.loaded,
      set: options.set,
      comparison,
      sides: { base: { root: resolve(worktree.dir, configDir), env, top: worktree.dir }, head: { root: options.loaded.root, env, top } },
      settings: profile.settings,
      dir: profile.dir,
      headCommit: await headCommitOf(top),
      progress: options.progress,
      random: options.random ?? Math.random,
      pin: (pids) => pinning.pin(pids),
      now,
    }).catch((error: unknown) => {
      options.progress(`perf-gate: profiling failed (${messageOf(error)}); the verdicts stand`);
      return undefined;
    });
    return { measured, comparison: profiles ? { ...comparison, profiles } : comparison };
  } finally {
    await worktree?.remove();
  }
}

function pairingOf(measured: PairedMeasurement, baseCommit: string): Extract<Pairing, { status: "paired" }> {
  const rounds = Object.values(measured.rounds);
  return {
    status: "paired",
    baseCommit,
    rounds: [rounds.reduce((a, r) => Math.min(a, r), rounds[0] ?? 0), rounds.reduce((a, r) => Math.max(a, r), 0)],
    seconds: Math.round(measured.seconds * 10) / 10,
    unsettled: measured.unsettled,
    unpaired: measured.unpaired.length,
    cpu: measured.cpu,
  };
}

/** A failure to prepare or measure the base is a reason to fall back; anything else is a real error. */
function fallbackReason(error: unknown): string | undefined {
  return error instanceof BaseUnavailable ? error.message : undefined;
}

/**
 * The pull-request check (then its bottlenecks): with `pair.policy` `always`, base and head are
 * measured paired on this runner and that decides every metric; the baseline
 * artifact is compared too, beside it. With `flagged`, the head runs alone and
 * only the metrics the artifact flags are paired. With `off`, or when the base
 * cannot be prepared, the artifact's verdicts stand and the comparison says why.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const { shard } = options;
  if (!shard) return checkSet(options);
  // A shard compares only its own metrics of the baseline: the other shards' are not missing, only elsewhere.
  const { report, comparison, base } = await checkSet({ ...options, baseline: options.baseline && baselineForShard(options.baseline, shard) });
  return { report: { ...report, shard }, comparison: { ...comparison, shard }, ...(base ? { base: { ...base, shard } } : {}) };
}

async function checkSet(options: CheckOptions): Promise<CheckResult> {
  const result = await checkOnce(options);
  return { ...result, comparison: withBottlenecks(withTrends(result.comparison, options.baseline)) };
}

async function checkOnce(options: CheckOptions): Promise<CheckResult> {
  const runHead = () => runSet(options.loaded, { set: options.set, progress: options.progress, env: options.env, shard: options.shard });
  // Against main's baseline artifact (a large one's bootstraps shared with a second thread).
  const againstBaseline = (report: Report) => compare(options.baseline, report, options.policy, threadedBootstraps);
  const policy = options.pair.policy;
  if (policy === "off") {
    const report = await runHead();
    return { report, comparison: againstBaseline(report) };
  }
  if (policy === "always") {
    try {
      const { measured, comparison } = await pairWithBase(options, undefined, (measured, baseCommit) => {
        const paired = comparePaired(measured.base, measured.head, options.policy);
        const artifact = options.baseline ? againstBaseline(measured.head) : undefined;
        return combineComparisons(paired, artifact, pairingOf(measured, baseCommit));
      });
      return { report: measured.head, comparison, base: measured.base };
    } catch (error) {
      const reason = fallbackReason(error);
      if (reason === undefined) throw error;
      options.progress(`perf-gate: could not pair with the base (${reason}); the baseline artifact decides`);
      const report = await runHead();
      return { report, comparison: withoutPairing(againstBaseline(report), reason) };
    }
  }
  // flagged: the artifact first, then pair only what it flags.
  const report = await runHead();
  const artifact = againstBaseline(report);
  const flagged = flaggedIds(artifact);
  if (flagged.length === 0) return { report, comparison: artifact };
  try {
    options.progress(`perf-gate: pairing ${flagged.length} flagged metric${flagged.length === 1 ? "" : "s"} with the base on this runner`);
    const { measured, comparison } = await pairWithBase(options, benchmarkGlobs(flagged), (measured, baseCommit) => {
      const paired = comparePaired(measured.base, measured.head, options.policy);
      const flaggedSet = new Set(flagged);
      const only = { ...paired, rows: paired.rows.filter((r) => flaggedSet.has(r.id)) };
      return applyPairedToFlagged(artifact, only, pairingOf(measured, baseCommit));
    });
    return { report, comparison, base: measured.base };
  } catch (error) {
    const reason = fallbackReason(error);
    if (reason === undefined) throw error;
    options.progress(`perf-gate: could not pair with the base (${reason}); the baseline artifact decides`);
    return { report, comparison: withoutPairing(artifact, reason) };
  }
}
