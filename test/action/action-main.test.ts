import { describe, expect, it } from "vitest";
import { main } from "../../src/action/main.ts";
import { jobKey, keyedCommentId, keyedName, keyOfName } from "../../src/action/naming.ts";
import { ResultMeta } from "../../src/action/result.ts";
import { Comparison } from "../../src/report/comparison.ts";
import { Config } from "../../src/config/schema.ts";
import { parseReport } from "../../src/report/parse.ts";
import { compactValue, HISTORY_RUNS } from "../../src/report/history.ts";
import type { Report } from "../../src/report/schema.ts";
import { actionPorts, FakeFiles, FakeGitHub, fakeBench, pushRun, commentRun } from "../helpers/fake-ports.ts";
import { pullRequestPayload, REPO, workflowDispatchPayload, workflowRunPayload } from "../helpers/payloads.ts";
import { loadExampleBaseline, slowedDown } from "../helpers/reports.ts";

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
  const { ports } = pushRun({ github, files, report: baselineReport, sha: MAIN_SHA });
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
    // The branch's previous baseline is looked up first, for its run history; the HTML report goes up last.
    expect(github.calls).toEqual(["listArtifacts", "upload perf-gate-baseline", "upload perf-gate-result-report"]);
    expect(github.artifact("perf-gate-result-report")?.files.get("report.html")).toMatch(/^<!doctype html>/);
  });

  it("carries the previous baseline's run history into the new one", async () => {
    const { github, files } = await repoWithBaseline();
    const next = withCommit(slowedDown(baselineReport, 1.02), "4444444444444444444444444444444444444444");
    const run = pushRun({ github, files, report: next, sha: next.environment.commit!, runId: 11 });
    await main(run.ports);
    const stored = parseReport(JSON.parse(github.artifact("perf-gate-baseline")?.files.get("report.json") ?? "null"), "artifact");
    const id = "text/word-frequency.mean";
    const previousRuns = baselineReport.history?.[id] ?? [];
    expect(stored.history?.[id]).toEqual([...previousRuns, baselineReport.metrics.find((m) => m.id === id)!.value].slice(-HISTORY_RUNS).map(compactValue));
    expect(stored.environment.commit).toBe(next.environment.commit);
    // The Report written to report-path is the stored one.
    expect(parseReport(JSON.parse(files.map.get("/work/repo/perf-gate-report.json") ?? "null"), "report").history?.[id]).toEqual(stored.history?.[id]);
  });

  it("a re-run of the same push job keeps the history its earlier attempt carried, not its own value", async () => {
    const { github, files } = await repoWithBaseline();
    const next = withCommit(slowedDown(baselineReport, 1.02), "4444444444444444444444444444444444444444");
    const push = (id: number) => pushRun({ github, files, report: next, runId: id });
    await main(push(11).ports);
    await main(push(11).ports);
    const stored = parseReport(JSON.parse(github.artifact("perf-gate-baseline")?.files.get("report.json") ?? "null"), "artifact");
    const id = "text/word-frequency.mean";
    expect(stored.history?.[id]).toEqual([...(baselineReport.history?.[id] ?? []), baselineReport.metrics.find((m) => m.id === id)!.value].slice(-HISTORY_RUNS).map(compactValue));
  });

  it("stores a baseline without history when the previous one cannot be listed", async () => {
    const github = new FakeGitHub();
    github.failures.listArtifacts = [403];
    const run = pushRun({ github, files: new FakeFiles(), report: baselineReport, sha: MAIN_SHA });
    expect((await main(run.ports)).failure).toBeUndefined();
    expect(run.recorded.logs.find((l) => l.level === "warning")?.line).toMatch(/new baseline starts without run history: could not list the "perf-gate-baseline" artifacts: .*actions: read/);
    expect(github.artifact("perf-gate-baseline")).toBeDefined();
  });

  it("passes unless a budget is broken, and says where the baseline went", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    const run = pushRun({ github, files, report: baselineReport, sha: MAIN_SHA, inputs: { "retention-days": "30" } });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.summaries[0]).toMatch(/^### ℹ️ perf-gate: baseline for main \(\d+ metrics measured\)/);
    expect(run.recorded.summaries[0]).toContain("Stored as the baseline artifact `perf-gate-baseline` (id 100) of this run, kept 30 days");
    expect(run.recorded.summaries[0]).toContain("[Workflow run 10](https://github.com/octo/demo/actions/runs/10)");
    expect(run.recorded.outputs.get("verdict")).toBe("pass");

    const strict = Config.parse({ benchmarks: [{ kind: "tinybench", files: ["x.js"] }], budgets: { "text/word-frequency.p95": "< 0.001 ms" } });
    const broken = pushRun({ github, files, report: baselineReport, sha: MAIN_SHA, runId: 11, config: strict });
    expect((await main(broken.ports)).failure).toBe("1 metric broke a budget");
  });

  it("workflow_dispatch with mode baseline stores a baseline too; an upload failure is a warning and a line in the summary", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    const run = actionPorts({
      event: "workflow_dispatch",
      payload: workflowDispatchPayload({ branch: "main" }),
      inputs: { mode: "baseline" },
      github,
      files,
      bench: fakeBench(() => baselineReport),
      run: { id: 12, branch: "main", sha: MAIN_SHA },
    });
    run.ports.artifacts = { upload: async () => Promise.reject(new Error("artifact service unavailable")), download: async () => Promise.reject(new Error("unused")) };
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.logs).toContainEqual({ level: "warning", line: "perf-gate: The baseline artifact could not be stored: artifact service unavailable" });
    expect(run.recorded.summaries[0]).toContain("**The baseline artifact `perf-gate-baseline` could not be stored** (artifact service unavailable); the previous baseline stays in use.");
    expect(outcome.unavailable).toEqual([{ part: "baseline-upload", detail: "artifact service unavailable" }]);
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
    expect(comments[0]?.body).toMatch(/^<!-- perf-gate -->\n### ❌ perf-gate: [\d,]+ benchmarks? (slower|regressed) \(worst: /);
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

    // Same run id and same numbers: the re-run's HTML report is a new artifact, so only its link changes.
    await main(prRun(github, files, { runId: 21, report: withCommit(baselineReport, HEAD_SHA) }).ports);
    expect(github.calls.filter((c) => c === "updateComment")).toHaveLength(2);
    expect(github.calls.filter((c) => c === "createComment")).toHaveLength(1);
    const newest = github.artifact("perf-gate-result-report")!.rest.id;
    expect(github.issueComments(5)[0]?.body).toContain(`[HTML report](https://github.com/octo/demo/actions/runs/21/artifacts/${newest})`);
  });

  it("from a fork (read-only token): the verdict passes through, markdown in the summary, a notice, the result artifact", async () => {
    const { github, files } = await repoWithBaseline();
    const run = prRun(github, files, { runId: 30, number: 6, fork: true });
    const outcome = await main(run.ports);
    expect(outcome.failure).toMatch(/regressed/);
    expect(github.issueComments(6)).toHaveLength(0);
    expect(run.recorded.summaries[0]).toMatch(/^### ❌ perf-gate: [\d,]+ benchmarks? (slower|regressed) \(worst: /);
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
    // The verdict first, then a line saying the comment is missing.
    expect(run.recorded.summaries).toHaveLength(2);
    expect(run.recorded.summaries[1]).toContain("> ⚠️ The pull request comment could not be posted: HTTP 500");
    expect(run.recorded.outputs.get("verdict")).toBe("fail");
    expect(run.recorded.logs).toContainEqual({ level: "warning", line: "perf-gate: The pull request comment could not be posted: HTTP 500" });
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
    expect(() => prRun(github, new FakeFiles(), { runId: 1, inputs: { "baseline-run-id": "latest" } })).toThrow(
      'input "baseline-run-id": baseline-run-id: expected a workflow run id (a positive integer)',
    );
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

  it("downloads the result, verifies the pull request's head, and posts the sticky comment", async () => {
    const { github, files, forkSummary } = await forkRunDone();
    const run = commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    const comments = github.issueComments(6);
    expect(comments).toHaveLength(1);
    // Rendered again from the validated comparison: the same table the fork run showed.
    expect(comments[0]?.body).toBe(`<!-- perf-gate -->\n${forkSummary}`);
    expect(run.recorded.outputs.get("comment-url")).toBe(comments[0]?.html_url);
    expect(github.calls).toContain("getPullRequest");

    // A second comment run edits nothing (identical body).
    await main(commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA }).ports);
    expect(github.issueComments(6)).toHaveLength(1);
  });

  it("a fork's run without a baseline: the posted comment says so in the same words", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    github.pulls.set(6, { headSha: FORK_SHA, headRepository: "outsider/demo" });
    const fork = prRun(github, files, { runId: 30, number: 6, fork: true });
    expect((await main(fork.ports)).failure).toBeUndefined();
    await main(commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA }).ports);
    const body = github.issueComments(6)[0]?.body ?? "";
    expect(body).toBe(`<!-- perf-gate -->\n${fork.recorded.summaries[0]}`);
    expect(body).toContain("**No baseline to compare with**");
  });

  it("a pull request that moved on to a newer head: a notice, no comment, no failure", async () => {
    const { github, files } = await forkRunDone();
    github.pulls.set(6, { headSha: "5555555555555555555555555555555555555555", headRepository: "outsider/demo" });
    const run = commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.logs.find((l) => l.level === "notice")?.line).toMatch(/^perf-gate: not posting on pull request #6: its head is 555555555555/);
    expect(github.issueComments(6)).toHaveLength(0);
  });

  it("does not post an artifact that names another head than the run's", async () => {
    const { github, files } = await forkRunDone();
    const run = commentRun({ github, files, resultRunId: 30, headSha: "6666666666666666666666666666666666666666", headRepository: "outsider/demo", mainSha: MAIN_SHA });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.logs.find((l) => l.level === "warning")?.line).toMatch(/^perf-gate: not posting artifact "perf-gate-result" of run 30: it names head 333333333333/);
    expect(github.calls).not.toContain("getPullRequest");
    expect(github.issueComments(6)).toHaveLength(0);
  });

  it("a tampered result file is named in a warning and not posted", async () => {
    const { github, files } = await forkRunDone();
    const stored = github.artifact("perf-gate-result");
    stored?.files.set("result.json", JSON.stringify({ schema: "perf-gate/result@1", pullRequest: "6; rm -rf", headSha: FORK_SHA, baseRef: "main" }));
    const run = commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.unavailable?.[0]?.detail).toMatch(/artifact "perf-gate-result" of run 30 result.json: not a valid perf-gate result: pullRequest: /);
    expect(run.recorded.summaries.join("")).toContain('> ⚠️ The pull request run\'s result was unavailable: artifact "perf-gate-result" of run 30');
    expect(github.issueComments(6)).toHaveLength(0);
  });

  it("has nothing to post for a run that was not a pull request's", async () => {
    const github = new FakeGitHub();
    const run = actionPorts({
      event: "workflow_run",
      payload: workflowRunPayload({ runId: 3, headSha: MAIN_SHA, event: "push" }),
      github,
      files: new FakeFiles(),
      bench: fakeBench(() => baselineReport),
      run: { id: 4, branch: "main", sha: MAIN_SHA },
    });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(run.recorded.logs.find((l) => l.level === "notice")?.line).toContain('was triggered by "push", not a pull request');
    expect(github.calls).toEqual([]);
  });
});

describe("failures that stop the check", () => {
  it("an unsupported event is refused by name", async () => {
    const github = new FakeGitHub();
    const run = actionPorts({ event: "release", payload: {}, github, files: new FakeFiles(), bench: fakeBench(() => baselineReport), run: { id: 1, branch: "main", sha: MAIN_SHA } });
    await expect(main(run.ports)).rejects.toThrow('GITHUB_EVENT_NAME: the "release" event is not supported');
    expect(github.calls).toEqual([]);
  });
});

describe("what GitHub could not give never decides the check", () => {
  it("a baseline listing that fails after its retries: the check passes on what it measured and says the baseline was unavailable", async () => {
    const { github, files } = await repoWithBaseline();
    github.failures.listArtifacts = [502];
    const run = prRun(github, files, { runId: 80 });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.unavailable).toEqual([{ part: "baseline", detail: 'could not list the "perf-gate-baseline" artifacts: HTTP 502' }]);
    expect(run.recorded.outputs.get("verdict")).toBe("pass");
    expect(run.recorded.logs).toContainEqual({ level: "warning", line: 'perf-gate: The baseline artifact was unavailable: could not list the "perf-gate-baseline" artifacts: HTTP 502' });
    expect(run.recorded.summaries[0]).toContain('**Baseline unavailable**: the `perf-gate-baseline` artifact could not be had (could not list the "perf-gate-baseline" artifacts: HTTP 502)');
    expect(github.issueComments(5)[0]?.body).toContain("**Baseline unavailable**");
  });

  it("a refused listing (403) names the missing permission; a budget the run broke still fails it", async () => {
    const { github, files } = await repoWithBaseline();
    github.failures.listArtifacts = [403];
    const strict = Config.parse({ benchmarks: [{ kind: "tinybench", files: ["x.js"] }], budgets: { "text/word-frequency.p95": "< 0.001 ms" } });
    const run = actionPorts({
      event: "pull_request",
      payload: pullRequestPayload({ number: 5, headSha: HEAD_SHA }),
      github,
      files,
      bench: fakeBench(() => slowerReport, strict),
      run: { id: 81, branch: "feature", sha: HEAD_SHA },
    });
    const outcome = await main(run.ports);
    expect(outcome.failure).toBe("1 metric regressed or broke a budget");
    expect(outcome.unavailable?.[0]?.detail).toBe('could not list the "perf-gate-baseline" artifacts: HTTP 403 (the job needs `permissions: actions: read`)');
  });

  it("a download that fails is unavailable too, and so is a damaged baseline Report", async () => {
    const { github, files } = await repoWithBaseline();
    const run = prRun(github, files, { runId: 82 });
    const artifacts = run.ports.artifacts!;
    run.ports.artifacts = { ...artifacts, download: async () => Promise.reject(new Error("artifact 100 could not be downloaded after 3 attempts: blob storage answered 410")) };
    const outcome = await main(run.ports);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.unavailable?.[0]?.detail).toContain("blob storage answered 410");

    github.artifact("perf-gate-baseline")?.files.set("report.json", '{"schema":"perf-gate/report@1"}');
    const damaged = prRun(github, files, { runId: 83 });
    const second = await main(damaged.ports);
    expect(second.failure).toBeUndefined();
    expect(second.unavailable?.[0]?.detail).toMatch(/^baseline artifact "perf-gate-baseline" \(id 100\) report.json: /);
  });

  it("on GitHub Enterprise Server the upload failure and the missing baseline say why", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    const ghes = Object.assign(new Error("@actions/artifact v2.0.0+, upload-artifact@v4+ and download-artifact@v4+ are not currently supported on GHES."), { name: "GHESNotSupportedError" });
    const push = pushRun({ github, files, report: baselineReport, sha: MAIN_SHA, runId: 90 });
    push.ports.run = { ...push.ports.run, serverUrl: "https://git.example.com" };
    push.ports.artifacts = { upload: async () => Promise.reject(ghes), download: async () => Promise.reject(new Error("unused")) };
    const stored = await main(push.ports);
    expect(stored.failure).toBeUndefined();
    expect(push.recorded.summaries[0]).toContain("GitHub Enterprise Server does not support the artifact service perf-gate uses");

    const pr = prRun(github, files, { runId: 91 });
    pr.ports.run = { ...pr.ports.run, serverUrl: "https://git.example.com" };
    const checked = await main(pr.ports);
    expect(checked.failure).toBeUndefined();
    expect(pr.recorded.summaries[0]).toContain("**Baseline unavailable**: the `perf-gate-baseline` artifact could not be had (GitHub Enterprise Server does not support");
  });
});

describe("the comment's author", () => {
  it("an App installation token (GET /user and GET /app refused): the marked bot comment is edited, never posted twice", async () => {
    const { github, files } = await repoWithBaseline();
    const appRun = (runId: number, report = slowerReport) => {
      const run = prRun(github, files, { runId, report });
      run.ports.github = github.port("write", "perf-bot[bot]", {});
      return run;
    };
    // Someone quotes the marker in their own comment: it is a person's, never edited.
    github.comments.set(5, [{ id: 1, body: "<!-- perf-gate -->\nquoted", html_url: "https://github.com/octo/demo/pull/5#issuecomment-1", user: { login: "octocat", type: "User" } }]);
    await main(appRun(100).ports);
    await main(appRun(101, withCommit(baselineReport, HEAD_SHA)).ports);
    await main(appRun(102).ports);
    const comments = github.issueComments(5);
    expect(comments.map((c) => c.user?.login)).toEqual(["octocat", "perf-bot[bot]"]);
    expect(comments[0]?.body).toBe("<!-- perf-gate -->\nquoted");
    expect(github.calls.filter((c) => c === "createComment")).toHaveLength(1);
    expect(github.calls.filter((c) => c === "updateComment")).toHaveLength(2);
  });

  it("with the login unknown, another app's marked comment that cannot be edited is passed over", async () => {
    const { github, files } = await repoWithBaseline();
    github.comments.set(5, [{ id: 1, body: "<!-- perf-gate -->\nold", html_url: "https://github.com/octo/demo/pull/5#issuecomment-1", user: { login: "other-app[bot]", type: "Bot" } }]);
    const run = prRun(github, files, { runId: 103 });
    const port = github.port("write", "perf-bot[bot]", {});
    run.ports.github = {
      ...port,
      updateComment: async (id, body) => (id === 1 ? Promise.reject(Object.assign(new Error("Resource not accessible by integration"), { status: 403 })) : port.updateComment(id, body)),
    };
    await main(run.ports);
    expect(github.issueComments(5).map((c) => c.user?.login)).toEqual(["other-app[bot]", "perf-bot[bot]"]);
  });
});

describe("the base commit comes from GitHub's record", () => {
  it("the check pairs with the pull request's base sha from the event, not the commit the Report names", async () => {
    const { github, files } = await repoWithBaseline();
    // A baseline whose Report claims HEAD: measuring head against itself would clear every regression.
    github.artifact("perf-gate-baseline")?.files.set("report.json", JSON.stringify(withCommit(baselineReport, "HEAD")));
    const bench = fakeBench(() => slowerReport);
    const payload = pullRequestPayload({ number: 5, headSha: HEAD_SHA });
    const run = actionPorts({ event: "pull_request", payload, github, files, bench, inputs: { confirm: "on-regression" }, run: { id: 110, branch: "feature", sha: HEAD_SHA } });
    await main(run.ports);
    expect(bench.checks).toEqual([{ commit: payload.pull_request.base.sha, baseRef: "main", policy: "flagged" }]);
  });

  it("a dispatched check on a branch pairs with the baseline run's head_sha from the REST listing", async () => {
    const { github, files } = await repoWithBaseline();
    github.artifact("perf-gate-baseline")?.files.set("report.json", JSON.stringify(withCommit(baselineReport, "HEAD")));
    const bench = fakeBench(() => slowerReport);
    const run = actionPorts({
      event: "workflow_dispatch",
      payload: workflowDispatchPayload({ branch: "feature" }),
      github,
      files,
      bench,
      inputs: { mode: "check" },
      run: { id: 112, branch: "feature", sha: HEAD_SHA },
    });
    await main(run.ports);
    expect(bench.checks).toEqual([{ commit: MAIN_SHA, baseRef: "main", policy: "always" }]);
  });

  it("with a baseline file, confirm gets the pull request's base sha, not the file's commit", async () => {
    const files = new FakeFiles();
    files.set("/work/repo/base.json", JSON.stringify(withCommit(baselineReport, "HEAD")));
    const bench = fakeBench(() => slowerReport);
    const payload = pullRequestPayload({ number: 5, headSha: HEAD_SHA });
    const run = actionPorts({
      event: "pull_request",
      payload,
      github: new FakeGitHub(),
      files,
      bench,
      inputs: { confirm: "on-regression", baseline: "base.json" },
      run: { id: 111, branch: "feature", sha: HEAD_SHA },
    });
    await main(run.ports);
    expect(bench.checks).toEqual([{ commit: payload.pull_request.base.sha, baseRef: "main", policy: "flagged" }]);
  });

  it("baseline-run-id accepts only a push, dispatch or schedule run of this repository's default branch", async () => {
    const { github, files } = await repoWithBaseline();
    const runWith = (id: string) => prRun(github, files, { runId: 120, inputs: { "baseline-run-id": id } });
    github.addArtifact("perf-gate-baseline", { id: 41, branch: "main", sha: "4".repeat(40), repositoryId: REPO.id + 1 }, { "report.json": JSON.stringify(baselineReport) });
    await expect(main(runWith("41").ports)).rejects.toThrow('input "baseline-run-id": run 41 built a commit of another repository (a fork); only runs of this repository\'s default branch (`main`)');
    github.addArtifact("perf-gate-baseline", { id: 42, branch: "feature", sha: "4".repeat(40) }, { "report.json": JSON.stringify(baselineReport) });
    await expect(main(runWith("42").ports)).rejects.toThrow("run 42 ran on branch `feature`");
    github.runs.set(43, { event: "pull_request", headBranch: "main", headSha: "4".repeat(40), headRepositoryId: REPO.id });
    await expect(main(runWith("43").ports)).rejects.toThrow('run 43 was triggered by "pull_request"');
    // Run 10 is main's push: accepted.
    expect((await main(runWith("10").ports)).comparison?.counts.regression).toBeGreaterThan(0);
  });
});

describe("the comment job trusts nothing in the artifact", () => {
  it("verdict, counts and outputs are derived from the rows, not from the artifact's totals", async () => {
    const { github, files } = await repoWithBaseline();
    github.pulls.set(6, { headSha: FORK_SHA, headRepository: "outsider/demo" });
    await main(prRun(github, files, { runId: 30, number: 6, fork: true }).ports);
    const stored = github.artifact("perf-gate-result");
    const forged = Comparison.parse(JSON.parse(stored?.files.get("comparison.json") ?? ""));
    const regressions = forged.rows.filter((r) => r.verdict === "regression").length;
    expect(regressions).toBeGreaterThan(0);
    stored?.files.set("comparison.json", JSON.stringify({ ...forged, verdict: "pass", counts: { ...forged.counts, regression: 0, improvement: 99 } }));
    const run = commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA });
    await main(run.ports);
    expect(run.recorded.outputs.get("verdict")).toBe("fail");
    expect(run.recorded.outputs.get("regressions")).toBe(String(regressions));
    expect(run.recorded.outputs.get("improvements")).toBe(String(forged.rows.filter((r) => r.verdict === "improvement").length));
    expect(github.issueComments(6)[0]?.body).toMatch(/^<!-- perf-gate -->\n### ❌ perf-gate: [\d,]+ benchmarks? (slower|regressed) \(worst: /);
  });

  it("caps rows, notes and string lengths", async () => {
    const { github, files } = await repoWithBaseline();
    github.pulls.set(6, { headSha: FORK_SHA, headRepository: "outsider/demo" });
    await main(prRun(github, files, { runId: 30, number: 6, fork: true }).ports);
    const stored = github.artifact("perf-gate-result");
    const original = Comparison.parse(JSON.parse(stored?.files.get("comparison.json") ?? ""));
    const commentRunOf = () => commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA });
    const cases: Array<[string, unknown]> = [
      ["rows: Too big", { ...original, rows: Array.from({ length: 2001 }, () => original.rows[0]) }],
      ["notes: Too big", { ...original, notes: Array.from({ length: 51 }, () => "n") }],
      ["current.cpuModel: longer than 1000 characters", { ...original, current: { ...original.current, cpuModel: "x".repeat(1_000_001) } }],
    ];
    for (const [problem, comparison] of cases) {
      stored?.files.set("comparison.json", JSON.stringify(comparison));
      const run = commentRunOf();
      const outcome = await main(run.ports);
      expect(outcome.unavailable?.[0]?.detail).toContain(problem);
      expect(github.issueComments(6)).toHaveLength(0);
      expect(run.recorded.outputs.has("verdict")).toBe(false);
    }
  });
});

describe("matrix jobs and several configs keep their artifacts and comments apart", () => {
  it("names carry the matrix values and a non-default config; a single default job keeps the plain names", () => {
    expect(jobKey("null", "perf-gate.config.json")).toBe("");
    expect(jobKey(undefined, "./perf-gate.config.json")).toBe("");
    expect(jobKey('{"os":"ubuntu-latest","node":24}', "perf-gate.config.json")).toBe("24-ubuntu-latest");
    expect(jobKey("null", "packages/api/perf.json")).toBe("packages-api-perf");
    expect(jobKey('{"os":"windows-latest"}', "bench/cpu.json")).toBe("windows-latest-bench-cpu");
    const long = jobKey(JSON.stringify({ include: "x".repeat(200) }), "perf-gate.config.json");
    expect(long).toMatch(/^x{39}-[0-9a-f]{8}$/);
    expect(keyedName("perf-gate-baseline", "24-ubuntu-latest")).toBe("perf-gate-baseline-24-ubuntu-latest");
    expect(keyOfName("perf-gate-result-24-ubuntu-latest", "perf-gate-result")).toBe("24-ubuntu-latest");
    expect(keyOfName("perf-gate-result", "perf-gate-result")).toBe("");
    expect(keyOfName("perf-gate-results", "perf-gate-result")).toBeUndefined();
    expect(keyedCommentId("api", "linux")).toBe("api-linux");
  });

  it("each matrix job compares with its own job's baseline, comments once, and the comment job posts each result", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    const linux = '{"os":"linux"}';
    const mac = '{"os":"mac"}';
    const macBaseline = withCommit(slowedDown(loadExampleBaseline(), 1.3), MAIN_SHA);
    for (const [matrix, report] of [
      [linux, baselineReport],
      [mac, macBaseline],
    ] as const) {
      const push = pushRun({ github, files, report, sha: MAIN_SHA, inputs: { matrix } });
      await main(push.ports);
    }
    expect(github.artifacts.map((a) => a.rest.name)).toEqual(["perf-gate-baseline-linux", "perf-gate-result-linux-report", "perf-gate-baseline-mac", "perf-gate-result-mac-report"]);

    github.pulls.set(6, { headSha: FORK_SHA, headRepository: "outsider/demo" });
    const outcomes = [];
    for (const matrix of [linux, mac]) {
      const run = prRun(github, files, { runId: 30, number: 6, fork: true, inputs: { matrix } });
      outcomes.push(await main(run.ports));
    }
    // The same 25% slower code: a regression against linux's baseline, none against mac's (30% slower itself).
    expect(outcomes[0]?.comparison?.counts.regression).toBeGreaterThan(0);
    expect(outcomes[1]?.comparison?.counts.regression).toBe(0);
    // Each job's result, and its HTML report beside it (which the comment job links, and does not take for a result).
    expect(github.artifacts.filter((a) => a.rest.name.startsWith("perf-gate-result") && a.rest.workflow_run?.id === 30).map((a) => a.rest.name)).toEqual([
      "perf-gate-result-linux-report",
      "perf-gate-result-linux",
      "perf-gate-result-mac-report",
      "perf-gate-result-mac",
    ]);

    const comment = commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA });
    await main(comment.ports);
    await main(comment.ports);
    const comments = github.issueComments(6);
    expect(comments.map((c) => c.body?.split("\n", 1)[0])).toEqual(["<!-- perf-gate:linux -->", "<!-- perf-gate:mac -->"]);
    expect(comments[0]?.body).toContain("Baseline used: artifact `perf-gate-baseline-linux`");
    const linuxReport = github.artifact("perf-gate-result-linux-report")!.rest.id;
    expect(comments[0]?.body).toContain(`[HTML report](https://github.com/octo/demo/actions/runs/30/artifacts/${linuxReport})`);
    expect(comment.recorded.logs.filter((l) => l.level === "warning")).toEqual([]);
    expect(comment.recorded.outputs.get("verdict")).toBe("fail");
  });
});

describe("a defect never becomes a note", () => {
  it("an outage storing the baseline is a warning, but a TypeError from perf-gate's own code fails the step", async () => {
    const run = (error: Error) => {
      const github = new FakeGitHub();
      const files = new FakeFiles();
      const ports = pushRun({ github, files, report: baselineReport, sha: MAIN_SHA });
      const artifacts = ports.ports.artifacts;
      if (!artifacts) throw new Error("the fake ports have an artifact service");
      ports.ports.artifacts = { ...artifacts, upload: () => Promise.reject(error) };
      return { ports, outcome: main(ports.ports) };
    };
    const outage = run(new Error("artifact service answered 503"));
    expect((await outage.outcome).unavailable?.map((u) => u.part)).toEqual(["baseline-upload"]);
    expect(outage.ports.recorded.logs.some((l) => l.level === "warning" && l.line.includes("503"))).toBe(true);
    await expect(run(new TypeError("Cannot read properties of undefined (reading 'id')")).outcome).rejects.toThrow(TypeError);
  });
});
