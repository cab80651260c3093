// The action writes the HTML report beside the Report, uploads it as the
// artifact `<result>-report` and links it from the comment and the summary; the
// fork-safe comment job links it too. An upload that fails is a notice and
// never hides the verdict.
import { describe, expect, it } from "vitest";
import { main } from "../../src/action/main.ts";
import { compare } from "../../src/compare/compare.ts";
import type { BenchPort } from "../../src/action/ports.ts";
import type { Report } from "../../src/report/schema.ts";
import { actionPorts, CONFIG, FakeFiles, FakeGitHub, fakeBench, pushRun, commentRun } from "../helpers/fake-ports.ts";
import { pullRequestPayload } from "../helpers/payloads.ts";
import { loadExampleBaseline, slowedDown } from "../helpers/reports.ts";

const MAIN_SHA = "1111111111111111111111111111111111111111";
const HEAD_SHA = "2222222222222222222222222222222222222222";
const FORK_SHA = "3333333333333333333333333333333333333333";

const withCommit = (report: Report, commit: string, timestamp = report.environment.timestamp): Report => ({ ...report, environment: { ...report.environment, commit, timestamp } });
const baselineReport = withCommit(loadExampleBaseline(), MAIN_SHA);

/** A check whose base was measured paired: the bench returns the base's Report beside the head's. */
function pairedBench(head: Report, base: Report): BenchPort {
  return {
    loadConfig: async (path) => ({ path, root: "/work/repo", config: CONFIG, warnings: [] }),
    measure: async () => head,
    check: async ({ baseline, policy }) => ({ report: head, base, comparison: compare(baseline, head, policy) }),
  };
}

async function mainWithBaseline(github: FakeGitHub, files: FakeFiles): Promise<void> {
  const push = pushRun({ github, files, report: baselineReport, sha: MAIN_SHA });
  await main(push.ports);
}

describe("the HTML report in the action", () => {
  it("a pull request check uploads the report as an artifact and links it from the comment and the summary", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    await mainWithBaseline(github, files);
    const head = withCommit(slowedDown(loadExampleBaseline(), 1.25), HEAD_SHA, "2026-03-02T00:00:00.000Z");
    const base = withCommit(loadExampleBaseline(), MAIN_SHA, "2026-03-02T00:00:00.000Z");
    const run = actionPorts({
      event: "pull_request",
      payload: pullRequestPayload({ number: 5, headSha: HEAD_SHA }),
      github,
      files,
      bench: pairedBench(head, base),
      run: { id: 20, branch: "feature", sha: HEAD_SHA },
    });
    const outcome = await main(run.ports);
    expect(outcome.failure).toMatch(/regressed/);

    const artifact = github.artifact("perf-gate-result-report")!;
    expect(artifact.rest.workflow_run?.id).toBe(20);
    expect([...artifact.files.keys()]).toEqual(["report.html"]);
    const html = artifact.files.get("report.html")!;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<div class="verdict fail" id="verdict">perf-gate: \d+ benchmarks? (slower|regressed) \(worst: /);
    expect(html).toContain('<a href="https://github.com/octo/demo/actions/runs/20">Workflow run 20</a>');
    // The base's Report is the head's reference; main's baseline artifact gives the history.
    expect(html).toContain("head against the base, measured paired with the head");
    expect(html).toContain('<h2 id="history">History on main</h2>\n<p class="muted">');
    // Written beside the Report too, and named in the outputs.
    expect(files.text("/work/repo/perf-gate-report.html")).toBe(html);
    expect(run.recorded.outputs.get("html-report-path")).toBe("/work/repo/perf-gate-report.html");

    const link = `[HTML report](https://github.com/octo/demo/actions/runs/20/artifacts/${artifact.rest.id})`;
    expect(run.recorded.summaries[0]).toContain(`[Workflow run 20](https://github.com/octo/demo/actions/runs/20) · ${link}`);
    expect(github.issueComments(5)[0]?.body).toContain(link);
    // Uploaded before the summary and the comment, which link it.
    expect(github.calls.indexOf("upload perf-gate-result-report")).toBeLessThan(github.calls.indexOf("createComment"));
  });

  it("a run on main uploads its report with main's own history: the dashboard across commits", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    await mainWithBaseline(github, files);
    const next = withCommit(slowedDown(baselineReport, 1.02), "4444444444444444444444444444444444444444", "2026-03-03T00:00:00.000Z");
    const push = pushRun({ github, files, report: next, sha: next.environment.commit!, runId: 11 });
    await main(push.ports);
    const html = github.artifact("perf-gate-result-report")!.files.get("report.html")!;
    const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as {
      charts: Array<{ section: string; xLabels?: string[]; series: Array<{ label: string; values: Array<number | null> }> }>;
    };
    const history = data.charts.filter((c) => c.section === "history");
    expect(history.length).toBe(next.metrics.length);
    // The previous run's commit, then this run as main's latest point.
    expect(history[0]!.xLabels?.slice(-2)).toEqual(["1111111", "this run"]);
    expect(push.recorded.summaries[0]).toMatch(/\[HTML report\]\(https:\/\/github\.com\/octo\/demo\/actions\/runs\/11\/artifacts\/\d+\)/);
  });

  it("an upload that fails is a notice: the verdict, summary and comment stand, without the link", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    await mainWithBaseline(github, files);
    const run = actionPorts({
      event: "pull_request",
      payload: pullRequestPayload({ number: 5, headSha: HEAD_SHA }),
      github,
      files,
      bench: fakeBench(() => withCommit(slowedDown(baselineReport, 1.25), HEAD_SHA)),
      run: { id: 20, branch: "feature", sha: HEAD_SHA },
    });
    const artifacts = run.ports.artifacts!;
    run.ports.artifacts = {
      ...artifacts,
      upload: async (name, paths, root, days) => (name.endsWith("-report") ? Promise.reject(new Error("artifact service answered 503")) : artifacts.upload(name, paths, root, days)),
    };
    const outcome = await main(run.ports);
    expect(outcome.failure).toMatch(/regressed/);
    expect(run.recorded.logs).toContainEqual({
      level: "notice",
      line: 'perf-gate: the HTML report could not be stored as the artifact "perf-gate-result-report" (artifact service answered 503); it was written to /work/repo/perf-gate-report.html',
    });
    expect(run.recorded.logs.filter((l) => l.level === "warning")).toEqual([]);
    expect(run.recorded.summaries[0]).toMatch(/^### ❌ perf-gate: \d+ benchmarks? (slower|regressed) \(worst: /);
    expect(run.recorded.summaries[0]).not.toContain("HTML report");
    expect(github.issueComments(5)[0]?.body).toMatch(/### ❌ perf-gate: \d+ benchmarks? (slower|regressed) \(worst: /);
    expect(run.recorded.outputs.get("verdict")).toBe("fail");
    expect(files.text("/work/repo/perf-gate-report.html")).toMatch(/^<!doctype html>/);
  });

  it("the fork-safe comment job links the pull request run's report and does not take it for a result", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    await mainWithBaseline(github, files);
    github.pulls.set(6, { headSha: FORK_SHA, headRepository: "outsider/demo" });
    const fork = actionPorts({
      event: "pull_request",
      payload: pullRequestPayload({ number: 6, headSha: FORK_SHA, fork: true }),
      github,
      files,
      bench: fakeBench(() => withCommit(slowedDown(baselineReport, 1.25), FORK_SHA)),
      access: "read",
      run: { id: 30, branch: "feature", sha: FORK_SHA },
    });
    await main(fork.ports);
    const report = github.artifact("perf-gate-result-report")!;
    expect(report.rest.workflow_run?.id).toBe(30);

    const comment = commentRun({ github, files, resultRunId: 30, headSha: FORK_SHA, headRepository: "outsider/demo", mainSha: MAIN_SHA });
    const outcome = await main(comment.ports);
    expect(outcome.unavailable).toEqual([]);
    const comments = github.issueComments(6);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(`[HTML report](https://github.com/octo/demo/actions/runs/30/artifacts/${report.rest.id})`);
  });
});
