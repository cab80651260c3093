import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import type { Metric, SampleSet } from "../../src/report/schema.ts";
import { runHttp } from "../../src/measure/runners/http/run.ts";
import { HttpSpec } from "../../src/config/http-spec.ts";
import type { RunContext, RunnerOutput } from "../../src/measure/runners/types.ts";

const SERVERS = resolve("test/fixtures/http");
let pidDir: string;
let progress: string[];

beforeEach(() => {
  pidDir = mkdtempSync(join(tmpdir(), "perf-gate-http-pids-"));
  progress = [];
});

function ctx(extra: Partial<RunContext> = {}): RunContext {
  return { root: SERVERS, progress: (line) => progress.push(line), ...extra };
}

/** A short spec against test/fixtures/http/server.js; `server` and top-level fields override. */
function spec(input: { server?: Record<string, unknown>; [key: string]: unknown } = {}): HttpSpec {
  const { server, ...rest } = input;
  return HttpSpec.parse({
    kind: "http",
    name: "t",
    warmup: 0.2,
    scenarios: [{ name: "hello", path: "/hello", connections: [2], duration: 0.3 }],
    ...rest,
    server: { command: "node server.js", readyUrl: "http://127.0.0.1:${PORT}/health", readyTimeout: 15, env: { PID_DIR: pidDir }, ...server },
  });
}

function pidOf(name: string): number {
  return Number(readFileSync(join(pidDir, `${name}.pid`), "utf8"));
}

/**
 * Whether a process still runs: `kill(pid, 0)` succeeds and it is not a zombie
 * (an exited orphan that this container's init never collects still answers kill 0).
 */
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
    return process.platform !== "linux";
  }
}

function byId(out: RunnerOutput): Map<string, Metric> {
  return new Map(out.metrics.map((m) => [m.id, m]));
}

function samplesOf(out: RunnerOutput, m: Metric): SampleSet {
  return out.samples[m.samples!]!;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the run to fail");
}

describe("http runner: load metrics", () => {
  it("measures rps, latency percentiles, errors, timeouts and throughput per round", async () => {
    const out = await runHttp(
      spec({
        scenarios: [
          { name: "hello", path: "/hello", connections: [2, 4], duration: 0.3 },
          { name: "echo", method: "POST", path: "/echo", payloadSizes: [1024], connections: [2], duration: 0.3, keepAlive: false },
          { name: "broken", path: "/status/500", connections: [2], amount: 50 },
        ],
      }),
      ctx(),
    );
    const m = byId(out);
    for (const bench of ["hello.c2", "hello.c4", "echo.1KB.c2"]) {
      const rps = m.get(`t/${bench}.rps`)!;
      expect(rps).toMatchObject({ kind: "http", unit: "req/s", direction: "higher-is-better", estimator: { kind: "mean" } });
      expect(rps.value).toBeGreaterThan(0);
      // One value per round, tagged with its round: the replicates compare() resamples.
      expect(samplesOf(out, rps)).toMatchObject({ rounds: [0, 1, 2] });
      expect(samplesOf(out, rps).values).toHaveLength(3);
      const [p50, p95, p99] = ["p50", "p95", "p99"].map((s) => m.get(`t/${bench}.${s}`)!);
      expect(p50!.direction).toBe("lower-is-better");
      expect(p50!.unit).toBe("ms");
      expect(p50!.value).toBeGreaterThan(0);
      expect(p95!.value).toBeGreaterThanOrEqual(p50!.value);
      expect(p99!.value).toBeGreaterThanOrEqual(p95!.value);
      expect(m.get(`t/${bench}.errors`)).toMatchObject({ value: 0, unit: "%", direction: "lower-is-better" });
      expect(m.get(`t/${bench}.timeouts`)).toMatchObject({ value: 0, unit: "%", direction: "lower-is-better" });
      expect(m.get(`t/${bench}.throughput`)).toMatchObject({ unit: "B/s", direction: "higher-is-better" });
      expect(m.get(`t/${bench}.throughput`)!.value).toBeGreaterThan(0);
    }
    // The echo server sends the 1 KB body back: at least 1 KB per response.
    const echo = m.get("t/echo.1KB.c2.throughput")!.value / m.get("t/echo.1KB.c2.rps")!.value;
    expect(echo).toBeGreaterThan(1024);
    expect(m.get("t/echo.1KB.c2.rps")!.extra).toMatchObject({ payloadBytes: 1024, connections: 2 });
    // Non-2xx answers are errors.
    expect(m.get("t/broken.c2.errors")!.value).toBe(100);
    expect(m.get("t/broken.c2.rps")!.extra).toMatchObject({ requests: 150 });
    expect(progress.some((l) => /^ {2}t\/hello\.c2 round 1\/3: [\d,.]+ req\/s, p99 /.test(l))).toBe(true);
    expect(alive(pidOf("server"))).toBe(false);
  });

  it("runs only the benchmarks that --only selects", async () => {
    const scenarios = [
      { name: "hello", path: "/hello", connections: [2], duration: 0.3 },
      { name: "echo", method: "POST", path: "/echo", body: "hi", connections: [2], duration: 0.3 },
    ];
    const load = await runHttp(spec({ warmup: 0, scenarios }), ctx({ only: ["t/echo.c2.p99"] }));
    expect(new Set(load.metrics.map((m) => m.benchmark))).toEqual(new Set(["echo.c2"]));
    expect(progress.some((l) => l.includes("hello.c2"))).toBe(false);

    progress = [];
    const memory = await runHttp(spec({ warmup: 0, scenarios }), ctx({ only: ["t/server.rss-*"] }));
    expect(memory.metrics.length).toBeGreaterThan(0);
    expect(memory.metrics.every((m) => m.kind === "memory")).toBe(true);
    // Memory under load needs the load: every benchmark still ran.
    expect(progress.some((l) => l.includes("hello.c2 round 1/3"))).toBe(true);

    progress = [];
    const none = await runHttp(spec({ warmup: 0, scenarios }), ctx({ only: ["other/*"] }));
    expect(none.metrics).toEqual([]);
    expect(progress).toEqual([]);
  });
});

describe("http runner: server lifecycle", () => {
  it("fails clearly when the server never answers, with its output, and stops it", async () => {
    const error = await rejection(runHttp(spec({ server: { command: "node never-ready.js", readyTimeout: 1 } }), ctx()));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('http suite "t"');
    expect(error.message).toMatch(/server\.readyUrl http:\/\/127\.0\.0\.1:\d+\/health did not answer .* within server\.readyTimeout \(1 s/);
    expect(error.message).toContain("booting the never-ready server");
    expect(error.message).toContain("waiting for a database that never comes");
    expect(error.message).not.toContain("\n");
    expect(alive(pidOf("never-ready"))).toBe(false);
  });

  it("fails clearly when the server exits before it is ready", async () => {
    const error = await rejection(runHttp(spec({ server: { command: "node exit-early.js" } }), ctx()));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("server.command exited with code 4 before server.readyUrl");
    expect(error.message).toContain("fatal: missing setting DATABASE_URL");
  });

  it("names the benchmark when the server crashes mid-run, and cleans up", async () => {
    const error = await rejection(runHttp(spec({ warmup: 0, server: { command: "node crash-mid-run.js" } }), ctx()));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/the server exited with code 3 during "hello\.c2" \(round \d\/3\)/);
    expect(error.message).toContain("crashing on purpose");
    expect(alive(pidOf("crash"))).toBe(false);
  });

  it("stops every process of the server's group, children included", async () => {
    const out = await runHttp(spec({ server: { command: "node child.js & node server.js" } }), ctx());
    expect(out.metrics.length).toBeGreaterThan(0);
    const [child, server] = [pidOf("child"), pidOf("server")];
    expect(alive(child)).toBe(false);
    expect(alive(server)).toBe(false);
    // Both Node processes of the group carried the memory probe.
    expect(byId(out).get("t/server.heap-idle")!.extra).toMatchObject({ nodeProcesses: 2 });
  });

  it("kills a server that ignores SIGTERM", async () => {
    const out = await runHttp(spec({ warmup: 0, server: { env: { PID_DIR: pidDir, IGNORE_SIGTERM: "1" } } }), ctx());
    expect(out.metrics.length).toBeGreaterThan(0);
    expect(alive(pidOf("server"))).toBe(false);
  });

  it("stops the server when the run is aborted", async () => {
    const controller = new AbortController();
    const run = runHttp(spec({ warmup: 0, rounds: 20 }), {
      root: SERVERS,
      signal: controller.signal,
      progress: (line) => {
        if (line.includes("round 2/20")) controller.abort();
      },
    });
    const out = await run;
    expect(out.metrics.find((m) => m.id === "t/hello.c2.rps")!.extra).toMatchObject({ rounds: 2 });
    expect(alive(pidOf("server"))).toBe(false);
  });
});

describe("http runner: memory", () => {
  it("reports idle and peak RSS and heap of the server", async () => {
    const out = await runHttp(spec(), ctx());
    const m = byId(out);
    const [rssIdle, rssPeak, heapIdle, heapPeak] = ["rss-idle", "rss-peak", "heap-idle", "heap-peak"].map((s) => m.get(`t/server.${s}`)!);
    for (const metric of [rssIdle, rssPeak, heapIdle, heapPeak]) {
      expect(metric).toMatchObject({ kind: "memory", unit: "B", direction: "lower-is-better", estimator: { kind: "mean" } });
      expect(samplesOf(out, metric!).rounds).toEqual([0, 1, 2]);
    }
    // A Node server resides in more than 10 MB and less than 1 GB; its heap is a part of that.
    expect(rssIdle!.value).toBeGreaterThan(10e6);
    expect(rssIdle!.value).toBeLessThan(1e9);
    expect(heapIdle!.value).toBeGreaterThan(0);
    expect(heapIdle!.value).toBeLessThan(rssIdle!.value);
    samplesOf(out, rssPeak!).values.forEach((peak, i) => expect(peak).toBeGreaterThanOrEqual(samplesOf(out, rssIdle!).values[i]!));
    samplesOf(out, heapPeak!).values.forEach((peak, i) => expect(peak).toBeGreaterThanOrEqual(samplesOf(out, heapIdle!).values[i]!));
    expect(m.get("t/server.heap-growth")).toMatchObject({ kind: "memory", unit: "B", direction: "lower-is-better" });
    expect(heapIdle!.extra).toMatchObject({ gc: true, nodeProcesses: 1 });
    // The reading after readiness and warm-up, before any round, is kept too.
    expect(rssIdle!.extra!.afterWarmup).toBeGreaterThan(10e6);
    expect(out.notes.filter((n) => n.includes("leak"))).toEqual([]);
  });

  it("warns about a server whose memory keeps growing, and not about a clean one", async () => {
    const scenarios = [{ name: "hello", path: "/hello", connections: [2], amount: 400 }];
    const leaky = await runHttp(spec({ warmup: 0, rounds: 4, scenarios, server: { env: { PID_DIR: pidDir, LEAK_BYTES: "20000" } } }), ctx());
    const leak = leaky.notes.find((n) => n.includes("possible memory leak"));
    expect(leak).toMatch(/^t: possible memory leak: heap used after GC of the server rose after every one of 4 rounds/);
    expect(progress.some((l) => l.startsWith("  warning: t: possible memory leak"))).toBe(true);
    // About 8 MB kept per round (400 requests x 20 KB).
    expect(byId(leaky).get("t/server.heap-growth")!.value).toBeGreaterThan(4e6);

    const clean = await runHttp(spec({ warmup: 0, rounds: 4, scenarios }), ctx());
    expect(clean.notes.filter((n) => n.includes("leak"))).toEqual([]);
    expect(byId(clean).get("t/server.heap-growth")!.value).toBe(0);
    expect(byId(clean).get("t/server.heap-growth")!.extra!.slope).toBeLessThan(1024 * 1024);
  });
});

describe("http config through the CLI", () => {
  it("rejects a readyUrl that is not on loopback as bad config (exit 2)", () => {
    const dir = mkdtempSync(join(tmpdir(), "perf-gate-http-cli-"));
    const config = join(dir, "perf-gate.config.json");
    const benchmark = { kind: "http", name: "api", server: { command: "node server.js", readyUrl: "http://10.1.2.3:8080/health" }, scenarios: [{ name: "home" }] };
    writeFileSync(config, JSON.stringify({ benchmarks: [benchmark] }));
    const result = spawnSync(process.execPath, ["dist/cli.js", "run", "--config", config], { encoding: "utf8" });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("perf-gate.config.json");
    expect(lines[0]).toContain("benchmarks[0].server.readyUrl: must be a loopback URL");
    expect(lines[0]).toContain('"10.1.2.3"');
  });
});
