import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compare } from "../src/compare.ts";
import { ConfirmSpec } from "../src/config.ts";
import { confirmFlagged } from "../src/confirm/confirm.ts";
import { loadReport } from "../src/files.ts";
import { defaultPolicy } from "../src/policy.ts";
import type { Report } from "../src/report.ts";
import { commitAll, git } from "./helpers/git.ts";

const CLI = resolve("dist/cli.js");
const METRIC = "svc/work.c4.p50";

/** A service whose one route does `units` of work per request; it logs when it starts and stops. */
function writeService(dir: string, units: number, log: string): void {
  writeFileSync(
    join(dir, "server.js"),
    `import http from "node:http";
import { appendFileSync } from "node:fs";
const UNITS = ${units};
const log = (what) => appendFileSync(${JSON.stringify(log)}, \`\${what} \${process.env.PORT} \${Date.now()}\\n\`);
const server = http.createServer((req, res) => {
  let s = 0;
  for (let i = 0; i < UNITS; i++) s = (s + Math.imul(i, 2654435761)) | 0;
  res.end(String(s));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => log("start"));
process.on("SIGTERM", () => { log("stop"); process.exit(0); });
`,
  );
  const config = {
    benchmarks: [
      {
        kind: "http",
        name: "svc",
        server: { command: "node server.js", readyUrl: "http://127.0.0.1:${PORT}/" },
        warmup: 0.2,
        rounds: 3,
        scenarios: [{ name: "work", path: "/", connections: [4], duration: 0.4 }],
        memory: { nodeProbe: false },
      },
    ],
  };
  writeFileSync(join(dir, "perf-gate.config.json"), JSON.stringify(config));
}

let root: string;
let repo: string;
let log: string;
let baseCommit: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "perf-gate-confirm-http-"));
  repo = join(root, "repo");
  log = join(root, "servers.log");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  writeService(repo, 200_000, log);
  baseCommit = commitAll(repo, "base");
  writeService(repo, 600_000, log);
  commitAll(repo, "head: every request does three times the work");
});

/** Intervals [start, stop] of every server run, from the servers' own log. */
function serverRuns(): Array<{ port: string; start: number; stop: number }> {
  const runs = new Map<string, { port: string; start: number; stop: number }>();
  let n = 0;
  for (const line of readFileSync(log, "utf8").trim().split("\n")) {
    const [what, port, at] = line.split(" ");
    if (what === "start") runs.set(`${n++}`, { port: port!, start: Number(at), stop: Number.POSITIVE_INFINITY });
    else [...runs.values()].reverse().find((r) => r.port === port && r.stop === Number.POSITIVE_INFINITY)!.stop = Number(at);
  }
  return [...runs.values()];
}

describe("confirm on the same runner: HTTP load", () => {
  it("re-measures a flagged latency with base and head servers, one at a time, and confirms the slowdown", async () => {
    const out = join(root, "head.json");
    execFileSync(process.execPath, [CLI, "run", "--config", join(repo, "perf-gate.config.json"), "--out", out], { cwd: repo, stdio: "ignore" });
    const head: Report = await loadReport(out);
    // An artifact baseline in which the service answered 30% faster: the latency is flagged.
    const artifact: Report = { ...head, metrics: head.metrics.map((m) => (m.id === METRIC ? { ...m, value: m.value / 1.3, samples: undefined } : m)) };
    const comparison = compare(artifact, head, defaultPolicy());
    expect(comparison.rows.find((r) => r.id === METRIC)?.verdict).toBe("regression");

    writeFileSync(log, "");
    const result = await confirmFlagged({
      comparison,
      policy: defaultPolicy(),
      spec: ConfirmSpec.parse({ install: "", rounds: 3, budget: 120 }),
      repoDir: repo,
      configPath: join(repo, "perf-gate.config.json"),
      base: { commit: baseCommit },
      cliPath: CLI,
      progress: () => {},
      tempRoot: root,
    });
    const row = result.rows.find((r) => r.id === METRIC)!;
    expect(row.artifact?.verdict).toBe("regression");
    expect(row.verdict).toBe("regression");
    expect(row.note).toMatch(/confirmed on this runner: \+/);
    expect(row.change!).toBeGreaterThan(0.3);

    // Three rounds of base and head: six servers, each stopped before the next started.
    const runs = serverRuns().sort((a, b) => a.start - b.start);
    expect(runs).toHaveLength(6);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.stop);
    expect(git(repo, "worktree", "list").split("\n")).toHaveLength(1);
  });
});
