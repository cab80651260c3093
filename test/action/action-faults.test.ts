// The fault matrix: the bundled action (dist/index.js, one process per step) on push, a pull
// request from this repository, one from a fork, and the workflow_run comment job, against
// one GitHub emulator that injects a fault per cell. Each cell asserts the step's outcome, the
// summary, the outputs and that no comment is duplicated; the verdict must be the one the
// measurements give (a slow pull request breaks a budget, so it fails even without a baseline).
// The benchmark set imports a fixed results file, so every verdict is known in advance. The
// four events run side by side, each with its own tokens (faults are scoped to a token) and
// its own baseline artifact name, the cells of one event one after another.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "../emulators/index.ts";
import { type ActionRun, describeRun, runAction } from "../helpers/action-process.ts";
import { pullRequestPayload, pushPayload, type Repo, workflowRunPayload } from "../helpers/payloads.ts";

const OWNER = "octo";
const NAME = "faults";
const REPO: Repo = { owner: OWNER, repo: NAME, id: 80_001_234, defaultBranch: "main" };
const FORK = `outsider/${NAME}`;
const FIXTURES = resolve("test/fixtures/faults");
const MAIN_SHA = "1".repeat(40);
const MARKER = "<!-- perf-gate -->";

type Event = "push" | "pull_request" | "fork pull_request" | "workflow_run";
const EVENTS: Event[] = ["push", "pull_request", "fork pull_request", "workflow_run"];

/** Each event's tokens: a workflow's GITHUB_TOKEN (a fork's read-only one for fork pull requests), one without `actions: read`, a GitHub App's. */
const tokensOf = (event: Event) => {
  const slug = event.replace(/\W+/g, "-");
  return { workflow: `ghs_${slug}_workflow`, noActions: `ghs_${slug}_no_actions`, app: `ghs_${slug}_app` };
};
/** Each event's baseline artifact name: a wrong digest set for one event leaves the others alone. */
const BASELINE: Record<Event, string> = { push: "push-baseline", pull_request: "perf-gate-baseline", "fork pull_request": "fork-baseline", workflow_run: "perf-gate-baseline" };

interface Expected {
  code: 0 | 1;
  /** The verdict output; undefined when the step publishes none (it had nothing to post). */
  verdict?: "pass" | "fail";
  regressions?: string;
  comments: number;
  summary: string[];
  /** Lines the log must show (a notice or warning saying what was unavailable). */
  log?: string[];
}

interface Cell {
  fault: string;
  /** Injects the fault (scoped to the event's tokens), runs the step(s), and says what to expect. */
  run(): Promise<{ run: ActionRun; pr?: number; expected: Expected; after?: () => void }>;
}

interface MatrixRow {
  event: Event;
  fault: string;
  code: number | null;
  verdict: string;
  preserved: boolean;
  problem?: string;
}

let gh: GitHubEmulator;
let dir: string;
let nextRun = 5000;
let nextPr = 100;
/** The files of a fork pull request run's result artifact, re-used by every workflow_run cell. */
const forkResult: Record<string, string> = {};
const matrix: MatrixRow[] = [];

const sha = (n: number): string => n.toString(16).padStart(40, "a");
/** The results file a run "measures" (copied into its workspace as results.json). */
const results = (which: "base" | "slow"): string => join(dir, `results-${which}`, "results.json");

function step(options: { runId: number; event: string; payload: unknown; sha: string; ref: string; token: string; results: "base" | "slow"; inputs?: Record<string, string> }): Promise<ActionRun> {
  return runAction({ ...options, gh, dir, repository: `${OWNER}/${NAME}`, files: [join(FIXTURES, "perf-gate.config.json"), results(options.results)] });
}

const markerComments = (pr: number) => gh.comments(pr).filter((c) => c.body.startsWith(MARKER));

/** Runs `cell` while the newest artifact named `name` reports a wrong digest. */
async function withWrongDigest<T>(name: string, cell: () => Promise<T>): Promise<T> {
  const id =
    gh
      .artifacts()
      .filter((a) => a.name === name && !a.expired)
      .at(-1)?.id ?? 0;
  const original = gh.setDigest(id, `sha256:${"0".repeat(64)}`);
  try {
    return await cell();
  } finally {
    gh.setDigest(id, original);
  }
}

/** Asserts one cell's outcome. */
function assertCell(label: string, run: ActionRun, pr: number | undefined, expected: Expected): void {
  const context = `${label}\n${describeRun(run)}`;
  expect(run.code, context).toBe(expected.code);
  expect(run.outputs.verdict, context).toBe(expected.verdict);
  if (expected.regressions !== undefined) expect(run.outputs.regressions, context).toBe(expected.regressions);
  for (const text of expected.summary) expect(run.summary, context).toContain(text);
  for (const text of expected.log ?? []) expect(run.stdout, context).toContain(text);
  if (pr !== undefined) expect(markerComments(pr), context).toHaveLength(expected.comments);
  // A fault never fails the step by itself: only the measured verdict does.
  expect(run.stdout, context).not.toMatch(/::error::perf-gate: (?!\d+ metrics? regressed)/);
}

/** Runs an event's cells one after another, recording each in the matrix; returns the failures. */
async function runCells(event: Event, cells: Cell[]): Promise<string[]> {
  const failures: string[] = [];
  for (const cell of cells) {
    const row: MatrixRow = { event, fault: cell.fault, code: null, verdict: "-", preserved: false };
    matrix.push(row);
    try {
      const { run, pr, expected, after } = await cell.run();
      row.code = run.code;
      row.verdict = run.outputs.verdict ?? "-";
      assertCell(`${event} × ${cell.fault}`, run, pr, expected);
      after?.();
      row.preserved = true;
    } catch (error) {
      row.problem = error instanceof Error ? error.message.split("\n")[0] : String(error);
      failures.push(`${event} × ${cell.fault}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}

beforeAll(async () => {
  gh = await startGitHubEmulator({ owner: OWNER, repo: NAME, repositoryId: REPO.id });
  dir = mkdtempSync(join(tmpdir(), "perf-gate-faults-"));
  for (const which of ["base", "slow"] as const) {
    mkdirSync(join(dir, `results-${which}`));
    writeFileSync(results(which), readFileSync(join(FIXTURES, `${which}.json`)));
  }
  for (const event of EVENTS) {
    const tokens = tokensOf(event);
    gh.addToken(tokens.workflow, event === "fork pull_request" ? "read" : "write");
    gh.addToken(tokens.noActions, { permissions: { contents: "read", issues: "write", "pull-requests": "write" } });
    gh.addToken(tokens.app, { app: { slug: "perf-bot", id: 4242 }, permissions: { actions: "read", contents: "read", issues: "write", "pull-requests": "write" } });
  }

  // main's baselines, one per name.
  for (const name of new Set(Object.values(BASELINE))) {
    const runId = nextRun++;
    gh.addRun({ id: runId, headBranch: "main", headSha: MAIN_SHA, event: "push" });
    const push = await step({
      runId,
      event: "push",
      payload: pushPayload({ branch: "main", sha: MAIN_SHA, repo: REPO }),
      sha: MAIN_SHA,
      ref: "refs/heads/main",
      token: tokensOf("push").workflow,
      results: "base",
      inputs: { "baseline-artifact": name },
    });
    if (push.code !== 0) throw new Error(describeRun(push));
  }

  // One fork pull request run, whose result files every workflow_run cell re-uses.
  gh.addPullRequest({ number: 99, headSha: sha(99), headRef: "patch", baseRef: "main", headRepository: FORK });
  gh.addRun({ id: 4001, headBranch: "patch", headSha: sha(99), event: "pull_request", headRepository: FORK });
  const fork = await step({
    runId: 4001,
    event: "pull_request",
    payload: pullRequestPayload({ number: 99, headSha: sha(99), headRef: "patch", fork: true, repo: REPO }),
    sha: sha(99),
    ref: "refs/pull/99/merge",
    token: tokensOf("fork pull_request").workflow,
    results: "slow",
  });
  // Exit 1 with the verdict written: the regression, not a crash (which also exits 1).
  if (fork.code !== 1 || fork.outputs.verdict !== "fail") throw new Error(describeRun(fork));
  const staged = readdirSync(fork.temp).find((d) => d.startsWith("perf-gate-result-upload-"));
  if (!staged) throw new Error(`the fork run staged no result (temp held: ${readdirSync(fork.temp).join(", ") || "nothing"})\n${describeRun(fork)}`);
  for (const file of ["result.json", "report.json", "comparison.json", "comment.md"]) forkResult[file] = readFileSync(join(fork.temp, staged, file), "utf8");
}, 60_000);

afterAll(async () => {
  // The matrix, for the record: faults down, events across; each cell is the step's exit code and verdict output.
  const faults = [...new Set(matrix.map((r) => r.fault))];
  const lines = [`| fault | ${EVENTS.join(" | ")} |`, `| --- | ${EVENTS.map(() => "---").join(" | ")} |`];
  for (const fault of faults) {
    const cells = EVENTS.map((event) => {
      const row = matrix.find((r) => r.fault === fault && r.event === event);
      return row ? `${row.preserved ? "✓" : "✗"} exit ${row.code ?? "?"}, ${row.verdict}` : "";
    });
    lines.push(`| ${fault} | ${cells.join(" | ")} |`);
  }
  const preserved = matrix.filter((r) => r.preserved).length;
  const text = `fault matrix: ${preserved} of ${matrix.length} cells kept the verdict the measurements give\n${lines.join("\n")}\n`;
  console.log(text);
  if (process.env.PERF_GATE_FAULT_MATRIX) writeFileSync(process.env.PERF_GATE_FAULT_MATRIX, text);
  const violations = gh?.violations ?? [];
  await gh?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  // Every request of the set-up and of whichever cells ran fitted GitHub's description.
  expect(violations).toEqual([]);
});

// --- push to main: the baseline run --------------------------------------------

function pushCells(): Cell[] {
  const tokens = tokensOf("push");
  const name = BASELINE.push;
  const push = async (token = tokens.workflow): Promise<ActionRun> => {
    const runId = nextRun++;
    gh.addRun({ id: runId, headBranch: "main", headSha: MAIN_SHA, event: "push" });
    return step({
      runId,
      event: "push",
      payload: pushPayload({ branch: "main", sha: MAIN_SHA, repo: REPO }),
      sha: MAIN_SHA,
      ref: "refs/heads/main",
      token,
      results: "base",
      inputs: { "baseline-artifact": name },
    });
  };
  const stored = (log: string[] = []): Expected => ({ code: 0, verdict: "pass", regressions: "0", comments: 0, summary: [`Stored as the baseline artifact \`${name}\``], log });
  const noHistory = "::warning::perf-gate: the new baseline starts without run history";
  return [
    { fault: "none", run: async () => ({ run: await push(), expected: stored() }) },
    {
      fault: "5xx burst",
      run: async () => {
        gh.failNext({ method: "GET", path: /\/actions\/artifacts$/, token: tokens.workflow }, 2, 502);
        gh.failNext({ method: "GET", path: /\/zip$/, token: tokens.workflow }, 2, 503);
        return { run: await push(), expected: stored() };
      },
    },
    {
      fault: "429 primary limit",
      run: async () => {
        gh.rateLimitNext({ method: "GET", path: /\/actions\/artifacts$/, token: tokens.workflow }, 1, "primary", 3600, 429);
        return { run: await push(), expected: stored([noHistory]) };
      },
    },
    {
      fault: "secondary limit",
      run: async () => {
        gh.rateLimitNext({ method: "GET", path: /\/actions\/artifacts$/, token: tokens.workflow }, 1, "secondary", 1);
        return { run: await push(), expected: stored() };
      },
    },
    { fault: "wrong digest", run: async () => ({ run: await withWrongDigest(name, () => push()), expected: stored([noHistory, "does not match its digest"]) }) },
    { fault: "missing permission", run: async () => ({ run: await push(tokens.noActions), expected: stored([noHistory, "(the job needs `permissions: actions: read`)"]) }) },
    { fault: "App token", run: async () => ({ run: await push(tokens.app), expected: stored() }) },
  ];
}

// --- pull request from this repository, and from a fork ----------------------------

function pullRequestCells(event: "pull_request" | "fork pull_request"): Cell[] {
  const tokens = tokensOf(event);
  const fork = event === "fork pull_request";
  const name = BASELINE[event];
  const pr = async (token = tokens.workflow, number = nextPr++): Promise<{ run: ActionRun; pr: number }> => {
    const runId = nextRun++;
    const head = sha(number);
    const headRef = `topic-${number}`;
    gh.addPullRequest({ number, headSha: head, headRef, baseRef: "main", headRepository: fork ? FORK : `${OWNER}/${NAME}` });
    gh.addRun({ id: runId, headBranch: headRef, headSha: head, event: "pull_request", pullRequests: fork ? [] : [{ number, headSha: head }], ...(fork ? { headRepository: FORK } : {}) });
    const payload = pullRequestPayload({ number, headSha: head, headRef, fork, repo: REPO });
    const run = await step({ runId, event: "pull_request", payload, sha: head, ref: `refs/pull/${number}/merge`, token, results: "slow", inputs: { "baseline-artifact": name } });
    // Every pull request run leaves its result for the comment job, whatever failed.
    expect(
      gh.artifacts().filter((a) => a.name === "perf-gate-result" && a.runId === runId),
      describeRun(run),
    ).toHaveLength(1);
    return { run, pr: number };
  };
  const comments = fork ? 0 : 1;
  const forkLog = fork ? ["::notice::perf-gate: this token may not comment"] : [];
  const compared: Expected = { code: 1, verdict: "fail", regressions: "1", comments, summary: ["### ❌ perf-gate: ", " (worst: ", `Baseline used: artifact \`${name}\``], log: forkLog };
  const unavailable = (why: string): Expected => ({
    code: 1,
    verdict: "fail",
    regressions: "0",
    comments,
    summary: ["### ❌ perf-gate: ", `**Baseline unavailable**: the \`${name}\` artifact could not be had`, why],
    log: [...forkLog, "::warning::perf-gate: The baseline artifact was unavailable"],
  });
  const cells: Cell[] = [
    { fault: "none", run: async () => ({ ...(await pr()), expected: compared }) },
    {
      fault: "5xx burst",
      run: async () => {
        gh.failNext({ method: "GET", path: /\/actions\/artifacts$/, token: tokens.workflow }, 2, 502);
        gh.failNext({ method: "GET", path: /\/zip$/, token: tokens.workflow }, 2, 502);
        gh.failNext({ method: "GET", path: /\/issues\/\d+\/comments$/, token: tokens.workflow }, 1, 500);
        return { ...(await pr()), expected: compared };
      },
    },
    {
      fault: "429 primary limit",
      run: async () => {
        gh.rateLimitNext({ method: "GET", path: /\/actions\/artifacts$/, token: tokens.workflow }, 1, "primary", 3600, 429);
        return { ...(await pr()), expected: unavailable("API rate limit exceeded") };
      },
    },
    {
      fault: "secondary limit",
      run: async () => {
        gh.rateLimitNext({ method: "GET", path: /\/actions\/artifacts$/, token: tokens.workflow }, 1, "secondary", 1);
        gh.rateLimitNext({ method: "GET", path: /\/zip$/, token: tokens.workflow }, 1, "secondary", 1);
        return { ...(await pr()), expected: compared };
      },
    },
    {
      fault: "410 on the blob",
      run: async () => {
        gh.failBlob("gone", 1, tokens.workflow);
        return { ...(await pr()), expected: compared };
      },
    },
    {
      fault: "truncated zip",
      run: async () => {
        gh.failBlob("truncate", 2, tokens.workflow);
        return { ...(await pr()), expected: compared };
      },
    },
    { fault: "wrong digest", run: async () => ({ ...(await withWrongDigest(name, () => pr())), expected: unavailable("does not match its digest") }) },
  ];
  if (fork) return cells;
  return [
    ...cells,
    {
      fault: "403 on comments",
      run: async () => {
        gh.failNext({ method: "POST", path: /\/issues\/\d+\/comments$/, token: tokens.workflow }, 1, 403);
        const expected: Expected = {
          ...compared,
          comments: 0,
          summary: [...compared.summary, "> ⚠️ The pull request comment could not be posted: Injected failure", "(the job needs `permissions: pull-requests: write`)"],
          log: ["::warning::perf-gate: The pull request comment could not be posted"],
        };
        return { ...(await pr()), expected };
      },
    },
    { fault: "missing permission", run: async () => ({ ...(await pr(tokens.noActions)), expected: unavailable("(the job needs `permissions: actions: read`)") }) },
    {
      fault: "App token",
      run: async () => {
        const first = await pr(tokens.app);
        expect(first.run.code).toBe(1);
        // The same pull request again: the App's comment is found and edited, not posted twice.
        const again = await pr(tokens.app, first.pr);
        const after = () => expect(markerComments(first.pr).map((c) => [c.user.login, c.app])).toEqual([["perf-bot[bot]", "perf-bot"]]);
        return { ...again, expected: compared, after };
      },
    },
  ];
}

// --- workflow_run, mode comment: posting a fork's result ----------------------------

function workflowRunCells(): Cell[] {
  const tokens = tokensOf("workflow_run");
  /** A finished fork pull request run with its result artifact (uploaded as that run's job would). */
  async function finishedForkRun(): Promise<{ number: number; runId: number; head: string }> {
    const number = nextPr++;
    const runId = nextRun++;
    const head = sha(number);
    gh.addPullRequest({ number, headSha: head, headRef: "patch", baseRef: "main", headRepository: FORK });
    gh.addRun({ id: runId, headBranch: "patch", headSha: head, event: "pull_request", headRepository: FORK });
    const root = mkdtempSync(join(dir, "result-"));
    const meta = { ...(JSON.parse(forkResult["result.json"] ?? "{}") as object), pullRequest: number, headSha: head, runId };
    const files = { ...forkResult, "result.json": JSON.stringify(meta) };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
    const { DefaultArtifactClient } = await import("@actions/artifact");
    const keys = ["ACTIONS_RUNTIME_TOKEN", "ACTIONS_RESULTS_URL", "GITHUB_SERVER_URL"] as const;
    const saved = keys.map((key) => process.env[key]);
    Object.assign(process.env, { ACTIONS_RUNTIME_TOKEN: gh.runtimeToken(runId), ACTIONS_RESULTS_URL: gh.resultsUrl, GITHUB_SERVER_URL: "https://github.com" });
    try {
      await new DefaultArtifactClient().uploadArtifact(
        "perf-gate-result",
        Object.keys(files).map((f) => join(root, f)),
        root,
      );
    } finally {
      keys.forEach((key, i) => {
        if (saved[i] === undefined) delete process.env[key];
        else process.env[key] = saved[i];
      });
    }
    return { number, runId, head };
  }

  async function commentJob(fork: { runId: number; head: string }, token = tokens.workflow): Promise<ActionRun> {
    const runId = nextRun++;
    gh.addRun({ id: runId, headBranch: "main", headSha: MAIN_SHA, event: "workflow_run" });
    const payload = workflowRunPayload({ runId: fork.runId, headSha: fork.head, headRepository: FORK, repo: REPO });
    return step({ runId, event: "workflow_run", payload, sha: MAIN_SHA, ref: "refs/heads/main", token, results: "base", inputs: { mode: "comment" } });
  }

  const posted: Expected = { code: 0, verdict: "fail", regressions: "1", comments: 1, summary: ["### ❌ perf-gate: ", " (worst: "] };
  const notPosted = (why: string): Expected => ({
    code: 0,
    comments: 0,
    summary: ["> ⚠️ The pull request run's result was unavailable: ", why],
    log: ["::warning::perf-gate: The pull request run's result was unavailable"],
  });
  const cell = (fault: string, inject: (fork: { runId: number }) => void, expected: Expected, token?: string): Cell => ({
    fault,
    run: async () => {
      const fork = await finishedForkRun();
      inject(fork);
      return { run: await commentJob(fork, token), pr: fork.number, expected };
    },
  });
  const wf = tokens.workflow;
  return [
    {
      fault: "none",
      run: async () => {
        const fork = await finishedForkRun();
        const run = await commentJob(fork);
        return { run, pr: fork.number, expected: posted, after: () => expect(markerComments(fork.number)[0]?.body).toBe(`${MARKER}\n${run.summary}`) };
      },
    },
    cell(
      "5xx burst",
      () => {
        gh.failNext({ method: "GET", path: /\/runs\/\d+\/artifacts$/, token: wf }, 2, 502);
        gh.failNext({ method: "GET", path: /\/zip$/, token: wf }, 1, 502);
        gh.failNext({ method: "GET", path: /\/pulls\/\d+$/, token: wf }, 2, 503);
      },
      posted,
    ),
    cell("429 primary limit", () => gh.rateLimitNext({ method: "GET", path: /\/runs\/\d+\/artifacts$/, token: wf }, 1, "primary", 3600, 429), notPosted("could not list the artifacts of run")),
    cell("secondary limit", () => gh.rateLimitNext({ method: "GET", path: /\/pulls\/\d+$/, token: wf }, 1, "secondary", 1), posted),
    cell("410 on the blob", () => gh.failBlob("gone", 1, wf), posted),
    cell("truncated zip", () => gh.failBlob("truncate", 2, wf), posted),
    cell("wrong digest", (fork) => gh.setDigest(gh.artifacts().find((a) => a.runId === fork.runId)?.id ?? 0, `sha256:${"f".repeat(64)}`), notPosted("does not match its digest")),
    // Nothing posted, but the verdict of the validated rows is still the step's output.
    cell("403 on comments", () => gh.failNext({ method: "POST", path: /\/issues\/\d+\/comments$/, token: wf }, 1, 403), {
      ...posted,
      comments: 0,
      summary: [...posted.summary, "> ⚠️ The pull request comment could not be posted"],
    }),
    {
      fault: "moved-on head",
      run: async () => {
        const fork = await finishedForkRun();
        gh.addPullRequest({ number: fork.number, headSha: sha(fork.number + 5000), headRef: "patch", baseRef: "main", headRepository: FORK });
        return {
          run: await commentJob(fork),
          pr: fork.number,
          expected: { code: 0, comments: 0, summary: [], log: [`::notice::perf-gate: not posting on pull request #${fork.number}: its head is`] },
        };
      },
    },
    cell("missing permission", () => undefined, notPosted("(the job needs `permissions: actions: read`)"), tokens.noActions),
    {
      fault: "App token",
      run: async () => {
        const fork = await finishedForkRun();
        await commentJob(fork, tokens.app);
        const again = await commentJob(fork, tokens.app);
        return { run: again, pr: fork.number, expected: posted, after: () => expect(markerComments(fork.number).map((c) => c.user.login)).toEqual(["perf-bot[bot]"]) };
      },
    },
  ];
}

describe("fault matrix of the bundled action", () => {
  it.concurrent("push", async () => expect(await runCells("push", pushCells())).toEqual([]), 120_000);
  it.concurrent("pull_request", async () => expect(await runCells("pull_request", pullRequestCells("pull_request"))).toEqual([]), 120_000);
  it.concurrent("fork pull_request", async () => expect(await runCells("fork pull_request", pullRequestCells("fork pull_request"))).toEqual([]), 120_000);
  it.concurrent("workflow_run", async () => expect(await runCells("workflow_run", workflowRunCells())).toEqual([]), 120_000);
});
