// Runs the bundled action (dist/index.js) as the runner runs a job step: inputs as INPUT_*
// variables, the event payload in a file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and
// the GitHub and artifact service URLs of an emulator.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { GitHubEmulator } from "../emulators/index.ts";

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  /** The job's RUNNER_TEMP, where the action stages its uploads. */
  temp: string;
}

export interface ActionJob {
  gh: GitHubEmulator;
  /** Directory for this job's workspace, temp and files. */
  dir: string;
  repository: string;
  runId: number;
  /** The job's name in the run (GITHUB_JOB); each name is its own job of the run. */
  job?: string;
  event: string;
  payload: unknown;
  sha: string;
  ref: string;
  token: string;
  /** Files copied into the workspace (the checked-out project). */
  files?: string[];
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1] ?? ""] = match[3] ?? "";
  return outputs;
}

/** Runs dist/index.js as a step of job `job` of workflow run `runId` (registered with the emulator). */
export async function runAction(options: ActionJob): Promise<ActionRun> {
  const { gh } = options;
  const job = join(options.dir, `run-${options.runId}-${Math.random().toString(36).slice(2, 8)}`);
  const workspace = join(job, "workspace");
  const temp = join(job, "temp");
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  for (const file of options.files ?? []) copyFileSync(file, join(workspace, basename(file)));
  const eventPath = join(job, "event.json");
  const summaryPath = join(job, "summary.md");
  const outputPath = join(job, "output.txt");
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  const inputs: Record<string, string> = {
    // action.yml's defaults, as the runner passes them (toJSON(matrix) is "null" outside a matrix).
    mode: "auto",
    config: "perf-gate.config.json",
    set: "quick",
    threshold: "",
    "fail-on-regression": "true",
    "baseline-artifact": "perf-gate-baseline",
    "baseline-run-id": "",
    baseline: "",
    "github-token": options.token,
    comment: "on",
    "comment-id": "",
    "retention-days": "",
    "result-artifact": "perf-gate-result",
    pair: "off",
    "report-path": "perf-gate-report.json",
    matrix: "null",
    ...options.inputs,
  };
  const [owner] = options.repository.split("/");
  const jobName = options.job ?? "perf";
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_API_URL: gh.apiUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: String(options.runId),
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: jobName,
    GITHUB_SHA: options.sha,
    GITHUB_REF: options.ref,
    ACTIONS_RUNTIME_TOKEN: gh.runtimeToken(options.runId, jobName),
    ACTIONS_RESULTS_URL: gh.resultsUrl,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    // Retries wait 50 ms x attempt² here instead of 1 s x attempt², and retry-after seconds are 50 ms.
    PERF_GATE_RETRY_BASE_MS: "50",
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  // Asynchronous: the emulators answer from this very process.
  const child = spawn(process.execPath, [resolve("dist/index.js")], { cwd: workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("close", done);
  });
  return { code, stdout, stderr, summary: readFileSync(summaryPath, "utf8"), outputs: parseOutputs(readFileSync(outputPath, "utf8")), temp };
}

export const describeRun = (run: ActionRun): string =>
  `exit ${run.code}\n${run.stdout
    .split("\n")
    .filter((l) => !l.startsWith("::debug::"))
    .join("\n")}\n${run.stderr}`;
