import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { runHttp } from "../../src/measure/runners/http/run.ts";
import { HttpSpec } from "../../src/config/http-spec.ts";
import { CLI } from "../helpers/cli.ts";

const SERVERS = resolve("test/fixtures/http");
let pidDir: string;

beforeEach(() => {
  pidDir = mkdtempSync(join(tmpdir(), "perf-gate-leftover-pids-"));
});

function spec(command: string, extra: Record<string, unknown> = {}): HttpSpec {
  return HttpSpec.parse({
    kind: "http",
    name: "t",
    warmup: 0,
    rounds: 3,
    scenarios: [{ name: "hello", path: "/hello", connections: [2], duration: 0.2 }],
    server: { command, readyUrl: "http://127.0.0.1:${PORT}/health", readyTimeout: 15, env: { PID_DIR: pidDir } },
    ...extra,
  });
}

async function pidOf(name: string): Promise<number> {
  const file = join(pidDir, `${name}.pid`);
  for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(25);
  return Number(readFileSync(file, "utf8"));
}

/** Running and not a zombie. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** The session id of a process, from /proc/<pid>/stat. */
function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[3]);
}

/** Stops a process this test started, if perf-gate left it running (so a failing test leaves nothing behind). */
function reap(pid: number): void {
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

describe.runIf(process.platform === "linux")("servers that leave their process group", () => {
  it("stops a helper the server started with setsid", async () => {
    let helper = 0;
    const run = runHttp(spec("setsid node child.js & node server.js"), {
      root: SERVERS,
      progress: () => {},
    });
    helper = await pidOf("child");
    try {
      expect(sessionOf(helper)).toBe(helper);
      const out = await run;
      expect(out.metrics.length).toBeGreaterThan(0);
      expect(alive(await pidOf("server"))).toBe(false);
      expect(alive(helper)).toBe(false);
    } finally {
      reap(helper);
    }
  });

  it("stops a daemonised helper whose parent exited (reparented, new session)", async () => {
    const run = runHttp(spec("node daemon.js; node server.js"), { root: SERVERS, progress: () => {} });
    const helper = await pidOf("child");
    try {
      expect(sessionOf(helper)).toBe(helper);
      await run;
      expect(alive(helper)).toBe(false);
    } finally {
      reap(helper);
    }
  });

  it("signals nothing outside the server: an unrelated detached process of this test survives", async () => {
    const bystander = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { detached: true, stdio: "ignore" });
    try {
      await runHttp(spec("node server.js"), { root: SERVERS, progress: () => {} });
      expect(alive(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill("SIGKILL");
    }
  });
});

describe.runIf(process.platform === "linux")("interrupting an HTTP run", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("leaves no perf-gate-probe-* temp dir and no server after %s", async (signal) => {
    const project = mkdtempSync(join(tmpdir(), "perf-gate-interrupt-"));
    const temp = mkdtempSync(join(tmpdir(), "perf-gate-tmp-"));
    writeFileSync(
      join(project, "perf-gate.config.json"),
      JSON.stringify({
        benchmarks: [
          {
            kind: "http",
            name: "t",
            warmup: 0,
            rounds: 50,
            scenarios: [{ name: "hello", path: "/hello", connections: [2], duration: 1 }],
            server: { command: `node ${join(SERVERS, "server.js")}`, readyUrl: "http://127.0.0.1:${PORT}/health", env: { PID_DIR: pidDir } },
          },
        ],
      }),
    );
    const child = spawn(process.execPath, [resolve(CLI), "run"], { cwd: project, env: { ...process.env, TMPDIR: temp }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once("exit", (_, sig) => done(sig)));
    try {
      // Interrupt once the load is running: the probe dir exists and the server answers.
      for (let i = 0; i < 600 && !/round 1\/50/.test(stderr); i++) await sleep(50);
      expect(stderr).toMatch(/round 1\/50/);
      expect(readdirSync(temp).filter((d) => d.startsWith("perf-gate-probe-"))).toHaveLength(1);
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(temp).filter((d) => d.startsWith("perf-gate-probe-"))).toEqual([]);
      const server = await pidOf("server");
      for (let i = 0; i < 100 && alive(server); i++) await sleep(50);
      expect(alive(server)).toBe(false);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
