// The bundled action (dist/index.js) run as the runner runs it, against the GitHub REST and
// artifact service emulators: baseline upload on main, a regressing pull request with its
// sticky comment, a rerun, a fork's read-only run and the workflow_run comment phase, an
// expired baseline, and retried 502s.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
const KNOB = resolve("test/fixtures/knob");
const EXAMPLES = resolve("fixtures/action-example");
const MARKER = "<!-- perf-gate -->";

let gh: GitHubEmulator;
let dir: string;

/** Runs the action as a step of run `runId`, with the knob fixture's config checked out at the default path. */
function runAction(options: Omit<ActionJob, "gh" | "dir" | "repository" | "files">): Promise<ActionRun> {
  return runActionProcess({ ...options, gh, dir, repository: `${OWNER}/${NAME}`, files: [join(KNOB, "perf-gate.config.json"), join(KNOB, "knob.bench.js")] });
}

beforeAll(async () => {
  gh = await startGitHubEmulator({ owner: OWNER, repo: NAME, repositoryId: REPO.id });
  dir = mkdtempSync(join(tmpdir(), "perf-gate-action-e2e-"));
  gh.addToken(WRITE, "write");
  gh.addToken(READ, "read");
});

afterAll(async () => {
  await gh?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the bundled action against emulated GitHub", () => {
  let baselineId = 0;
  let regressionRun: ActionRun | undefined;

  it("push to main: measures and uploads the baseline artifact", async () => {
    gh.addRun({ id: 2001, headBranch: "main", headSha: MAIN_SHA, event: "push" });
    const run = await runAction({ runId: 2001, event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA, repo: REPO }), sha: MAIN_SHA, ref: "refs/heads/main", token: WRITE });
    expect(run.code, describeRun(run)).toBe(0);
    const stored = gh.artifacts().filter((a) => a.name === "perf-gate-baseline");
    expect(stored).toMatchObject([{ runId: 2001, expired: false }]);
    baselineId = stored[0]?.id ?? 0;
    expect(run.summary).toMatch(/^### ℹ️ perf-gate: baseline for main \(10 metrics measured\)/);
    expect(run.summary).toContain(`Stored as the baseline artifact \`perf-gate-baseline\` (id ${baselineId}) of this run`);
    expect(run.outputs.verdict).toBe("pass");
    // The baseline, then the HTML report of main's run.
    expect(gh.requests.filter((r) => r.path.startsWith("/twirp/")).map((r) => r.path.split("/").pop())).toEqual(["CreateArtifact", "FinalizeArtifact", "CreateArtifact", "FinalizeArtifact"]);
    expect(gh.artifacts().filter((a) => a.name === "perf-gate-result-report" && a.runId === 2001)).toHaveLength(1);
  });

  it("a re-run of the push job replaces its baseline artifact", async () => {
    const run = await runAction({
      runId: 2001,
      event: "push",
      payload: pushPayload({ branch: "main", sha: MAIN_SHA, repo: REPO }),
      sha: MAIN_SHA,
      ref: "refs/heads/main",
      token: WRITE,
      env: { GITHUB_RUN_ATTEMPT: "2" },
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).not.toContain("::warning::");
    const stored = gh.artifacts().filter((a) => a.name === "perf-gate-baseline");
    expect(stored).toMatchObject([{ runId: 2001, expired: false }]);
    expect(stored[0]?.id).not.toBe(baselineId);
    baselineId = stored[0]?.id ?? 0;
  });

  it("pull request 25% slower: retries two 502s, downloads the baseline, comments once and fails", async () => {
    gh.addPullRequest({ number: 7, headSha: HEAD_SHA, headRef: "feature", baseRef: "main", headRepository: `${OWNER}/${NAME}` });
    gh.failNext({ method: "GET", path: /\/actions\/artifacts$/ }, 2, 502);
    const before = gh.requests.length;
    // The verdict comes from real timings on a shared machine: a run whose calibration or
    // samples swallowed the slowdown is measured again (a new run of the same pull request),
    // at most three times. Every attempt must be consistent: exit status = verdict.
    let run: ActionRun | undefined;
    let runId = 0;
    for (let attempt = 0; attempt < 3 && run?.outputs.verdict !== "fail"; attempt++) {
      runId = 2002 + attempt * 10;
      gh.addRun({ id: runId, headBranch: "feature", headSha: HEAD_SHA, event: "pull_request", pullRequests: [{ number: 7, headSha: HEAD_SHA }] });
      run = await runAction({
        runId,
        event: "pull_request",
        payload: pullRequestPayload({ number: 7, headSha: HEAD_SHA, action: "opened", repo: REPO }),
        sha: HEAD_SHA,
        ref: "refs/pull/7/merge",
        token: WRITE,
        env: { PERF_GATE_KNOB_SLOWDOWN: "0.25" },
      });
      expect(run.code, describeRun(run)).toBe(run.outputs.verdict === "fail" ? 1 : 0);
    }
    if (!run) throw new Error("no run");
    regressionRun = run;
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toMatch(/::error::perf-gate: \d+ metrics? regressed or broke a budget/);

    const listing = gh.requests.slice(before).filter((r) => r.method === "GET" && /\/repos\/octo\/demo\/actions\/artifacts$/.test(r.path));
    expect(listing.map((r) => r.status).slice(0, 3)).toEqual([502, 502, 200]);
    expect(listing.slice(3).every((r) => r.status === 200)).toBe(true);
    expect(gh.requests.slice(before).some((r) => r.path === `/repos/${OWNER}/${NAME}/actions/artifacts/${baselineId}/zip` && r.status === 302)).toBe(true);

    const comments = gh.comments(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.user.login).toBe("github-actions[bot]");
    expect(comments[0]?.body).toBe(`${MARKER}\n${run.summary}`);
    expect(run.summary).toMatch(/^### ❌ perf-gate: [\d,]+ benchmarks? (slower|regressed) \(worst: /);
    expect(run.summary).toContain(`[Workflow run ${runId}](https://github.com/octo/demo/actions/runs/${runId})`);
    expect(run.summary).toContain(`Baseline used: artifact \`perf-gate-baseline\` (id ${baselineId}) from run [2001](https://github.com/octo/demo/actions/runs/2001) on \`main\`, commit 1111111.`);
    expect(run.outputs).toMatchObject({ verdict: "fail", "comment-url": comments[0]?.html_url });
    expect(Number(run.outputs.regressions)).toBeGreaterThan(0);
    expect(gh.artifacts().filter((a) => a.name === "perf-gate-result" && a.runId === runId)).toHaveLength(1);
    // The HTML report is an artifact of the run, linked from the comment and the summary.
    const report = gh.artifacts().filter((a) => a.name === "perf-gate-result-report" && a.runId === runId);
    expect(report).toHaveLength(1);
    expect(run.summary).toContain(
      `[Workflow run ${runId}](https://github.com/octo/demo/actions/runs/${runId}) · [HTML report](https://github.com/octo/demo/actions/runs/${runId}/artifacts/${report[0]!.id})`,
    );
    expect(run.outputs["html-report-path"]).toMatch(/perf-gate-report\.html$/);
  });

  it("a rerun on a new push updates the same comment", async () => {
    gh.addPullRequest({ number: 7, headSha: HEAD_SHA_2, headRef: "feature", baseRef: "main", headRepository: `${OWNER}/${NAME}` });
    gh.addRun({ id: 2003, headBranch: "feature", headSha: HEAD_SHA_2, event: "pull_request", pullRequests: [{ number: 7, headSha: HEAD_SHA_2 }] });
    const first = gh.comments(7)[0];
    const before = gh.requests.length;
    const run = await runAction({
      runId: 2003,
      event: "pull_request",
      payload: pullRequestPayload({ number: 7, headSha: HEAD_SHA_2, action: "synchronize", repo: REPO }),
      sha: HEAD_SHA_2,
      ref: "refs/pull/7/merge",
      token: WRITE,
      env: { PERF_GATE_KNOB_SLOWDOWN: "0.25" },
      inputs: { "fail-on-regression": "false" },
    });
    expect(run.code, describeRun(run)).toBe(0);
    const comments = gh.comments(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(first?.id);
    expect(comments[0]?.body).toBe(`${MARKER}\n${run.summary}`);
    expect(comments[0]?.body).toContain("[Workflow run 2003]");
    const writes = gh.requests.slice(before).filter((r) => r.method !== "GET" && r.path.includes("/comments"));
    expect(writes.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 200"]);
  });

  let forkSummary = "";

  it("a fork's pull request (read-only token): no comment, a notice, the result artifact", async () => {
    gh.addPullRequest({ number: 8, headSha: FORK_SHA, headRef: "patch-1", baseRef: "main", headRepository: `outsider/${NAME}` });
    gh.addRun({ id: 2004, headBranch: "patch-1", headSha: FORK_SHA, event: "pull_request", headRepository: `outsider/${NAME}` });
    const run = await runAction({
      runId: 2004,
      event: "pull_request",
      payload: pullRequestPayload({ number: 8, headSha: FORK_SHA, headRef: "patch-1", fork: true, action: "opened", repo: REPO }),
      sha: FORK_SHA,
      ref: "refs/pull/8/merge",
      token: READ,
      // This run is about the read-only token, not about the numbers.
      inputs: { "fail-on-regression": "false" },
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(gh.comments(8)).toEqual([]);
    expect(run.stdout).toContain("::notice::perf-gate: this token may not comment on pull request #8 (a pull request from a fork gets a read-only token)");
    expect(run.stdout).not.toContain("::warning::");
    expect(run.summary).toMatch(/^### (✅|❌) perf-gate: /);
    expect(run.outputs["comment-url"]).toBeUndefined();
    expect(gh.artifacts().filter((a) => a.name === "perf-gate-result" && a.runId === 2004)).toHaveLength(1);
    forkSummary = run.summary;
  });

  it("workflow_run, mode comment: posts the fork's result after checking the pull request's head", async () => {
    gh.addRun({ id: 2005, headBranch: "main", headSha: MAIN_SHA, event: "workflow_run" });
    const before = gh.requests.length;
    const run = await runAction({
      runId: 2005,
      event: "workflow_run",
      payload: workflowRunPayload({ runId: 2004, headSha: FORK_SHA, headRepository: `outsider/${NAME}`, repo: REPO }),
      sha: MAIN_SHA,
      ref: "refs/heads/main",
      token: WRITE,
      inputs: { mode: "comment", config: "does-not-exist.json" },
    });
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
    gh.addPullRequest({ number: 8, headSha: LATE_SHA, headRef: "patch-1", baseRef: "main", headRepository: `outsider/${NAME}` });
    gh.addRun({ id: 2006, headBranch: "main", headSha: MAIN_SHA, event: "workflow_run" });
    const body = gh.comments(8)[0]?.body;
    const run = await runAction({
      runId: 2006,
      event: "workflow_run",
      payload: workflowRunPayload({ runId: 2004, headSha: FORK_SHA, headRepository: `outsider/${NAME}`, repo: REPO }),
      sha: MAIN_SHA,
      ref: "refs/heads/main",
      token: WRITE,
      inputs: { mode: "comment" },
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toContain("::notice::perf-gate: not posting on pull request #8: its head is 444444444444");
    expect(gh.comments(8).map((c) => c.body)).toEqual([body]);
  });

  it("without an unexpired baseline: passes and says so in the comment", async () => {
    gh.expireArtifact(baselineId);
    gh.addPullRequest({ number: 9, headSha: LATE_SHA, headRef: "docs", baseRef: "main", headRepository: `${OWNER}/${NAME}` });
    gh.addRun({ id: 2007, headBranch: "docs", headSha: LATE_SHA, event: "pull_request", pullRequests: [{ number: 9, headSha: LATE_SHA }] });
    const run = await runAction({
      runId: 2007,
      event: "pull_request",
      payload: pullRequestPayload({ number: 9, headSha: LATE_SHA, headRef: "docs", action: "opened", repo: REPO }),
      sha: LATE_SHA,
      ref: "refs/pull/9/merge",
      token: WRITE,
      env: { PERF_GATE_KNOB_SLOWDOWN: "0.25" },
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toContain('::notice::perf-gate: no unexpired "perf-gate-baseline" artifact from a run on main; nothing to compare with');
    const comments = gh.comments(9);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("### ℹ️ perf-gate: no baseline yet (10 metrics measured)");
    expect(comments[0]?.body).toContain("**No baseline to compare with**: no unexpired `perf-gate-baseline` artifact from a run on `main` was found");
    expect(run.outputs.verdict).toBe("pass");
  });

  it("every request fitted GitHub's description", () => {
    expect(gh.violations).toEqual([]);
  });

  it("the committed example matches this run's format", () => {
    const run = regressionRun;
    if (!run) throw new Error("the regression run did not happen");
    const comment = gh.comments(7)[0]?.body ?? "";
    if (process.env.PERF_GATE_UPDATE_EXAMPLES === "1") {
      mkdirSync(EXAMPLES, { recursive: true });
      writeFileSync(join(EXAMPLES, "summary.md"), run.summary);
      // The comment of the regression run, before the rerun replaced it.
      writeFileSync(join(EXAMPLES, "comment.md"), `${MARKER}\n${run.summary}`);
    }
    expect(existsSync(join(EXAMPLES, "comment.md"))).toBe(true);
    const summary = readFileSync(join(EXAMPLES, "summary.md"), "utf8");
    const committed = readFileSync(join(EXAMPLES, "comment.md"), "utf8");
    expect(committed).toBe(`${MARKER}\n${summary}`);
    // Timings differ run to run; the skeleton does not.
    const skeleton = (md: string): string[] =>
      [
        ...new Set(
          md
            .split("\n")
            .filter((line) => /^(### |\*\*|\| Verdict|<details>|<sub>|- Baseline used)/.test(line))
            .map((line) => line.replace(/\d[\d.,]*/g, "N").replace(/^### \S+ perf-gate: .*/, "### title")),
        ),
      ].filter((line) => !line.startsWith("<details>"));
    expect(skeleton(committed)).toEqual(skeleton(`${MARKER}\n${run.summary}`));
    expect(comment).toMatch(/^<!-- perf-gate -->\n### /);
  });
});
