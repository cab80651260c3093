// The bundled action (dist/index.js) run as a two-shard matrix plus a merge job, against the
// GitHub REST and artifact service emulators: on main the merge job stores one baseline, on a
// pull request it posts one comment; the shards' artifacts never collide; a missing shard is named.
//
// Each test starts its own emulator; the pull request test seeds main's baseline artifact itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedMainBaseline } from "../helpers/main-baseline.ts";
import { type GitHubEmulator, startGitHubEmulator } from "../emulators/index.ts";
import { type ActionJob, type ActionRun, describeRun, runAction as runActionProcess } from "../helpers/action-process.ts";
import { pullRequestPayload, pushPayload, type Repo } from "../helpers/payloads.ts";

const OWNER = "octo";
const NAME = "shards";
const REPO: Repo = { owner: OWNER, repo: NAME, id: 70_009_876, defaultBranch: "main" };
const WRITE = "ghs_shards_write";
const MAIN_SHA = "5555555555555555555555555555555555555555";
const HEAD_SHA = "6666666666666666666666666666666666666666";
const MARKER = "<!-- perf-gate -->";

let gh: GitHubEmulator;
let dir: string;
let files: string[];

beforeEach(async () => {
  gh = await startGitHubEmulator({ owner: OWNER, repo: NAME, repositoryId: REPO.id });
  dir = mkdtempSync(join(tmpdir(), "perf-gate-action-shards-"));
  gh.addToken(WRITE, "write");
  // Two suites: the knob's tasks hash to shard 1 of 2, "knob-b"'s to shard 2.
  const knob = readFileSync(resolve("test/fixtures/knob/knob.bench.js"), "utf8");
  writeFileSync(join(dir, "knob.bench.js"), knob);
  writeFileSync(join(dir, "knob-b.bench.js"), knob.replace('name: "knob"', 'name: "knob-b"'));
  writeFileSync(
    join(dir, "perf-gate.config.json"),
    JSON.stringify({ benchmarks: [{ kind: "tinybench", files: ["knob.bench.js", "knob-b.bench.js"], time: 30, warmupTime: 10, rounds: { min: 4, max: 5 } }], pair: { policy: "off" } }),
  );
  files = ["perf-gate.config.json", "knob.bench.js", "knob-b.bench.js"].map((f) => join(dir, f));
});

afterEach(async () => {
  await gh?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runJob(options: Omit<ActionJob, "gh" | "dir" | "repository" | "files" | "token">): Promise<ActionRun> {
  return runActionProcess({ ...options, gh, dir, repository: `${OWNER}/${NAME}`, files, token: WRITE });
}

const shardInputs = (shard: string) => ({ shard, matrix: JSON.stringify({ shard }) });

/**
 * main's baseline artifact as push run 3001's merge job leaves it: a Report of both suites, here
 * measured in this process (an unsharded run measures what the merged shards hold).
 */
function storeBaseline(): Promise<number> {
  // As the merge job's upload leaves it.
  return seedMainBaseline(gh, { config: join(dir, "perf-gate.config.json"), runId: 3001, sha: MAIN_SHA, job: "merge" });
}

describe("a sharded matrix and its merge job, with the bundled action", () => {
  it("push to main: two shards leave their parts, the merge job stores one baseline", async () => {
    gh.addRun({ id: 3001, headBranch: "main", headSha: MAIN_SHA, event: "push" });
    const push = { runId: 3001, event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA, repo: REPO }), sha: MAIN_SHA, ref: "refs/heads/main" };
    for (const shard of ["1/2", "2/2"]) {
      const run = await runJob({ ...push, job: "bench", inputs: shardInputs(shard) });
      expect(run.code, describeRun(run)).toBe(0);
      expect(run.summary).toContain(`shard ${shard} measured 10 metrics`);
    }
    const parts = gh.artifacts().filter((a) => a.runId === 3001);
    expect(parts.map((a) => a.name).sort()).toEqual(["perf-gate-shard-1-2", "perf-gate-shard-2-2"]);
    expect(gh.artifacts().some((a) => a.name.startsWith("perf-gate-baseline"))).toBe(false);

    const merge = await runJob({ ...push, job: "merge", inputs: { mode: "merge" } });
    expect(merge.code, describeRun(merge)).toBe(0);
    const baselines = gh.artifacts().filter((a) => a.name.startsWith("perf-gate-baseline"));
    expect(baselines).toMatchObject([{ name: "perf-gate-baseline", runId: 3001 }]);
    expect(merge.stdout).toContain("merged 2 shards (20 metrics) into baseline artifact");
    expect(merge.summary).toContain("baseline for main merged from 2 shards");
    // main's merged report, as a push job without shards leaves it, linked from the summary.
    const report = gh.artifacts().find((a) => a.runId === 3001 && a.name === "perf-gate-result-report");
    expect(merge.summary).toContain(`[HTML report](https://github.com/${OWNER}/${NAME}/actions/runs/3001/artifacts/${report?.id})`);
  });

  it("pull request: each shard checks its part against the one baseline, the merge job comments once", async () => {
    await storeBaseline();
    gh.addPullRequest({ number: 9, headSha: HEAD_SHA, headRef: "feature", baseRef: "main", headRepository: `${OWNER}/${NAME}` });
    gh.addRun({ id: 3002, headBranch: "feature", headSha: HEAD_SHA, event: "pull_request", pullRequests: [{ number: 9, headSha: HEAD_SHA }] });
    const pr = { runId: 3002, event: "pull_request", payload: pullRequestPayload({ number: 9, headSha: HEAD_SHA, action: "opened", repo: REPO }), sha: HEAD_SHA, ref: "refs/pull/9/merge" };
    for (const shard of ["1/2", "2/2"]) {
      const run = await runJob({ ...pr, job: "bench", inputs: shardInputs(shard) });
      expect(run.code, describeRun(run)).toBe(0);
      expect(run.stdout).toContain('using baseline artifact "perf-gate-baseline"');
    }
    // The shards comment nothing: the merge job does, once.
    expect(gh.comments(9)).toHaveLength(0);
    const names = gh
      .artifacts()
      .filter((a) => a.runId === 3002)
      .map((a) => a.name)
      .sort();
    expect(names).toEqual(["perf-gate-shard-1-2", "perf-gate-shard-2-2"]);

    const merge = await runJob({ ...pr, job: "merge", inputs: { mode: "merge" } });
    expect(merge.code, describeRun(merge)).toBe(merge.outputs.verdict === "fail" ? 1 : 0);
    const comments = gh.comments(9);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toBe(`${MARKER}\n${merge.summary}`);
    // One table over both shards' benchmarks (4, one row each), nothing called missing.
    expect(merge.summary.match(/^\| [^|]+ \| knob(-b)?\/[\w-]+ · \w+ \|/gm)).toHaveLength(4);
    expect(merge.summary).toContain("knob/mix-20k");
    expect(merge.summary).toContain("knob-b/mix-20k");
    expect(merge.summary).not.toContain("missing");
    expect(gh.artifacts().filter((a) => a.name.startsWith("perf-gate-baseline"))).toHaveLength(1);
    // The merged result, as one check job leaves it, for a fork-safe comment job; no name was taken twice.
    expect(
      gh
        .artifacts()
        .filter((a) => a.runId === 3002)
        .map((a) => a.name)
        .sort(),
    ).toEqual(["perf-gate-result", "perf-gate-result-report", "perf-gate-shard-1-2", "perf-gate-shard-2-2"]);
    // The merged comparison's HTML report: an artifact of the run, linked from the comment, with every benchmark of both shards.
    const report = gh.artifacts().find((a) => a.runId === 3002 && a.name === "perf-gate-result-report");
    expect(comments[0]?.body).toContain(`[HTML report](https://github.com/${OWNER}/${NAME}/actions/runs/3002/artifacts/${report?.id})`);
    const html = readFileSync(merge.outputs["html-report-path"] ?? "", "utf8");
    for (const name of ["knob/mix-20k", "knob-b/mix-20k"]) expect(html).toContain(name);
    expect(merge.stdout).not.toContain("::warning::");
  });

  it("a missing shard fails the merge job with a line that names it", async () => {
    gh.addRun({ id: 3003, headBranch: "main", headSha: MAIN_SHA, event: "push" });
    const push = { runId: 3003, event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA, repo: REPO }), sha: MAIN_SHA, ref: "refs/heads/main" };
    const one = await runJob({ ...push, job: "bench", inputs: shardInputs("2/2") });
    expect(one.code, describeRun(one)).toBe(0);
    const merge = await runJob({ ...push, job: "merge", inputs: { mode: "merge" } });
    expect(merge.code).toBe(1);
    expect(merge.stdout).toMatch(/::error::perf-gate: merge: shard 1\/2 of linux \S+ node v[\d.]+ is missing \(have 2\/2\)/);
    expect(gh.artifacts().filter((a) => a.runId === 3003 && a.name.startsWith("perf-gate-baseline"))).toHaveLength(0);
  });
});
