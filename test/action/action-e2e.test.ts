// The bundled action (dist/index.js) run as the runner runs it, against the GitHub REST and
// artifact service emulators: baseline upload on main, a regressing pull request with its
// sticky comment, a rerun, a fork's read-only run and the workflow_run comment phase, an
// expired baseline, and retried 502s.
//
// Each test starts its own emulator and seeds what its scenario presumes (main's baseline
// artifact, an earlier comment, a fork's result artifact). Verdicts come from the knob-import
// fixture, whose results are fixed data with the slowdown multiplied in, so they are the same
// on every run. Only the push test and the committed example's check time real work (the knob
// fixture, tinybench), and neither asserts a number that timing could move.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedMainBaseline } from "../helpers/main-baseline.ts";
import { type GitHubEmulator, startGitHubEmulator } from "../emulators/index.ts";
import { type ActionJob, type ActionRun, describeRun, runAction as runActionProcess } from "../helpers/action-process.ts";
import { pullRequestPayload, pushPayload, type Repo, workflowRunPayload } from "../helpers/payloads.ts";

const OWNER = "octo";
const NAME = "demo";
const REPO: Repo = { owner: OWNER, repo: NAME, id: 70_001_234, defaultBranch: "main" };
const WRITE = "ghs_e2e_write";
const READ = "ghs_e2e_fork_read";
const MAIN_SHA = "1111111111111111111111111111111111111111";
const HEAD_SHA = "2222222222222222222222222222222222222222";
const HEAD_SHA_2 = "2222222222222222222222222222222222222223";
const FORK_SHA = "3333333333333333333333333333333333333333";
const LATE_SHA = "4444444444444444444444444444444444444444";
/** The push run on main whose baseline artifact the pull requests compare with. */
const MAIN_RUN = 2001;
const FORK_RUN = 2004;
const KNOB = resolve("test/fixtures/knob");
const KNOB_IMPORT = resolve("test/fixtures/knob-import");
/** The knob suite, timed for real (tinybench). */
const KNOB_FILES = [join(KNOB, "perf-gate.config.json"), join(KNOB, "knob.bench.js")];
/** The knob suite as fixed data: the verdicts do not depend on the machine. */
const IMPORT_FILES = [join(KNOB_IMPORT, "perf-gate.config.json"), join(KNOB_IMPORT, "knob-results.mjs")];
/** Two benchmarks of the import fixture, four metrics each (mean, p50, min, max): 25% slower, each one regresses. */
const IMPORT_METRICS = 8;
const SLOWER = { PERF_GATE_KNOB_SLOWDOWN: "0.25" };
const EXAMPLES = resolve("fixtures/action-example");
const MARKER = "<!-- perf-gate -->";

let gh: GitHubEmulator;
let dir: string;

beforeEach(async () => {
  gh = await startGitHubEmulator({ owner: OWNER, repo: NAME, repositoryId: REPO.id });
  dir = mkdtempSync(join(tmpdir(), "perf-gate-action-e2e-"));
  gh.addToken(WRITE, "write");
  gh.addToken(READ, "read");
});

afterEach(async () => {
  const violations = gh.violations;
  await gh.close();
  rmSync(dir, { recursive: true, force: true });
  // Every request of the test fitted GitHub's description.
  expect(violations).toEqual([]);
});

/** Runs the action as a step of run `runId` with `files` (the import fixture by default) checked out. */
function runAction(options: Omit<ActionJob, "gh" | "dir" | "repository" | "files"> & { files?: string[] }): Promise<ActionRun> {
  return runActionProcess({ ...options, files: options.files ?? IMPORT_FILES, gh, dir, repository: `${OWNER}/${NAME}` });
}

/** main's baseline artifact as the first attempt of push run MAIN_RUN's job leaves it, measured from `files`; returns its id. */
function storeBaseline(files = IMPORT_FILES): Promise<number> {
  const checkout = mkdtempSync(join(dir, "main-"));
  for (const file of files) copyFileSync(file, join(checkout, basename(file)));
  return seedMainBaseline(gh, { config: join(checkout, "perf-gate.config.json"), runId: MAIN_RUN, sha: MAIN_SHA, job: "perf" });
}

/** Runs the push job of run `runId` on main. */
function runPush(runId: number, options: { files?: string[]; env?: Record<string, string> } = {}): Promise<ActionRun> {
  return runAction({ runId, event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA, repo: REPO }), sha: MAIN_SHA, ref: "refs/heads/main", token: WRITE, ...options });
}

interface PullRequestJob {
  runId: number;
  number: number;
  headSha: string;
  headRef?: string;
  action?: "opened" | "synchronize";
  files?: string[];
  env?: Record<string, string>;
  inputs?: Record<string, string>;
}

/** Registers pull request `number` (from this repository) at `headSha` and run `runId` of it, and runs its pull_request job. */
function runPullRequest(job: PullRequestJob): Promise<ActionRun> {
  const { runId, number, headSha, headRef = "feature" } = job;
  gh.addPullRequest({ number, headSha, headRef, baseRef: "main", headRepository: `${OWNER}/${NAME}` });
  gh.addRun({ id: runId, headBranch: headRef, headSha, event: "pull_request", pullRequests: [{ number, headSha }] });
  return runAction({
    runId,
    event: "pull_request",
    payload: pullRequestPayload({ number, headSha, headRef, action: job.action ?? "opened", repo: REPO }),
    sha: headSha,
    ref: `refs/pull/${number}/merge`,
    token: WRITE,
    files: job.files,
    env: job.env,
    inputs: job.inputs,
  });
}

/** Pull request 8 from a fork, 25% slower than main's baseline, run FORK_RUN of it with the fork's read-only token. */
async function runForkPullRequest(): Promise<ActionRun> {
  await storeBaseline();
  gh.addPullRequest({ number: 8, headSha: FORK_SHA, headRef: "patch-1", baseRef: "main", headRepository: `outsider/${NAME}` });
  gh.addRun({ id: FORK_RUN, headBranch: "patch-1", headSha: FORK_SHA, event: "pull_request", headRepository: `outsider/${NAME}` });
  return runAction({
    runId: FORK_RUN,
    event: "pull_request",
    payload: pullRequestPayload({ number: 8, headSha: FORK_SHA, headRef: "patch-1", fork: true, action: "opened", repo: REPO }),
    sha: FORK_SHA,
    ref: "refs/pull/8/merge",
    token: READ,
    env: SLOWER,
    // This run is about the read-only token: a regression must not fail it.
    inputs: { "fail-on-regression": "false" },
  });
}

/** The fork's result artifact, left by its pull request run for the trusted workflow_run job; returns that run's summary. */
async function leaveForkResult(): Promise<string> {
  const fork = await runForkPullRequest();
  if (fork.code !== 0 || !gh.artifacts().some((a) => a.name === "perf-gate-result" && a.runId === FORK_RUN)) throw new Error(`the fork's run left no result\n${describeRun(fork)}`);
  return fork.summary;
}

/** Runs the workflow_run job (mode comment) of run `runId`, triggered by the fork's run FORK_RUN. */
function runWorkflowRun(runId: number, inputs: Record<string, string>): Promise<ActionRun> {
  gh.addRun({ id: runId, headBranch: "main", headSha: MAIN_SHA, event: "workflow_run" });
  return runAction({
    runId,
    event: "workflow_run",
    payload: workflowRunPayload({ runId: FORK_RUN, headSha: FORK_SHA, headRepository: `outsider/${NAME}`, repo: REPO }),
    sha: MAIN_SHA,
    ref: "refs/heads/main",
    token: WRITE,
    inputs: { mode: "comment", ...inputs },
  });
}

describe("the bundled action against emulated GitHub", () => {
  it("push to main, real timing: measures the knob suite and uploads the baseline artifact", async () => {
    gh.addRun({ id: MAIN_RUN, headBranch: "main", headSha: MAIN_SHA, event: "push" });
    const run = await runPush(MAIN_RUN, { files: KNOB_FILES });
    expect(run.code, describeRun(run)).toBe(0);
    const stored = gh.artifacts().filter((a) => a.name === "perf-gate-baseline");
    expect(stored).toMatchObject([{ runId: MAIN_RUN, expired: false }]);
    // The count of metrics is the suite's (two tasks, five statistics each), whatever the timings.
    expect(run.summary).toMatch(/^### ℹ️ perf-gate: baseline for main \(10 metrics measured\)/);
    expect(run.summary).toContain(`Stored as the baseline artifact \`perf-gate-baseline\` (id ${stored[0]?.id}) of this run`);
    expect(run.outputs.verdict).toBe("pass");
    // The baseline, then the HTML report of main's run.
    expect(gh.requests.filter((r) => r.path.startsWith("/twirp/")).map((r) => r.path.split("/").pop())).toEqual(["CreateArtifact", "FinalizeArtifact", "CreateArtifact", "FinalizeArtifact"]);
    expect(gh.artifacts().filter((a) => a.name === "perf-gate-result-report" && a.runId === MAIN_RUN)).toHaveLength(1);
  });

  it("a re-run of the push job replaces its baseline artifact", async () => {
    const first = await storeBaseline();
    const run = await runPush(MAIN_RUN, { env: { GITHUB_RUN_ATTEMPT: "2" } });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).not.toContain("::warning::");
    const stored = gh.artifacts().filter((a) => a.name === "perf-gate-baseline");
    expect(stored).toMatchObject([{ runId: MAIN_RUN, expired: false }]);
    expect(stored[0]?.id).not.toBe(first);
  });

  it("pull request 25% slower: retries two 502s, downloads the baseline, comments once and fails", async () => {
    const baselineId = await storeBaseline();
    gh.failNext({ method: "GET", path: /\/actions\/artifacts$/ }, 2, 502);
    const run = await runPullRequest({ runId: 2002, number: 7, headSha: HEAD_SHA, env: SLOWER });
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toContain(`::error::perf-gate: ${IMPORT_METRICS} metrics regressed or broke a budget`);

    const listing = gh.requests.filter((r) => r.method === "GET" && /\/repos\/octo\/demo\/actions\/artifacts$/.test(r.path));
    expect(listing.map((r) => r.status).slice(0, 3)).toEqual([502, 502, 200]);
    expect(listing.slice(3).every((r) => r.status === 200)).toBe(true);
    expect(gh.requests.some((r) => r.path === `/repos/${OWNER}/${NAME}/actions/artifacts/${baselineId}/zip` && r.status === 302)).toBe(true);

    const comments = gh.comments(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.user.login).toBe("github-actions[bot]");
    expect(comments[0]?.body).toBe(`${MARKER}\n${run.summary}`);
    expect(run.summary).toMatch(/^### ❌ perf-gate: 2 benchmarks slower \(worst: knob\/(mix-20k|sum-5k) mean \+25\.0% /);
    expect(run.summary).toContain(`[Workflow run 2002](https://github.com/octo/demo/actions/runs/2002)`);
    expect(run.summary).toContain(`Baseline used: artifact \`perf-gate-baseline\` (id ${baselineId}) from run [2001](https://github.com/octo/demo/actions/runs/2001) on \`main\`, commit 1111111.`);
    expect(run.outputs).toMatchObject({ verdict: "fail", regressions: String(IMPORT_METRICS), "comment-url": comments[0]?.html_url });
    expect(gh.artifacts().filter((a) => a.name === "perf-gate-result" && a.runId === 2002)).toHaveLength(1);
    // The HTML report is an artifact of the run, linked from the comment and the summary.
    const report = gh.artifacts().filter((a) => a.name === "perf-gate-result-report" && a.runId === 2002);
    expect(report).toHaveLength(1);
    expect(run.summary).toContain(`[Workflow run 2002](https://github.com/octo/demo/actions/runs/2002) · [HTML report](https://github.com/octo/demo/actions/runs/2002/artifacts/${report[0]!.id})`);
    expect(run.outputs["html-report-path"]).toMatch(/perf-gate-report\.html$/);
  });

  it("a rerun on a new push updates the same comment", async () => {
    await storeBaseline();
    // The sticky comment of the pull request's earlier run (2002), before the new push.
    gh.addPullRequest({ number: 7, headSha: HEAD_SHA, headRef: "feature", baseRef: "main", headRepository: `${OWNER}/${NAME}` });
    const first = gh.addComment({ issueNumber: 7, body: `${MARKER}\n### ❌ perf-gate: 2 benchmarks slower\n\n[Workflow run 2002](https://github.com/octo/demo/actions/runs/2002)\n` });
    const run = await runPullRequest({ runId: 2003, number: 7, headSha: HEAD_SHA_2, action: "synchronize", env: SLOWER, inputs: { "fail-on-regression": "false" } });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: "fail", regressions: String(IMPORT_METRICS) });
    const comments = gh.comments(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(first);
    expect(comments[0]?.body).toBe(`${MARKER}\n${run.summary}`);
    expect(comments[0]?.body).toContain("[Workflow run 2003]");
    const writes = gh.requests.filter((r) => r.method !== "GET" && r.path.includes("/comments"));
    expect(writes.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 200"]);
  });

  it("a fork's pull request, read-only token: no comment, a notice, the result artifact", async () => {
    const run = await runForkPullRequest();
    expect(run.code, describeRun(run)).toBe(0);
    expect(gh.comments(8)).toEqual([]);
    expect(run.stdout).toContain("::notice::perf-gate: this token may not comment on pull request #8 (a pull request from a fork gets a read-only token)");
    expect(run.stdout).not.toContain("::warning::");
    expect(run.summary).toMatch(/^### ❌ perf-gate: 2 benchmarks slower /);
    expect(run.outputs).toMatchObject({ verdict: "fail", regressions: String(IMPORT_METRICS) });
    expect(run.outputs["comment-url"]).toBeUndefined();
    expect(gh.artifacts().filter((a) => a.name === "perf-gate-result" && a.runId === FORK_RUN)).toHaveLength(1);
  });

  it("workflow_run, mode comment: posts the fork's result after checking the pull request's head", async () => {
    const forkSummary = await leaveForkResult();
    const before = gh.requests.length;
    const run = await runWorkflowRun(2005, { config: "does-not-exist.json" });
    expect(run.code, describeRun(run)).toBe(0);
    const comments = gh.comments(8);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toBe(`${MARKER}\n${forkSummary}`);
    expect(run.outputs["comment-url"]).toBe(comments[0]?.html_url);
    expect(gh.requests.slice(before).some((r) => r.method === "GET" && r.path === `/repos/${OWNER}/${NAME}/pulls/8`)).toBe(true);
    // No benchmark ran in the trusted job.
    expect(run.stdout).not.toContain("running the quick set");
  });

  it("workflow_run does not post when the pull request has moved on: a notice, not a failure", async () => {
    const forkSummary = await leaveForkResult();
    // The fork's result was posted once; then the pull request got a new head.
    const body = `${MARKER}\n${forkSummary}`;
    gh.addComment({ issueNumber: 8, body });
    gh.addPullRequest({ number: 8, headSha: LATE_SHA, headRef: "patch-1", baseRef: "main", headRepository: `outsider/${NAME}` });
    const run = await runWorkflowRun(2006, {});
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toContain("::notice::perf-gate: not posting on pull request #8: its head is 444444444444");
    expect(gh.comments(8).map((c) => c.body)).toEqual([body]);
  });

  it("without an unexpired baseline: passes and says so in the comment", async () => {
    gh.expireArtifact(await storeBaseline());
    const run = await runPullRequest({ runId: 2007, number: 9, headSha: LATE_SHA, headRef: "docs", env: SLOWER });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toContain('::notice::perf-gate: no unexpired "perf-gate-baseline" artifact from a run on main; nothing to compare with');
    const comments = gh.comments(9);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(`### ℹ️ perf-gate: no baseline yet (${IMPORT_METRICS} metrics measured)`);
    expect(comments[0]?.body).toContain("**No baseline to compare with**: no unexpired `perf-gate-baseline` artifact from a run on `main` was found");
    expect(run.outputs.verdict).toBe("pass");
  });

  it("the committed example matches this run's format", async () => {
    // The example shows the knob suite timed for real: main's baseline measured here, then a pull
    // request whose tasks do twice the work, far past any swing of a busy machine's timing.
    await storeBaseline(KNOB_FILES);
    const run = await runPullRequest({ runId: 2002, number: 7, headSha: HEAD_SHA, files: KNOB_FILES, env: { PERF_GATE_KNOB_SLOWDOWN: "1" } });
    expect(run.code, describeRun(run)).toBe(run.outputs.verdict === "fail" ? 1 : 0);
    const comment = gh.comments(7)[0]?.body ?? "";
    if (process.env.PERF_GATE_UPDATE_EXAMPLES === "1") {
      mkdirSync(EXAMPLES, { recursive: true });
      writeFileSync(join(EXAMPLES, "summary.md"), run.summary);
      writeFileSync(join(EXAMPLES, "comment.md"), `${MARKER}\n${run.summary}`);
    }
    expect(existsSync(join(EXAMPLES, "comment.md"))).toBe(true);
    const summary = readFileSync(join(EXAMPLES, "summary.md"), "utf8");
    const committed = readFileSync(join(EXAMPLES, "comment.md"), "utf8");
    expect(committed).toBe(`${MARKER}\n${summary}`);
    // Timings differ run to run; the skeleton (with the links under the title) does not.
    const skeleton = (md: string): string[] =>
      [
        ...new Set(
          md
            .split("\n")
            .filter((line) => /^(### |\[Workflow run |\*\*|\| Verdict|<details>|<sub>|- Baseline used)/.test(line))
            .map((line) => line.replace(/\d[\d.,]*/g, "N").replace(/^### \S+ perf-gate: .*/, "### title")),
        ),
      ].filter((line) => !line.startsWith("<details>"));
    expect(skeleton(committed)).toEqual(skeleton(`${MARKER}\n${run.summary}`));
    expect(comment).toBe(`${MARKER}\n${run.summary}`);
  });
});
