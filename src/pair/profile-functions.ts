import type { TinybenchSpec } from "../config/schema.ts";
import type { Progress } from "../measure/progress.ts";
import type { ProfileSettings } from "../profile/settings.ts";
import { type Side, sideOrder } from "./settings.ts";
import { expectReply, type SideWorker, startSideWorker } from "./side-worker.ts";
import { type SideCheckout, sideFiles } from "./functions.ts";

/**
 * Flags of the profiling workers only: without inlining, a small function's
 * samples stay its own instead of its caller's, so the profile names it. The
 * numbers reported were measured before, by workers without these flags.
 */
export const PROFILE_V8_FLAGS = ["--no-turbo-inlining", "--no-maglev-inlining"];

export interface SideProfiles {
  cpu: Array<{ calls: number; json: string }>;
  allocated: Array<{ calls: number; json: string }>;
  retained: Array<{ calls: number; json: string }>;
}

const emptySide = (): SideProfiles => ({ cpu: [], allocated: [], retained: [] });

/**
 * Profiles function tasks of one tinybench group on both sides, in fresh
 * workers, after the paired measurement: CPU in two alternating rounds per
 * side (order random), then allocations. Only `keys` (tasks both sides have) run.
 */
export async function profileFunctionTasks(
  spec: TinybenchSpec,
  keys: readonly string[],
  ctx: { sides: Record<Side, SideCheckout>; settings: ProfileSettings; progress: Progress; random: () => number; pin: (pids: number[]) => Promise<void> },
): Promise<Map<string, Record<Side, SideProfiles>>> {
  const out = new Map<string, Record<Side, SideProfiles>>();
  const workers: Partial<Record<Side, SideWorker>> = {};
  const timeout = 60_000 + ctx.settings.cpuTime * 4;
  try {
    for (const side of ["base", "head"] as const) {
      const checkout = ctx.sides[side];
      workers[side] = startSideWorker({ cwd: checkout.root, env: { ...checkout.env, PERF_GATE_SIDE: side }, label: `${side} side (profiling)`, v8Flags: PROFILE_V8_FLAGS });
    }
    await ctx.pin([workers.base!.pid, workers.head!.pid].filter((p): p is number => p !== undefined));
    const available: Record<Side, Set<string>> = { base: new Set(), head: new Set() };
    for (const side of ["base", "head"] as const) {
      const files = sideFiles(spec, ctx.sides, side);
      for (const t of expectReply(await workers[side]!.request({ type: "load", files }, timeout), "loaded").tasks) available[side].add(t.key);
    }
    for (const key of keys) {
      if (!available.base.has(key) || !available.head.has(key)) continue;
      ctx.progress(`  profiling ${key} on both sides`);
      const got: Record<Side, SideProfiles> = { base: emptySide(), head: emptySide() };
      const rounds: Array<{ mode: "cpu" | "heap"; time: number }> = [
        { mode: "cpu", time: ctx.settings.cpuTime / 2 },
        { mode: "cpu", time: ctx.settings.cpuTime / 2 },
      ];
      if (ctx.settings.heapTime > 0) rounds.push({ mode: "heap", time: ctx.settings.heapTime });
      for (const round of rounds) {
        for (const side of sideOrder(ctx.random)) {
          const reply = expectReply(await workers[side]!.request({ type: "profile", key, mode: round.mode, time: round.time, interval: ctx.settings.interval }, timeout), "profiled");
          for (const p of reply.profiles) got[side][p.kind].push({ calls: p.calls, json: p.json });
        }
      }
      out.set(key, got);
    }
    return out;
  } finally {
    await Promise.all([workers.base?.close(), workers.head?.close()]);
  }
}
