import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compare } from "../src/compare.ts";
import { ConfirmSpec } from "../src/config.ts";
import { confirmFlagged } from "../src/confirm/confirm.ts";
import { loadReport } from "../src/files.ts";
import { defaultPolicy } from "../src/policy.ts";
import type { Report } from "../src/report.ts";
import { commitAll, git } from "./helpers/git.ts";
import { slowedDown } from "./helpers/reports.ts";

const CLI = resolve("dist/cli.js");

/** A benchmarked project whose one task does `units` of work. */
function writeProject(dir: string, units: number, comment = ""): void {
  writeFileSync(
    join(dir, "loop.bench.js"),
    `${comment}
let sink = 0;
const UNITS = ${units};
export default {
  name: "proj",
  tasks: {
    loop: () => {
      let s = 0;
      for (let i = 0; i < UNITS; i++) s = (s + Math.imul(i, 2654435761)) | 0;
      sink ^= s;
    },
  },
};
`,
  );
  writeFileSync(join(dir, "perf-gate.config.json"), JSON.stringify({ benchmarks: [{ kind: "tinybench", files: ["loop.bench.js"], time: 150, warmupTime: 30 }] }));
}

let root: string;
let baseCommit: string;

/** Measures a checkout with the real CLI and loads its Report. */
async function measure(dir: string): Promise<Report> {
  const out = join(root, `report-${Date.now()}.json`);
  execFileSync(process.execPath, [CLI, "run", "--config", join(dir, "perf-gate.config.json"), "--out", out], { cwd: dir, stdio: "ignore" });
  return loadReport(out);
}

/** A comparison whose every metric is flagged: the "artifact" baseline is made 30% faster than head. */
async function flaggedComparison(dir: string) {
  const head = await measure(dir);
  const artifact = slowedDown(head, 1 / 1.3);
  const comparison = compare(artifact, head, defaultPolicy());
  expect(comparison.rows.find((r) => r.id === "proj/loop.mean")?.verdict).toBe("regression");
  return comparison;
}

function spec(overrides: Partial<ConfirmSpec> = {}): ConfirmSpec {
  return ConfirmSpec.parse({ install: "", rounds: 6, budget: 120, ...overrides });
}

function seeded(seed: number) {
  let a = seed;
  return () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "perf-gate-confirm-test-"));
  const repo = join(root, "repo");
  execFileSync("mkdir", ["-p", repo]);
  git(repo, "init", "-q", "-b", "main");
  writeProject(repo, 20_000);
  baseCommit = commitAll(repo, "base");
});

describe("confirm on the same runner", () => {
  it("confirms a real 25% slowdown between base and head commits", async () => {
    const repo = join(root, "repo");
    git(repo, "checkout", "-q", "-B", "slow", baseCommit);
    writeProject(repo, 25_000);
    commitAll(repo, "head: 25% more work");
    const lines: string[] = [];
    const result = await confirmFlagged({
      comparison: await flaggedComparison(repo),
      policy: defaultPolicy(),
      spec: spec(),
      repoDir: repo,
      configPath: join(repo, "perf-gate.config.json"),
      base: { commit: baseCommit },
      cliPath: CLI,
      progress: (l) => lines.push(l),
      random: seeded(1),
      tempRoot: root,
    });
    const row = result.rows.find((r) => r.id === "proj/loop.mean")!;
    expect(row.verdict).toBe("regression");
    expect(row.artifact?.verdict).toBe("regression");
    expect(row.note).toMatch(/flagged against the baseline artifact: \+30\.0%; confirmed on this runner: \+/);
    expect(row.change!).toBeGreaterThan(0.1);
    expect(result.verdict).toBe("fail");
    expect(result.notes.join(" ")).toContain(`base commit ${baseCommit.slice(0, 7)}`);
    expect(lines.some((l) => /round 1\/6, (base|head)/.test(l))).toBe(true);
    // The worktree and its temp directory are gone.
    expect(git(repo, "worktree", "list").split("\n")).toHaveLength(1);
    expect(readdirSync(root).filter((f) => f.startsWith("perf-gate-base-"))).toEqual([]);
  });

  it("does not confirm a noise-only difference", async () => {
    const repo = join(root, "repo");
    git(repo, "checkout", "-q", "-B", "same", baseCommit);
    writeProject(repo, 20_000, "// only a comment changed");
    commitAll(repo, "head: same work");
    const result = await confirmFlagged({
      comparison: await flaggedComparison(repo),
      policy: defaultPolicy(),
      spec: spec(),
      repoDir: repo,
      configPath: join(repo, "perf-gate.config.json"),
      base: { commit: baseCommit },
      cliPath: CLI,
      progress: () => {},
      random: seeded(2),
      tempRoot: root,
    });
    const row = result.rows.find((r) => r.id === "proj/loop.mean")!;
    expect(row.verdict).not.toBe("regression");
    expect(row.artifact?.verdict).toBe("regression");
    expect(row.note).toMatch(/not confirmed on this runner/);
    expect(result.rows.filter((r) => r.verdict === "regression")).toEqual([]);
    expect(result.verdict).toBe("pass");
  });

  it("falls back to the artifact verdict in a shallow clone, saying which fetch-depth is needed", async () => {
    const repo = join(root, "repo");
    const shallow = join(root, "shallow");
    git(root, "clone", "-q", "--depth", "1", "--branch", "slow", `file://${repo}`, shallow);
    const comparison = await flaggedComparison(shallow);
    const result = await confirmFlagged({
      comparison,
      policy: defaultPolicy(),
      spec: spec(),
      repoDir: shallow,
      configPath: join(shallow, "perf-gate.config.json"),
      base: { commit: baseCommit, baseRef: "main" },
      cliPath: CLI,
      progress: () => {},
      tempRoot: root,
    });
    expect(result.rows.map((r) => r.verdict)).toEqual(comparison.rows.map((r) => r.verdict));
    expect(result.verdict).toBe("fail");
    expect(result.notes.join(" ")).toMatch(/Could not re-measure on this runner \(.*shallow clone.*fetch-depth: 0/);
  });

  it("falls back when the base's install command fails, and cleans up", async () => {
    const repo = join(root, "repo");
    git(repo, "checkout", "-q", "slow");
    const result = await confirmFlagged({
      comparison: await flaggedComparison(repo),
      policy: defaultPolicy(),
      spec: spec({ install: "echo resolving dependencies; echo 'npm error missing lockfile' >&2; exit 3" }),
      repoDir: repo,
      configPath: join(repo, "perf-gate.config.json"),
      base: { commit: baseCommit },
      cliPath: CLI,
      progress: () => {},
      tempRoot: root,
    });
    expect(result.notes.join(" ")).toMatch(/install command ".*" failed in the base worktree \(exit 3\): .*missing lockfile/);
    expect(result.verdict).toBe("fail");
    expect(git(repo, "worktree", "list").split("\n")).toHaveLength(1);
    expect(readdirSync(root).filter((f) => f.startsWith("perf-gate-base-"))).toEqual([]);
  });
});
