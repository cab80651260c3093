import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { readInputs } from "../action/inputs.ts";
import { main } from "../action/main.ts";
import { jobKey } from "../action/naming.ts";
import type { ActionPorts } from "../action/ports.ts";
import { loadConfig } from "../config/load.ts";
import { runCheck } from "../pair/check.ts";
import { EXIT, failureOf, messageOf } from "../errors.ts";
import { readJsonFile, writeTextFile } from "../io/files.ts";
import { artifactsPort } from "../github/artifacts.ts";
import { createOctokit } from "../github/octokit.ts";
import { restPort } from "../github/rest.ts";
import { runSet } from "../measure/run-set.ts";

// Action entry: builds the real ports and is the only place that fails the step.

function eventPayload(): unknown {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch (error) {
    throw new Error(`cannot read the event payload GITHUB_EVENT_PATH=${path}: ${messageOf(error)}`);
  }
}

function ports(): ActionPorts {
  const env = process.env;
  const inputs = readInputs();
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const log = {
    info: (line: string) => core.info(line),
    notice: (line: string) => core.notice(line),
    warning: (line: string) => core.warning(line),
  };
  // Handed to the clients only; the runner already masks it in logs.
  const token = inputs["github-token"];
  const onGitHub = Boolean(owner && repo && token);
  // Shorter waits between retries, for tests against local emulators.
  const retryBaseMs = Number(env.PERF_GATE_RETRY_BASE_MS) || undefined;
  const runId = Number(env.GITHUB_RUN_ID) || undefined;
  const octokit = onGitHub ? createOctokit({ token, log, retryBaseMs }) : undefined;
  // Names the job in its artifacts, so that a re-run replaces only its own job's artifact.
  const uploader = { job: env.GITHUB_JOB ?? "", key: jobKey(inputs.matrix, inputs.config), attempt: Number(env.GITHUB_RUN_ATTEMPT) || 1 };
  return {
    inputs,
    event: { name: env.GITHUB_EVENT_NAME || undefined, payload: eventPayload() },
    run: { workspace, serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com", repository: env.GITHUB_REPOSITORY, runId },
    bench: {
      loadConfig,
      measure: (loaded, set, shard) => runSet(loaded, { set, progress: log.info, env, shard }),
      check: ({ loaded, set, policy, pairPolicy, baseline, base, shard }) =>
        runCheck({
          loaded,
          set,
          policy,
          pair: { ...loaded.config.pair, policy: pairPolicy },
          baseline,
          base,
          progress: log.info,
          env,
          tempRoot: env.RUNNER_TEMP || undefined,
          shard,
          profile: { settings: loaded.config.profile, dir: join(env.RUNNER_TEMP || tmpdir(), `perf-gate-profiles-${process.pid}`) },
        }),
    },
    files: {
      readJson: readJsonFile,
      writeText: writeTextFile,
      makeTempDir: (label) => mkdtemp(join(env.RUNNER_TEMP || tmpdir(), `perf-gate-${label}-`)),
    },
    github: octokit && owner && repo ? restPort(octokit, { owner, repo }) : undefined,
    artifacts: octokit && owner && repo ? artifactsPort({ octokit, owner, repo, uploader, backoffMs: retryBaseMs }) : undefined,
    summary: async (markdown) => {
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
    },
    output: (name, value) => core.setOutput(name, value),
    log,
  };
}

try {
  const outcome = await main(ports());
  // Only what was measured and compared (or bad input) fails the step; what was unavailable is already a warning.
  if (outcome.failure) core.setFailed(`perf-gate: ${outcome.failure}`);
} catch (error) {
  const failure = failureOf(error);
  if (failure.exitCode === EXIT.badInput) {
    // An annotation on the file at fault, or titled with the input at fault.
    const file = existsSync(failure.source) ? failure.source : undefined;
    core.error(`perf-gate: ${failure.message}`, { title: `perf-gate: bad input (${failure.source})`, file });
  } else if (failure.stack) {
    core.debug(failure.stack);
  }
  core.setFailed(`perf-gate: ${failure.message}`);
}
