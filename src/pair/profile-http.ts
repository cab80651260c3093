import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expandCases } from "../measure/runners/http/cases.ts";
import { runLoad } from "../measure/runners/http/load.ts";
import { openServer } from "../measure/runners/http/session.ts";
import type { HttpSpec } from "../config/http-spec.ts";
import type { Progress } from "../measure/progress.ts";
import type { ProfileSettings } from "../profile/settings.ts";
import { groupMembers } from "../measure/runners/http/process-group.ts";
import type { SideCheckout } from "./functions.ts";
import { type Side, sideOrder } from "./settings.ts";

/**
 * Preloaded into the profiled server's Node processes: inlining off (so small
 * handlers keep their own samples), and SIGTERM turned into a normal exit,
 * which is when `--cpu-prof` and `--heap-prof` write their files.
 */
const PRELOAD = `// perf-gate profiling preload (see src/pair/profile-http.ts)
import v8 from "node:v8";
v8.setFlagsFromString("--no-turbo-inlining");
v8.setFlagsFromString("--no-maglev-inlining");
process.once("SIGTERM", () => process.exit(0));
`;

export interface ServerProfiles {
  cpu: string[];
  heap: string[];
  /** Responses and failures the profiled server saw (warm-up and slice). */
  requests: number;
}

/** NODE_OPTIONS for a profiled server: the user's own, then the profilers (paths quoted for spaces). */
function profileOptions(existing: string | undefined, dir: string, preload: string, interval: number): string {
  const flags = [`--cpu-prof`, `"--cpu-prof-dir=${dir}"`, `--cpu-prof-interval=${interval}`, `--heap-prof`, `"--heap-prof-dir=${dir}"`, `"--import=${pathToFileURL(preload).href}"`];
  return [existing ?? "", ...flags].join(" ").trim();
}

/**
 * Starts each side's server again under `--cpu-prof` and `--heap-prof`, runs
 * a short slice of load on the named scenarios, stops it (the profiles are
 * written as it exits) and returns the files' text. Sides go one after the
 * other, in a random order, after the paired measurement.
 */
export async function profileServers(
  spec: HttpSpec,
  caseNames: readonly string[],
  ctx: { sides: Record<Side, SideCheckout>; settings: ProfileSettings; progress: Progress; random: () => number; pin: (pids: number[]) => Promise<void> },
): Promise<Record<Side, ServerProfiles>> {
  const work = await mkdtemp(join(tmpdir(), "perf-gate-server-profile-"));
  const preload = join(work, "preload.mjs");
  const cases = expandCases(spec).filter((c) => caseNames.includes(c.name));
  const chosen = cases.length ? cases : expandCases(spec).slice(0, 1);
  const out: Partial<Record<Side, ServerProfiles>> = {};
  try {
    await writeFile(preload, PRELOAD);
    for (const side of sideOrder(ctx.random)) {
      const dir = join(work, side);
      await mkdir(dir);
      const env: NodeJS.ProcessEnv = { ...ctx.sides[side].env, PERF_GATE_SIDE: side };
      env.NODE_OPTIONS = profileOptions(env.NODE_OPTIONS, dir, preload, ctx.settings.interval);
      // The memory probe answers SIGUSR2 and runs GCs: not wanted in a profile.
      const quiet: HttpSpec = { ...spec, memory: { ...spec.memory, nodeProbe: false } };
      const session = await openServer(quiet, { root: ctx.sides[side].root, progress: ctx.progress, env }, `${spec.name} (${side}, profiling)`);
      if (!session) throw new Error("the run was stopped");
      let requests = 0;
      try {
        await ctx.pin(groupMembers(session.pgid));
        const each = ctx.settings.load / chosen.length;
        for (const c of chosen) {
          const warm = await runLoad(c, { origin: session.origin, duration: Math.min(0.3, each / 4), stop: session.stop });
          const slice = await runLoad(c, { origin: session.origin, duration: each, stop: session.stop });
          requests += warm.responses + warm.failures + slice.responses + slice.failures;
        }
        session.crashed("while profiled");
      } finally {
        await session.dispose();
      }
      const names = await readdir(dir);
      const read = (ext: string) => Promise.all(names.filter((n) => n.endsWith(ext)).map((n) => readFile(join(dir, n), "utf8")));
      out[side] = { cpu: await read(".cpuprofile"), heap: await read(".heapprofile"), requests };
    }
    return { base: out.base!, head: out.head! };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
