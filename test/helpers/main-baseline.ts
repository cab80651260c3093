// main's baseline artifact, seeded into the GitHub emulator as a job on main leaves it: the
// quick set of a config measured here, and the owner file that lets only a re-run of that job
// replace it.
import { jobKey } from "../../src/action/naming.ts";
import { loadConfig } from "../../src/config/load.ts";
import { OWNER_FILE } from "../../src/github/artifacts.ts";
import { runSet } from "../../src/measure/run-set.ts";
import type { GitHubEmulator } from "../emulators/index.ts";

/** Measures `config`'s quick set at commit `sha` of main and stores it as run `runId`'s `perf-gate-baseline`, uploaded by job `job`; returns its id. */
export async function seedMainBaseline(gh: GitHubEmulator, options: { config: string; runId: number; sha: string; job: string }): Promise<number> {
  const { config, runId, sha, job } = options;
  gh.addRun({ id: runId, headBranch: "main", headSha: sha, event: "push" });
  const loaded = await loadConfig(config);
  const report = await runSet(loaded, { set: "quick", progress: () => undefined, env: { ...process.env, GITHUB_SHA: sha, GITHUB_REF: "refs/heads/main" } });
  const owner = { job, key: jobKey("null", "perf-gate.config.json"), attempt: 1 };
  return gh.addArtifact({ name: "perf-gate-baseline", runId, job, files: { "report.json": JSON.stringify(report, null, 2) + "\n", [OWNER_FILE]: JSON.stringify(owner) + "\n" } });
}
