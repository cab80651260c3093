import { mkdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BenchmarkSet, benchmarksIn } from "../config/schema.ts";
import { type LoadedConfig } from "../config/load.ts";
import { type Comparison, FAILING, type Row } from "../report/comparison.ts";
import { messageOf } from "../errors.ts";
import type { Progress } from "../measure/progress.ts";
import { attributeCpu, attributeHeap, cpuTree } from "../profile/attribute.ts";
import { diffProfiles, growingSites } from "../profile/diff.ts";
import type { BenchmarkProfile, Profiles } from "../profile/schema.ts";
import type { ProfileSettings } from "../profile/settings.ts";
import { CpuProfile, HeapProfile } from "../profile/v8-profile.ts";
import { renderFlameGraph } from "../render/flame-graph.ts";
import type { SideCheckout } from "./functions.ts";
import { profileFunctionTasks, type SideProfiles } from "./profile-functions.ts";
import { profileServers, type ServerProfiles } from "./profile-http.ts";
import type { Side } from "./settings.ts";

/** Retained bytes per operation a site must add before it is listed as growing. */
const LEAK_MIN_BYTES = 8;

export interface ProfileRun {
  loaded: LoadedConfig;
  set: BenchmarkSet;
  comparison: Comparison;
  /** Each side's checkout, and its repository root (file paths in profiles are made relative to it). */
  sides: Record<Side, SideCheckout & { top: string }>;
  settings: ProfileSettings;
  /** Directory the .cpuprofile files and flame graphs are written to. */
  dir: string;
  headCommit?: string;
  progress: Progress;
  random: () => number;
  pin: (pids: number[]) => Promise<void>;
  now?: () => number;
}

/** Rows worth profiling: regressions the paired comparison confirmed, and broken budgets. */
export function rowsToProfile(rows: readonly Row[]): Row[] {
  return rows.filter((r) => FAILING.has(r.verdict) && (r.verdict === "over-budget" || r.source === "paired") && (r.kind === "function" || r.kind === "http" || r.kind === "memory"));
}

function slug(benchmark: string): string {
  return benchmark.replace(/[^A-Za-z0-9._-]+/g, "_");
}

function parsed<T>(schema: { parse(data: unknown): T }, texts: readonly string[]): T[] {
  return texts.map((t) => schema.parse(JSON.parse(t)));
}

/** Writes one side pair of profiles and the flame graph; returns the file names. */
async function writeFiles(
  dir: string,
  name: string,
  title: string,
  per: "op" | "req",
  cpu: Record<Side, string[]>,
  ops: Record<Side, number>,
  roots: Record<Side, string[]>,
  heap?: Record<Side, string[]>,
): Promise<BenchmarkProfile["files"]> {
  await mkdir(dir, { recursive: true });
  const files: NonNullable<BenchmarkProfile["files"]> = {};
  for (const side of ["base", "head"] as const) {
    // The profile with the most samples of the side: the one a reader opens.
    const best = [...cpu[side]].sort((a, b) => b.length - a.length)[0];
    if (best) {
      files[side] = `${name}.${side}.cpuprofile`;
      await writeFile(join(dir, files[side]), best);
    }
    const heapText = heap?.[side].at(-1);
    if (heapText) await writeFile(join(dir, `${name}.${side}.heapprofile`), heapText);
  }
  const base = cpuTree(parsed(CpuProfile, cpu.base), roots.base);
  const head = cpuTree(parsed(CpuProfile, cpu.head), roots.head);
  files.flame = `${name}.flame.html`;
  await writeFile(join(dir, files.flame), renderFlameGraph({ title, unit: "ms", per, base, head, operations: ops }));
  return files;
}

async function functionProfile(benchmark: string, got: Record<Side, SideProfiles>, run: ProfileRun, roots: Record<Side, string[]>): Promise<BenchmarkProfile> {
  const ops = (list: SideProfiles["cpu"]) => list.reduce((s, p) => s + p.calls, 0);
  const side = (s: Side, kind: keyof SideProfiles) => ({
    attribution:
      kind === "cpu"
        ? attributeCpu(
            parsed(
              CpuProfile,
              got[s].cpu.map((p) => p.json),
            ),
            roots[s],
          )
        : attributeHeap(
            parsed(
              HeapProfile,
              got[s][kind].map((p) => p.json),
            ),
            roots[s],
          ),
    operations: ops(got[s][kind]),
  });
  const cpu = diffProfiles(side("base", "cpu"), side("head", "cpu"), "ms", "op");
  const profile: BenchmarkProfile = { benchmark, kind: "function", cpu };
  if (got.base.allocated.length && got.head.allocated.length) {
    profile.allocated = diffProfiles(side("base", "allocated"), side("head", "allocated"), "B", "op");
    profile.retained = diffProfiles(side("base", "retained"), side("head", "retained"), "B", "op");
    const leak = growingSites(profile.retained, LEAK_MIN_BYTES);
    if (leak.length) profile.leak = leak;
  }
  const cpuTexts = { base: got.base.cpu.map((p) => p.json), head: got.head.cpu.map((p) => p.json) };
  const heapTexts = { base: got.base.retained.map((p) => p.json), head: got.head.retained.map((p) => p.json) };
  profile.files = await writeFiles(run.dir, slug(benchmark), `${benchmark}: CPU per call, head against base`, "op", cpuTexts, { base: ops(got.base.cpu), head: ops(got.head.cpu) }, roots, heapTexts);
  return profile;
}

async function serverProfile(benchmark: string, got: Record<Side, ServerProfiles>, run: ProfileRun, roots: Record<Side, string[]>): Promise<BenchmarkProfile> {
  const cpu = diffProfiles(
    { attribution: attributeCpu(parsed(CpuProfile, got.base.cpu), roots.base), operations: got.base.requests },
    { attribution: attributeCpu(parsed(CpuProfile, got.head.cpu), roots.head), operations: got.head.requests },
    "ms",
    "req",
  );
  const profile: BenchmarkProfile = { benchmark, kind: "http", cpu };
  if (got.base.heap.length && got.head.heap.length) {
    // --heap-prof writes what is still allocated at exit: growth per request is what the server kept.
    profile.retained = diffProfiles(
      { attribution: attributeHeap(parsed(HeapProfile, got.base.heap), roots.base), operations: got.base.requests },
      { attribution: attributeHeap(parsed(HeapProfile, got.head.heap), roots.head), operations: got.head.requests },
      "B",
      "req",
    );
    const leak = growingSites(profile.retained, LEAK_MIN_BYTES);
    if (leak.length) profile.leak = leak;
  }
  profile.files = await writeFiles(
    run.dir,
    slug(benchmark),
    `${benchmark}: server CPU per request, head against base`,
    "req",
    { base: got.base.cpu, head: got.head.cpu },
    { base: got.base.requests, head: got.head.requests },
    roots,
    { base: got.base.heap, head: got.head.heap },
  );
  return profile;
}

/**
 * Profiles the benchmarks behind failing rows, base and head, in rounds of
 * their own after the paired measurement, and writes the profiles and a
 * differential flame graph per benchmark. A benchmark that cannot be
 * profiled carries the reason; this never fails the check.
 */
export async function profileRegressions(run: ProfileRun): Promise<Profiles | undefined> {
  const targets = rowsToProfile(run.comparison.rows);
  if (targets.length === 0) return undefined;
  const now = run.now ?? Date.now;
  const started = now();
  const deadline = started + run.settings.budget * 1000;
  const roots: Record<Side, string[]> = { base: [], head: [] };
  for (const side of ["base", "head"] as const) {
    const top = run.sides[side].top;
    roots[side] = [...new Set([top, await realpath(top).catch(() => top)])].map((r) => r.replace(/\/?$/, "/"));
  }
  const functionKeys = [...new Set(targets.filter((r) => r.kind === "function").map((r) => `${r.suite}/${r.benchmark}`))];
  const benchmarks: BenchmarkProfile[] = [];
  const ctx = { sides: run.sides, settings: run.settings, progress: run.progress, random: run.random, pin: run.pin };
  run.progress(`perf-gate: profiling ${targets.length} failing row${targets.length === 1 ? "" : "s"} on base and head (after measuring; nothing reported was measured under a profiler)`);
  for (const spec of benchmarksIn(run.loaded.config, run.set, run.loaded.path)) {
    if (spec.kind === "tinybench" && functionKeys.length) {
      const pending = functionKeys.filter((k) => !benchmarks.some((b) => b.benchmark === k));
      if (pending.length === 0) continue;
      if (now() >= deadline) {
        benchmarks.push(...pending.map((benchmark): BenchmarkProfile => ({ benchmark, kind: "function", error: "profiling time budget spent" })));
        continue;
      }
      try {
        const got = await profileFunctionTasks(spec, pending, ctx);
        for (const [key, sides] of got) benchmarks.push(await functionProfile(key, sides, run, roots));
      } catch (error) {
        benchmarks.push(...pending.map((benchmark): BenchmarkProfile => ({ benchmark, kind: "function", error: messageOf(error).split("\n")[0]! })));
      }
    }
    if (spec.kind === "http") {
      const rows = targets.filter((r) => r.suite === spec.name && (r.kind === "http" || r.kind === "memory"));
      if (rows.length === 0) continue;
      const scenarios = [...new Set(rows.filter((r) => r.kind === "http").map((r) => r.benchmark))];
      const benchmark = scenarios.length ? `${spec.name}/${scenarios.join("+")}` : `${spec.name}/${rows[0]!.benchmark}`;
      if (now() >= deadline) {
        benchmarks.push({ benchmark, kind: "http", error: "profiling time budget spent" });
        continue;
      }
      try {
        const got = await profileServers(spec, scenarios, ctx);
        const profile = await serverProfile(benchmark, got, run, roots);
        // Each failing row of the suite points at the same profile.
        benchmarks.push(
          profile,
          ...rows
            .map((r) => `${r.suite}/${r.benchmark}`)
            .filter((k) => k !== benchmark)
            .map((k) => ({ ...profile, benchmark: k })),
        );
      } catch (error) {
        benchmarks.push({ benchmark, kind: "http", error: messageOf(error).split("\n")[0]! });
      }
    }
  }
  const seconds = Math.round((now() - started) / 100) / 10;
  run.progress(`perf-gate: profiled ${benchmarks.filter((b) => !b.error).length} benchmark${benchmarks.length === 1 ? "" : "s"} in ${seconds.toFixed(1)} s; files in ${run.dir}`);
  return { headCommit: run.headCommit, dir: run.dir, seconds, benchmarks };
}
