import { describe, expect, it } from "vitest";
import { main } from "../src/action/main.ts";
import { ResultMeta } from "../src/action/result.ts";
import { Comparison } from "../src/comparison.ts";
import { Config } from "../src/config.ts";
import { parseReport } from "../src/files.ts";
import { HISTORY_RUNS } from "../src/history.ts";
import type { Report } from "../src/report.ts";
import { actionPorts, FakeFiles, FakeGitHub, fakeBench } from "./helpers/fake-ports.ts";
import { pullRequestPayload, pushPayload, REPO, workflowDispatchPayload, workflowRunPayload } from "./helpers/payloads.ts";
import { loadExampleBaseline, slowedDown } from "./helpers/reports.ts";

const MAIN_SHA = "1111111111111111111111111111111111111111";
const HEAD_SHA = "2222222222222222222222222222222222222222";
const FORK_SHA = "3333333333333333333333333333333333333333";

const withCommit = (report: Report, commit: string): Report => ({ ...report, environment: { ...report.environment, commit } });
const baselineReport = withCommit(loadExampleBaseline(), MAIN_SHA);
const slowerReport = withCommit(slowedDown(loadExampleBaseline(), 1.25), HEAD_SHA);

/** A repository whose main branch already stored a baseline (run 10). */
async function repoWithBaseline(): Promise<{ github: FakeGitHub; files: FakeFiles }> {
  const github = new FakeGitHub();
  const files = new FakeFiles();
  const { ports } = actionPorts({ event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA }), github, files, bench: fakeBench(() => baselineReport), run: { id: 10, branch: "main", sha: MAIN_SHA } });
  await main(ports);
  return { github, files };
}

function prRun(github: FakeGitHub, files: FakeFiles, options: { runId: number; number?: number; fork?: boolean; report?: Report; inputs?: Record<string, string> }) {
  const headSha = options.fork ? FORK_SHA : HEAD_SHA;
  return actionPorts({
    event: "pull_request",
    payload: pullRequestPayload({ number: options.number ?? 5, headSha, fork: options.fork }),
    github,
    files,
    bench: fakeBench(() => options.report ?? slowerReport),
    access: options.fork ? "read" : "write",
    inputs: options.inputs,
    run: { id: options.runId, branch: "feature", sha: headSha, repositoryId: options.fork ? REPO.id + 1 : REPO.id },
  });
}

describe("push to the default branch", () => {
  it("measures, uploads the Report as the baseline artifact and writes the summary", async () => {
    const { github, files } = await repoWithBaseline();
    const stored = github.artifact("perf-gate-baseline");
    expect(stored?.rest.workflow_run).toMatchObject({ id: 10, head_branch: "main", head_sha: MAIN_SHA });
    expect(parseReport(JSON.parse(stored?.files.get("report.json") ?? "null"), "artifact").metrics).toHaveLength(baselineReport.metrics.length);
    expect(files.map.has("/work/repo/perf-gate-report.json")).toBe(true);
    // The branch's previous baseline is looked up first, for its run history.
    expect(github.calls).toEqual(["listArtifacts", "upload perf-gate-baseline"]);
  });

  it("carries the previous baseline's run history into the new one", async () => {
    const { github, files } = await repoWithBaseline();
    const next = withCommit(slowedDown(baselineReport, 1.02), "4444444444444444444444444444444444444444");
    const run = actionPorts({ event: "push", payload: pushPayload({ branch: "main", sha: next.environment.commit! }), github, files, bench: fakeBench(() => next), run: { id: 11, branch: "main", sha: next.environment.commit! } });
    await main(run.ports);
    const stored = parseReport(JSON.parse(github.artifact("perf-gate-baseline")?.files.get("report.json") ?? "null"), "artifact");
    const id = "text/word-frequency.mean";
    const previousRuns = baselineReport.history?.[id] ?? [];
    expect(stored.history?.[id]).toEqual([...previousRuns, baselineReport.metrics.find((m) => m.id === id)!.value].slice(-HISTORY_RUNS));
    expect(stored.environment.commit).toBe(next.environment.commit);
    // The Report written to report-path is the stored one.
    expect(parseReport(JSON.parse(files.map.get("/work/repo/perf-gate-report.json") ?? "null"), "report").history?.[id]).toEqual(stored.history?.[id]);
  });

  it("a re-run of the same push job keeps the history its earlier attempt carried, not its own value", async () => {
    const { github, files } = await repoWithBaseline();
    const next = withCommit(slowedDown(baselineReport, 1.02), "4444444444444444444444444444444444444444");
    const push = (id: number) => actionPorts({ event: "push", payload: pushPayload({ branch: "main", sha: next.environment.commit! }), github, files, bench: fakeBench(() => next), run: { id, branch: "main", sha: next.environment.commit! } });
    await main(push(11).ports);
    await main(push(11).ports);
    const stored = parseReport(JSON.parse(github.artifact("perf-gate-baseline")?.files.get("report.json") ?? "null"), "artifact");
    const id = "text/word-frequency.mean";
    expect(stored.history?.[id]).toEqual([...(baselineReport.history?.[id] ?? []), baselineReport.metrics.find((m) => m.id === id)!.value].slice(-HISTORY_RUNS));
  });

  it("stores a baseline without history when the previous one cannot be listed", async () => {
    const github = new FakeGitHub();
    github.failures.listArtifacts = [403];
    const run = actionPorts({ event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA }), github, files: new FakeFiles(), bench: fakeBench(() => baselineReport), run: { id: 10, branch: "main", sha: MAIN_SHA } });
    expect((await main(run.ports)).failure).toBeUndefined();
    expect(run.recorded.logs.find((l) => l.level === "warning")?.line).toMatch(/new baseline starts without run history: could not list the "perf-gate-baseline" artifacts: .*actions: read/);
    expect(github.artifact("perf-gate-baseline")).toBeDefined();
  });

  it("passes unless a budget is broken, and says where the baseline went", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    const run = actionPorts({ event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA }), github, files, bench: fakeBench(() => baselineReport), inputs: { "retention-days": "30" }, run: { id: 10, branch: "main", sha: MAIN_SHA } });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.summaries[0]).toMatch(/^### ℹ️ perf-gate: baseline for main \(\d+ metrics measured\)/);
    expect(run.recorded.summaries[0]).toContain("Stored as the baseline artifact `perf-gate-baseline` (id 100) of this run, kept 30 days");
    expect(run.recorded.summaries[0]).toContain("[Workflow run 10](https://github.com/octo/demo/actions/runs/10)");
    expect(run.recorded.outputs.get("verdict")).toBe("pass");

    const strict = Config.parse({ benchmarks: [{ kind: "tinybench", files: ["x.js"] }], budgets: { "text/word-frequency.p95": "< 0.001 ms" } });
    const broken = actionPorts({ event: "push", payload: pushPayload({ branch: "main", sha: MAIN_SHA }), github, files, bench: fakeBench(() => baselineReport, strict), run: { id: 11, branch: "main", sha: MAIN_SHA } });
    expect((await main(broken.ports)).failure).toBe("1 metric broke a budget");
  });

  it("workflow_dispatch with mode baseline stores a baseline too; an upload failure is a warning", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    const run = actionPorts({ event: "workflow_dispatch", payload: workflowDispatchPayload({ branch: "main" }), inputs: { mode: "baseline" }, github, files, bench: fakeBench(() => baselineReport), run: { id: 12, branch: "main", sha: MAIN_SHA } });
    run.ports.artifacts = { upload: async () => Promise.reject(new Error("artifact service unavailable")), download: async () => Promise.reject(new Error("unused")) };
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.logs).toContainEqual({ level: "warning", line: 'perf-gate: could not upload the baseline artifact "perf-gate-baseline": artifact service unavailable' });
    expect(run.recorded.summaries[0]).toContain("Uploading the baseline artifact `perf-gate-baseline` failed");
    expect(run.recorded.outputs.get("verdict")).toBe("pass");
  });
});

describe("pull request", () => {
  it("a 25% slowdown against main's baseline fails, with one sticky comment, summary, outputs and a result artifact", async () => {
    const { github, files } = await repoWithBaseline();
    const run = prRun(github, files, { runId: 20 });
    const outcome = await main(run.ports);

    expect(outcome.failure).toMatch(/^\d+ metrics regressed or broke a budget$/);
    expect(outcome.comparison?.counts.regression).toBeGreaterThan(0);
    const comments = github.issueComments(5);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/^<!-- perf-gate -->\n### ❌ perf-gate: performance got worse/);
    expect(comments[0]?.body).toContain("Baseline used: artifact `perf-gate-baseline` (id 100) from run [10](https://github.com/octo/demo/actions/runs/10) on `main`, commit 1111111.");
    expect(run.recorded.summaries).toHaveLength(1);
    expect(comments[0]?.body).toBe(`<!-- perf-gate -->\n${run.recorded.summaries[0]}`);
    expect(Object.fromEntries(run.recorded.outputs)).toMatchObject({
      verdict: "fail",
      regressions: String(outcome.comparison?.counts.regression),
      "report-path": "/work/repo/perf-gate-report.json",
      "comment-url": comments[0]?.html_url,
    });

    const result = github.artifact("perf-gate-result");
    expect(result?.rest.workflow_run?.id).toBe(20);
    expect(ResultMeta.parse(JSON.parse(result?.files.get("result.json") ?? ""))).toMatchObject({ pullRequest: 5, headSha: HEAD_SHA, baseRef: "main", baseline: { artifactId: 100, runId: 10 } });
    expect(Comparison.parse(JSON.parse(result?.files.get("comparison.json") ?? "")).verdict).toBe("fail");
    expect(result?.files.get("comment.md")).toBe(run.recorded.summaries[0]);
  });

  it("a rerun updates the same comment; an identical body is not rewritten", async () => {
    const { github, files } = await repoWithBaseline();
    await main(prRun(github, files, { runId: 20 }).ports);
    const first = github.issueComments(5)[0];
    // Faster this time: the comment changes in place.
    const rerun = prRun(github, files, { runId: 21, report: withCommit(baselineReport, HEAD_SHA) });
    const outcome = await main(rerun.ports);
    expect(outcome.failure).toBeUndefined();
    expect(github.issueComments(5)).toHaveLength(1);
    expect(github.issueComments(5)[0]?.id).toBe(first?.id);
    expect(github.issueComments(5)[0]?.body).toMatch(/^<!-- perf-gate -->\n### ✅ perf-gate: no regressions/);
    expect(github.calls.filter((c) => c === "updateComment")).toHaveLength(1);

    // Same run id and same numbers: nothing to rewrite.
    await main(prRun(github, files, { runId: 21, report: withCommit(baselineReport, HEAD_SHA) }).ports);
    expect(github.calls.filter((c) => c === "updateComment")).toHaveLength(1);
    expect(github.calls.filter((c) => c === "createComment")).toHaveLength(1);
  });

  it("from a fork (read-only token): the verdict passes through, markdown in the summary, a notice, the result artifact", async () => {
    const { github, files } = await repoWithBaseline();
    const run = prRun(github, files, { runId: 30, number: 6, fork: true });
    const outcome = await main(run.ports);
    expect(outcome.failure).toMatch(/regressed/);
    expect(github.issueComments(6)).toHaveLength(0);
    expect(run.recorded.summaries[0]).toMatch(/^### ❌ perf-gate: performance got worse/);
    expect(run.recorded.outputs.get("verdict")).toBe("fail");
    expect(run.recorded.outputs.has("comment-url")).toBe(false);
    expect(run.recorded.logs.filter((l) => l.level === "warning")).toEqual([]);
    expect(run.recorded.logs.find((l) => l.level === "notice")?.line).toContain("a pull request from a fork gets a read-only token");
    expect(ResultMeta.parse(JSON.parse(github.artifact("perf-gate-result")?.files.get("result.json") ?? "")).headSha).toBe(FORK_SHA);

    // With fail-on-regression off, the same fork run passes.
    const lenient = prRun(github, files, { runId: 31, number: 6, fork: true, inputs: { "fail-on-regression": "false" } });
    expect((await main(lenient.ports)).failure).toBeUndefined();
  });

  it("without a baseline it passes and says so plainly", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    // Only an expired baseline and one from another branch exist.
    github.addArtifact("perf-gate-baseline", { id: 1, branch: "main", sha: MAIN_SHA }, { "report.json": JSON.stringify(baselineReport) }, true);
    github.addArtifact("perf-gate-baseline", { id: 2, branch: "feature", sha: HEAD_SHA }, { "report.json": JSON.stringify(baselineReport) });
    const run = prRun(github, files, { runId: 40 });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.outputs.get("verdict")).toBe("pass");
    const body = github.issueComments(5)[0]?.body ?? "";
    expect(body).toContain("### ℹ️ perf-gate: no baseline yet");
    expect(body).toContain("**No baseline to compare with**: no unexpired `perf-gate-baseline` artifact from a run on `main` was found");
    expect(github.calls.filter((c) => c.startsWith("download"))).toEqual([]);
  });

  it("a comment outage is a warning: the verdict is still published and decides the step", async () => {
    const { github, files } = await repoWithBaseline();
    github.failures.listComments = [500];
    const run = prRun(github, files, { runId: 50 });
    const outcome = await main(run.ports);
    expect(outcome.failure).toMatch(/regressed/);
    expect(run.recorded.summaries).toHaveLength(1);
    expect(run.recorded.outputs.get("verdict")).toBe("fail");
    expect(run.recorded.logs).toContainEqual({ level: "warning", line: "perf-gate: could not comment on pull request #5: HTTP 500" });
  });

  it("baseline-run-id picks that run's artifact; the check pairs with the pull request's base commit from the event", async () => {
    const { github, files } = await repoWithBaseline();
    const older = withCommit(slowedDown(loadExampleBaseline(), 1.3), "4444444444444444444444444444444444444444");
    github.addArtifact("perf-gate-baseline", { id: 9, branch: "main", sha: "4444444444444444444444444444444444444444" }, { "report.json": JSON.stringify(older) });
    const bench = fakeBench(() => slowerReport);
    const run = actionPorts({
      event: "pull_request",
      payload: pullRequestPayload({ number: 5, headSha: HEAD_SHA }),
      github,
      files,
      bench,
      inputs: { "baseline-run-id": "9", confirm: "on-regression" },
      run: { id: 60, branch: "feature", sha: HEAD_SHA },
    });
    const outcome = await main(run.ports);
    // Against the slower baseline of run 9 nothing regressed.
    expect(outcome.comparison?.counts.regression).toBe(0);
    expect(run.recorded.summaries[0]).toContain("from run [9]");
    const payload = pullRequestPayload({ number: 5, headSha: HEAD_SHA });
    // The old `confirm` input still works: on-regression is the `flagged` pairing policy.
    expect(bench.checks).toEqual([{ commit: payload.pull_request.base.sha, baseRef: "main", policy: "flagged" }]);
  });

  it("names a bad input", async () => {
    const github = new FakeGitHub();
    expect(() => prRun(github, new FakeFiles(), { runId: 1, inputs: { "baseline-run-id": "latest" } })).toThrow('input "baseline-run-id": baseline-run-id: expected a workflow run id (a positive integer)');
    expect(() => prRun(github, new FakeFiles(), { runId: 1, inputs: { mode: "sometimes" } })).toThrow(/^input "mode": mode: /);
    expect(() => prRun(github, new FakeFiles(), { runId: 1, inputs: { "retention-days": "400" } })).toThrow('input "retention-days": retention-days: expected a number of days from 1 to 90');
  });
});

describe("workflow_run, mode comment (fork-safe second phase)", () => {
  async function forkRunDone() {
    const { github, files } = await repoWithBaseline();
    github.pulls.set(6, { headSha: FORK_SHA, headRepository: "outsider/demo" });
    const fork = prRun(github, files, { runId: 30, number: 6, fork: true });
    await main(fork.ports);
    return { github, files, forkSummary: fork.recorded.summaries[0] ?? "" };
  }

  function commentRun(github: FakeGitHub, files: FakeFiles, headSha: string, headRepository = "outsider/demo") {
    return actionPorts({
      event: "workflow_run",
      payload: workflowRunPayload({ runId: 30, headSha, headRepository }),
      inputs: { mode: "comment" },
      github,
      files,
      bench: fakeBench(() => {
        throw new Error("the comment phase must not run benchmarks");
      }),
      run: { id: 31, branch: "main", sha: MAIN_SHA },
    });
  }

  it("downloads the result, verifies the pull request's head, and posts the sticky comment", async () => {
    const { github, files, forkSummary } = await forkRunDone();
    const run = commentRun(github, files, FORK_SHA);
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    const comments = github.issueComments(6);
    expect(comments).toHaveLength(1);
    // Rendered again from the validated comparison: the same table the fork run showed.
    expect(comments[0]?.body).toBe(`<!-- perf-gate -->\n${forkSummary}`);
    expect(run.recorded.outputs.get("comment-url")).toBe(comments[0]?.html_url);
    expect(github.calls).toContain("getPullRequest");

    // A second comment run edits nothing (identical body).
    await main(commentRun(github, files, FORK_SHA).ports);
    expect(github.issueComments(6)).toHaveLength(1);
  });

  it("a fork's run without a baseline: the posted comment says so in the same words", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    github.pulls.set(6, { headSha: FORK_SHA, headRepository: "outsider/demo" });
    const fork = prRun(github, files, { runId: 30, number: 6, fork: true });
    expect((await main(fork.ports)).failure).toBeUndefined();
    await main(commentRun(github, files, FORK_SHA).ports);
    const body = github.issueComments(6)[0]?.body ?? "";
    expect(body).toBe(`<!-- perf-gate -->\n${fork.recorded.summaries[0]}`);
    expect(body).toContain("**No baseline to compare with**");
  });

  it("refuses when the pull request's head is not what the run measured", async () => {
    const { github, files } = await forkRunDone();
    github.pulls.set(6, { headSha: "5555555555555555555555555555555555555555", headRepository: "outsider/demo" });
    const outcome = await main(commentRun(github, files, FORK_SHA).ports);
    expect(outcome.failure).toMatch(/^refusing to post on pull request #6: its head is 555555555555/);
    expect(github.issueComments(6)).toHaveLength(0);
  });

  it("refuses an artifact that names another head than the run's", async () => {
    const { github, files } = await forkRunDone();
    const outcome = await main(commentRun(github, files, "6666666666666666666666666666666666666666").ports);
    expect(outcome.failure).toMatch(/^refusing to post: artifact "perf-gate-result" of run 30 names head 333333333333/);
    expect(github.calls).not.toContain("getPullRequest");
    expect(github.issueComments(6)).toHaveLength(0);
  });

  it("rejects a tampered result file, naming it", async () => {
    const { github, files } = await forkRunDone();
    const stored = github.artifact("perf-gate-result");
    stored?.files.set("result.json", JSON.stringify({ schema: "perf-gate/result@1", pullRequest: "6; rm -rf", headSha: FORK_SHA, baseRef: "main" }));
    await expect(main(commentRun(github, files, FORK_SHA).ports)).rejects.toThrow(/artifact "perf-gate-result" of run 30 result.json: not a valid perf-gate result: pullRequest: /);
  });

  it("has nothing to post for a run that was not a pull request's", async () => {
    const github = new FakeGitHub();
    const run = actionPorts({ event: "workflow_run", payload: workflowRunPayload({ runId: 3, headSha: MAIN_SHA, event: "push" }), github, files: new FakeFiles(), bench: fakeBench(() => baselineReport), run: { id: 4, branch: "main", sha: MAIN_SHA } });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.logs.find((l) => l.level === "notice")?.line).toContain('was triggered by "push", not a pull request');
    expect(github.calls).toEqual([]);
  });
});

describe("failures that stop the check", () => {
  it("a refused artifact listing names the missing permission", async () => {
    const { github, files } = await repoWithBaseline();
    github.failures.listArtifacts = [403];
    await expect(main(prRun(github, files, { runId: 70 }).ports)).rejects.toThrow('could not list the "perf-gate-baseline" artifacts: HTTP 403 (the job needs `permissions: actions: read`)');
  });

  it("an unsupported event is refused by name", async () => {
    const github = new FakeGitHub();
    const run = actionPorts({ event: "release", payload: {}, github, files: new FakeFiles(), bench: fakeBench(() => baselineReport), run: { id: 1, branch: "main", sha: MAIN_SHA } });
    await expect(main(run.ports)).rejects.toThrow('GITHUB_EVENT_NAME: the "release" event is not supported');
    expect(github.calls).toEqual([]);
  });
});
