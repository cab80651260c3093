import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Why the base could not be prepared; the caller falls back to the artifact verdict with this note. */
export class BaseUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaseUnavailable";
  }
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

async function tryGit(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch {
    return undefined;
  }
}

/** Root of the work tree containing `dir`. */
export async function gitTopLevel(dir: string): Promise<string> {
  const top = await tryGit(dir, ["rev-parse", "--show-toplevel"]);
  if (!top) throw new BaseUnavailable(`${dir} is not inside a git work tree`);
  return top;
}

/** The commit checked out in `dir` (the head), for links to its lines; undefined outside git. */
export async function headCommitOf(dir: string): Promise<string | undefined> {
  return tryGit(dir, ["rev-parse", "HEAD"]);
}

/** Fetches one commit from `origin` without its history (enough to check it out). */
async function fetchCommit(repoDir: string, commit: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) return undefined;
  if (!(await tryGit(repoDir, ["remote", "get-url", "origin"]))) return undefined;
  if ((await tryGit(repoDir, ["fetch", "--no-tags", "--quiet", "--depth=1", "origin", commit])) === undefined) return undefined;
  return tryGit(repoDir, ["rev-parse", "--verify", "--quiet", `${commit}^{commit}`]);
}

/**
 * Resolves the commit to measure as "base": an explicit commit (from GitHub's
 * record: the pull request's base, or the commit of the baseline's run) when
 * this clone has it or can fetch it alone, else the merge-base of HEAD and
 * `baseRef`. A shallow clone never needs `fetch-depth: 0` for a named commit.
 */
export async function resolveBaseCommit(repoDir: string, options: { commit?: string; baseRef?: string }): Promise<string> {
  const shallow = (await tryGit(repoDir, ["rev-parse", "--is-shallow-repository"])) === "true";
  const candidates: string[] = [];
  if (options.commit) {
    const found = (await tryGit(repoDir, ["rev-parse", "--verify", "--quiet", `${options.commit}^{commit}`])) ?? (await fetchCommit(repoDir, options.commit));
    if (found) return found;
    candidates.push(`commit ${options.commit.slice(0, 12)}`);
  }
  if (options.baseRef) {
    for (const ref of [options.baseRef, `origin/${options.baseRef}`, `refs/remotes/origin/${options.baseRef}`]) {
      if (!(await tryGit(repoDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]))) continue;
      const base = await tryGit(repoDir, ["merge-base", "HEAD", ref]);
      if (base) return base;
    }
    candidates.push(`the merge-base of HEAD and ${options.baseRef}`);
  }
  if (candidates.length === 0) throw new BaseUnavailable("no base was named (pass --base-commit SHA or --base-ref BRANCH)");
  const what = candidates.join(" or ");
  if (shallow) throw new BaseUnavailable(`cannot find ${what}: this is a shallow clone and the commit could not be fetched from origin`);
  throw new BaseUnavailable(`cannot find ${what} in this clone`);
}

export interface BaseWorktree {
  dir: string;
  commit: string;
  /** Removes the worktree and its directory; safe to call twice. */
  remove(): Promise<void>;
}

/** Checks out `commit` in a detached worktree under the temp directory. */
export async function addWorktree(repoDir: string, commit: string, tempRoot = tmpdir()): Promise<BaseWorktree> {
  const parent = await mkdtemp(join(tempRoot, "perf-gate-base-"));
  const dir = join(parent, "base");
  try {
    await git(repoDir, ["worktree", "add", "--detach", "--quiet", dir, commit]);
  } catch (error) {
    await rm(parent, { recursive: true, force: true });
    throw new BaseUnavailable(`cannot check out ${commit.slice(0, 12)} in a worktree: ${lastLines(String((error as { stderr?: string }).stderr ?? error), 2)}`);
  }
  let removed = false;
  return {
    dir,
    commit,
    async remove() {
      if (removed) return;
      removed = true;
      await tryGit(repoDir, ["worktree", "remove", "--force", dir]);
      await rm(parent, { recursive: true, force: true });
      await tryGit(repoDir, ["worktree", "prune"]);
    },
  };
}

export function lastLines(text: string, count: number): string {
  return text.trim().split("\n").slice(-count).join(" / ");
}

/** Runs the project's install command in the base worktree; a failure says which command and its last output. */
export async function installBase(dir: string, command: string, signal?: AbortSignal): Promise<void> {
  if (!command.trim()) return;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, { cwd: dir, shell: true, stdio: ["ignore", "pipe", "pipe"], signal, detached: process.platform !== "win32" });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", resolve);
  }).catch((error: unknown) => {
    throw new BaseUnavailable(`install command "${command}" could not run in the base worktree: ${String(error)}`);
  });
  if (code !== 0) {
    throw new BaseUnavailable(`install command "${command}" failed in the base worktree (exit ${code}): ${lastLines(output.join(""), 3)}`);
  }
}
