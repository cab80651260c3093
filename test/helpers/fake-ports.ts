import { posix } from "node:path";
import { type ActionInputs, parseInputs } from "../../src/action/inputs.ts";
import type { ActionPorts, BenchPort } from "../../src/action/ports.ts";
import { Config } from "../../src/config/schema.ts";
import { type LoadedConfig } from "../../src/config/load.ts";
import { compare } from "../../src/compare/compare.ts";
import { InputError } from "../../src/errors.ts";
import type { ArtifactsPort } from "../../src/github/artifacts.ts";
import type { RestArtifact } from "../../src/github/baseline.ts";
import type { IssueComment } from "../../src/github/comment.ts";
import type { GitHubPort } from "../../src/github/rest.ts";
import type { Report } from "../../src/report/schema.ts";
import { pushPayload, REPO, workflowRunPayload } from "./payloads.ts";

/** An HTTP-like failure as Octokit throws it. */
export const httpError = (status: number, message = `HTTP ${status}`): Error => Object.assign(new Error(message), { status });

interface StoredArtifact {
  rest: RestArtifact;
  files: Map<string, string>;
}

/**
 * One repository's GitHub, in memory: artifacts (with their files), pull
 * requests and comments; tokens either write or only read.
 */
export class FakeGitHub {
  artifacts: StoredArtifact[] = [];
  comments = new Map<number, IssueComment[]>();
  pulls = new Map<number, { headSha: string; headRepository: string }>();
  /** GitHub's record of runs (GET /actions/runs/{id}); runs that uploaded artifacts are recorded too. */
  runs = new Map<number, { event: string; headBranch: string; headSha: string; headRepositoryId: number }>();
  calls: string[] = [];
  /** Status to fail the next calls of a kind with, e.g. { listComments: [500] }. */
  failures: Partial<Record<keyof GitHubPort, number[]>> = {};
  private nextId = 100;
  private clock = Date.parse("2026-03-01T00:00:00Z");

  addArtifact(name: string, run: { id: number; branch: string; sha: string; repositoryId?: number }, files: Record<string, string>, expired = false): RestArtifact {
    this.clock += 60_000;
    const rest: RestArtifact = {
      id: this.nextId++,
      name,
      expired,
      created_at: new Date(this.clock).toISOString(),
      workflow_run: { id: run.id, repository_id: REPO.id, head_repository_id: run.repositoryId ?? REPO.id, head_branch: run.branch, head_sha: run.sha },
    };
    this.artifacts.push({ rest, files: new Map(Object.entries(files)) });
    if (!this.runs.has(run.id))
      this.runs.set(run.id, { event: run.branch === "main" ? "push" : "pull_request", headBranch: run.branch, headSha: run.sha, headRepositoryId: run.repositoryId ?? REPO.id });
    return rest;
  }

  artifact(name: string): StoredArtifact | undefined {
    return this.artifacts.filter((a) => a.rest.name === name).at(-1);
  }

  issueComments(issue: number): IssueComment[] {
    return this.comments.get(issue) ?? [];
  }

  private fail(kind: keyof GitHubPort): void {
    this.calls.push(kind);
    const status = this.failures[kind]?.shift();
    if (status) throw httpError(status);
  }

  /** The REST port as a token with that access sees it. */
  port(access: "write" | "read", login = "github-actions[bot]", identity: { login?: string } = { login }): GitHubPort {
    return {
      listArtifacts: async (name) => {
        this.fail("listArtifacts");
        return this.artifacts
          .filter((a) => a.rest.name === name)
          .map((a) => a.rest)
          .reverse();
      },
      listRunArtifacts: async (runId, name) => {
        this.fail("listRunArtifacts");
        return this.artifacts.filter((a) => (name === undefined || a.rest.name === name) && a.rest.workflow_run?.id === runId).map((a) => a.rest);
      },
      getRun: async (runId) => {
        this.fail("getRun");
        const run = this.runs.get(runId);
        if (!run) throw httpError(404, "Not Found");
        return { id: runId, repositoryId: REPO.id, ...run };
      },
      getPullRequest: async (number) => {
        this.fail("getPullRequest");
        const pr = this.pulls.get(number);
        if (!pr) throw httpError(404, "Not Found");
        return { number, state: "open", ...pr };
      },
      listComments: async (issue, page, perPage) => {
        this.fail("listComments");
        return this.issueComments(issue)
          .slice((page - 1) * perPage, page * perPage)
          .map((c) => ({ ...c }));
      },
      createComment: async (issue, body) => {
        this.fail("createComment");
        if (access === "read") throw httpError(403, "Resource not accessible by integration");
        const comment = {
          id: this.nextId++,
          body,
          user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" },
          html_url: `https://github.com/${REPO.owner}/${REPO.repo}/pull/${issue}#issuecomment-${this.nextId}`,
        };
        this.comments.set(issue, [...this.issueComments(issue), comment]);
        return { ...comment };
      },
      updateComment: async (id, body) => {
        this.fail("updateComment");
        if (access === "read") throw httpError(403, "Resource not accessible by integration");
        const comment = [...this.comments.values()].flat().find((c) => c.id === id);
        if (!comment) throw httpError(404, "Not Found");
        comment.body = body;
        return { ...comment };
      },
      tokenIdentity: async () => {
        this.fail("tokenIdentity");
        return identity;
      },
    };
  }

  /** The artifact service for a run: uploads become artifacts of that run. */
  artifactsPort(files: FakeFiles, run: { id: number; branch: string; sha: string; repositoryId?: number }): ArtifactsPort {
    return {
      upload: async (name, paths, rootDir) => {
        this.calls.push(`upload ${name}`);
        const content = Object.fromEntries(paths.map((p) => [posix.relative(rootDir, p), files.text(p)]));
        const rest = this.addArtifact(name, run, content);
        return { id: rest.id, size: 1 };
      },
      download: async ({ id: artifactId, runId }, dir) => {
        this.calls.push(`download ${artifactId}`);
        const found = this.artifacts.find((a) => a.rest.id === artifactId && a.rest.workflow_run?.id === runId);
        if (!found) throw httpError(404, "artifact not found");
        for (const [name, text] of found.files) files.set(posix.join(dir, name), text);
        return dir;
      },
    };
  }
}

/** A file system in a Map. */
export class FakeFiles {
  readonly map = new Map<string, string>();
  private dirs = 0;

  set(path: string, text: string): void {
    this.map.set(path, text);
  }

  text(path: string): string {
    const text = this.map.get(path);
    if (text === undefined) throw new InputError(path, "file not found");
    return text;
  }

  port(): ActionPorts["files"] {
    return {
      readJson: async (path) => JSON.parse(this.text(path)) as unknown,
      writeText: async (path, text) => this.set(path, text),
      makeTempDir: async (label) => `/runner/temp/${label}-${++this.dirs}`,
    };
  }
}

export const CONFIG = Config.parse({ benchmarks: [{ kind: "tinybench", files: ["bench.js"] }] });

/** Measures by returning the given Report and compares it with the artifact; each check's base and pairing policy are recorded. */
export function fakeBench(report: () => Report, config: Config = CONFIG): BenchPort & { checks: Array<{ commit?: string; baseRef?: string; policy: string }> } {
  const checks: Array<{ commit?: string; baseRef?: string; policy: string }> = [];
  return {
    checks,
    loadConfig: async (path): Promise<LoadedConfig> => ({ path, root: posix.dirname(path), config, warnings: [] }),
    measure: async () => report(),
    check: async ({ baseline, policy, base, pairPolicy }) => {
      checks.push({ ...base, policy: pairPolicy });
      const measured = report();
      return { report: measured, comparison: compare(baseline, measured, policy) };
    },
  };
}

export interface Recorded {
  summaries: string[];
  outputs: Map<string, string>;
  logs: Array<{ level: "info" | "notice" | "warning"; line: string }>;
}

export function inputs(overrides: Record<string, string> = {}): ActionInputs {
  return parseInputs((name) => overrides[name] ?? (name === "github-token" ? "ghs_fake" : ""));
}

/** Ports for one run; everything the action publishes lands in `recorded`. */
export function actionPorts(options: {
  event: string;
  payload: unknown;
  inputs?: Record<string, string>;
  github: FakeGitHub;
  files: FakeFiles;
  bench: BenchPort;
  access?: "write" | "read";
  run: { id: number; branch: string; sha: string; repositoryId?: number };
}): { ports: ActionPorts; recorded: Recorded } {
  const recorded: Recorded = { summaries: [], outputs: new Map(), logs: [] };
  const ports: ActionPorts = {
    inputs: inputs(options.inputs),
    event: { name: options.event, payload: options.payload },
    run: { workspace: "/work/repo", serverUrl: "https://github.com", repository: `${REPO.owner}/${REPO.repo}`, runId: options.run.id },
    bench: options.bench,
    files: options.files.port(),
    github: options.github.port(options.access ?? "write"),
    artifacts: options.github.artifactsPort(options.files, options.run),
    summary: async (markdown) => {
      recorded.summaries.push(markdown);
    },
    output: (name, value) => recorded.outputs.set(name, value),
    log: {
      info: (line) => recorded.logs.push({ level: "info", line }),
      notice: (line) => recorded.logs.push({ level: "notice", line }),
      warning: (line) => recorded.logs.push({ level: "warning", line }),
    },
  };
  return { ports, recorded };
}

/** Ports for the push job on main: `report` is what it measures, run `runId` (10 unless given), at the report's commit unless `sha` is given. */
export function pushRun(options: { github: FakeGitHub; files: FakeFiles; report: Report; runId?: number; sha?: string; inputs?: Record<string, string>; config?: Config }) {
  const sha = options.sha ?? options.report.environment.commit ?? "0".repeat(40);
  return actionPorts({
    event: "push",
    payload: pushPayload({ branch: "main", sha }),
    inputs: options.inputs,
    github: options.github,
    files: options.files,
    bench: fakeBench(() => options.report, options.config),
    run: { id: options.runId ?? 10, branch: "main", sha },
  });
}

/** Ports for the trusted `mode: comment` job (run 31 on main) that posts the result of pull-request run `resultRunId`. */
export function commentRun(options: { github: FakeGitHub; files: FakeFiles; resultRunId: number; headSha: string; headRepository: string; mainSha: string; inputs?: Record<string, string> }) {
  return actionPorts({
    event: "workflow_run",
    payload: workflowRunPayload({ runId: options.resultRunId, headSha: options.headSha, headRepository: options.headRepository }),
    inputs: { mode: "comment", ...options.inputs },
    github: options.github,
    files: options.files,
    // The comment job measures nothing: a bench that is never asked.
    bench: fakeBench(() => {
      throw new Error("the comment job measured");
    }),
    run: { id: 31, branch: "main", sha: options.mainSha },
  });
}
