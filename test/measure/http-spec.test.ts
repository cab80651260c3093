import { describe, expect, it } from "vitest";
import { Config } from "../../src/config/schema.ts";
import { describeZodError } from "../../src/errors.ts";
import { expandCases, payloadOfSize, sizeLabel } from "../../src/measure/runners/http/cases.ts";
import type { RoundResult } from "../../src/measure/runners/http/load.ts";
import type { Checkpoint } from "../../src/measure/runners/http/memory.ts";
import { growthPerRound, looksLikeLeak, memoryMetrics } from "../../src/measure/runners/http/memory-metrics.ts";
import { loadMetrics } from "../../src/measure/runners/http/metrics.ts";
import { fillPort, HttpSpec } from "../../src/config/http-spec.ts";
import { convert, formatValue } from "../../src/report/units.ts";

const server = { command: "node server.js", readyUrl: "http://127.0.0.1:${PORT}/health" };

function parse(input: Record<string, unknown>) {
  return HttpSpec.safeParse({ kind: "http", name: "api", server, scenarios: [{ name: "home" }], ...input });
}

function problem(input: Record<string, unknown>): string {
  const result = parse(input);
  if (result.success) throw new Error("expected a validation error");
  return describeZodError(result.error);
}

describe("http config", () => {
  it("fills in short defaults", () => {
    const spec = HttpSpec.parse({ kind: "http", name: "api", server, scenarios: [{ name: "home" }] });
    expect(spec).toMatchObject({ sets: ["quick", "full"], warmup: 1, rounds: 3, memory: { nodeProbe: true, leakTolerance: 1024 * 1024 } });
    expect(spec.server).toMatchObject({ cwd: ".", env: {}, readyTimeout: 30 });
    expect(spec.scenarios[0]).toMatchObject({ method: "GET", path: "/", connections: [10], keepAlive: true, pipelining: 1, timeout: 10 });
  });

  it("is one kind of the config's benchmarks", () => {
    const config = Config.parse({ benchmarks: [{ kind: "http", name: "api", server, scenarios: [{ name: "home" }] }] });
    expect(config.benchmarks[0]!.kind).toBe("http");
  });

  it("accepts only loopback http ready URLs", () => {
    for (const url of ["http://127.0.0.1:${PORT}/health", "http://localhost:${PORT}/", "http://[::1]:8080/ready"]) {
      expect(parse({ server: { ...server, readyUrl: url } }).success).toBe(true);
    }
    expect(problem({ server: { ...server, readyUrl: "http://10.0.0.5:${PORT}/health" } })).toBe('server.readyUrl: must be a loopback URL (127.0.0.1, localhost or [::1]), got host "10.0.0.5"');
    expect(problem({ server: { ...server, readyUrl: "http://127.0.0.1.example.com/" } })).toContain("must be a loopback URL");
    expect(problem({ server: { ...server, readyUrl: "https://127.0.0.1:${PORT}/" } })).toContain("must be an http:// URL");
    expect(problem({ server: { ...server, readyUrl: "health" } })).toContain("must be a URL");
  });

  it("rejects contradictory or unusable scenarios, naming the field", () => {
    expect(problem({ scenarios: [{ name: "a", body: "x", payloadSizes: [256] }] })).toBe("scenarios[0].payloadSizes: body and payloadSizes exclude each other");
    expect(problem({ scenarios: [{ name: "a", duration: 1, amount: 100 }] })).toBe("scenarios[0].amount: duration and amount exclude each other");
    expect(problem({ scenarios: [{ name: "a", amount: 5, connections: [10] }] })).toContain("scenarios[0].amount: must be at least the largest connection count");
    expect(problem({ scenarios: [{ name: "a", keepAlive: false, pipelining: 4 }] })).toContain("scenarios[0].pipelining");
    expect(problem({ scenarios: [{ name: "a" }, { name: "a" }] })).toContain("scenario names must be unique");
    expect(problem({ scenarios: [{ name: "a b" }] })).toContain("scenarios[0].name");
    expect(problem({ rounds: 2 })).toContain("rounds");
  });

  it("fills the port placeholder", () => {
    expect(fillPort("http://127.0.0.1:${PORT}/a?port=${PORT}", 4321)).toBe("http://127.0.0.1:4321/a?port=4321");
  });
});

describe("scenario expansion", () => {
  it("makes one benchmark per payload size and connection count", () => {
    const spec = HttpSpec.parse({
      kind: "http",
      name: "api",
      server,
      scenarios: [
        { name: "get-items", path: "/items", connections: [10, 50] },
        { name: "post-echo", method: "POST", path: "/echo", payloadSizes: [256, 1024, 1024 * 1024], connections: [50] },
        { name: "put-doc", method: "PUT", body: { a: 1 }, headers: { "Content-Type": "application/vnd.x+json" } },
      ],
    });
    const cases = expandCases(spec);
    expect(cases.map((c) => c.name)).toEqual(["get-items.c10", "get-items.c50", "post-echo.256B.c50", "post-echo.1KB.c50", "post-echo.1MB.c50", "put-doc.c10"]);
    const echo = cases.find((c) => c.name === "post-echo.1KB.c50")!;
    expect(Buffer.byteLength(echo.body!)).toBe(1024);
    expect(JSON.parse(echo.body!)).toHaveProperty("payload");
    expect(echo.headers).toEqual({ "content-type": "application/json" });
    const put = cases.find((c) => c.name === "put-doc.c10")!;
    expect(put.body).toBe('{"a":1}');
    expect(put.headers).toEqual({ "Content-Type": "application/vnd.x+json" });
  });

  it("labels sizes and builds exact payloads", () => {
    expect([256, 1024, 4096, 1500, 2 * 1024 * 1024].map(sizeLabel)).toEqual(["256B", "1KB", "4KB", "1500B", "2MB"]);
    for (const n of [16, 17, 256, 10_000]) expect(Buffer.byteLength(payloadOfSize(n))).toBe(n);
  });
});

function round(overrides: Partial<RoundResult> = {}): RoundResult {
  return { responses: 1000, non2xx: 0, failures: 0, timeouts: 0, bytes: 100_000, seconds: 0.5, p50: 1, p95: 2, p99: 3, ...overrides };
}

describe("load metrics", () => {
  it("keeps one value per round and reports their mean", () => {
    const out = loadMetrics("api", { name: "home.c10", connections: 10 }, [round(), round({ responses: 1500, p99: 5 }), round({ responses: 500, p99: 1 })]);
    const rps = out.metrics.find((m) => m.stat === "rps")!;
    expect(rps.value).toBe(2000);
    expect(out.samples[rps.samples!]).toEqual({ unit: "req/s", values: [2000, 3000, 1000], rounds: [0, 1, 2] });
    expect(out.metrics.find((m) => m.stat === "p99")!.value).toBe(3);
    expect(out.metrics.find((m) => m.stat === "throughput")!.value).toBe(200_000);
    expect(out.metrics.map((m) => m.id)).toEqual(["rps", "p50", "p95", "p99", "errors", "timeouts", "throughput"].map((s) => `api/home.c10.${s}`));
  });

  it("counts non-2xx answers, failures and timeouts against attempted requests", () => {
    const out = loadMetrics("api", { name: "x.c1", connections: 1 }, [round({ responses: 90, non2xx: 10, failures: 10, timeouts: 5 }), round(), round()]);
    const errors = out.samples["api/x.c1.errors"]!.values;
    expect(errors[0]).toBeCloseTo(20);
    expect(out.samples["api/x.c1.timeouts"]!.values[0]).toBeCloseTo(5);
  });

  it("leaves out the latency of a round without responses", () => {
    const out = loadMetrics("api", { name: "x.c1", connections: 1 }, [round(), round({ responses: 0, failures: 20, p50: NaN, p95: NaN, p99: NaN }), round()]);
    expect(out.samples["api/x.c1.p50"]!.rounds).toEqual([0, 2]);
    expect(out.samples["api/x.c1.errors"]!.values).toEqual([0, 100, 0]);
  });
});

const MB = 1024 * 1024;

function checkpoint(idleRss: number, idleHeap?: number): Checkpoint {
  return {
    idleRss,
    peakRss: idleRss + 5 * MB,
    idleHeap,
    peakHeap: idleHeap === undefined ? undefined : idleHeap + MB,
    nodeProcesses: idleHeap === undefined ? 0 : 1,
    gc: idleHeap !== undefined,
    peakSinceLast: true,
  };
}

describe("memory growth", () => {
  it("fits bytes per round and calls a leak only when memory rose every round past the tolerance", () => {
    expect(growthPerRound([10, 12, 14, 16])).toBeCloseTo(2);
    expect(looksLikeLeak([10 * MB, 12 * MB, 14 * MB, 16 * MB], MB)).toBe(true);
    expect(looksLikeLeak([10 * MB, 10.2 * MB, 10.4 * MB, 10.6 * MB], MB)).toBe(false);
    expect(looksLikeLeak([10 * MB, 14 * MB, 13 * MB, 18 * MB], MB)).toBe(false);
    expect(looksLikeLeak([10 * MB, 12 * MB], MB)).toBe(false);
  });

  it("measures growth on heap after GC for Node servers and warns of a leak", () => {
    const out = memoryMetrics("api", [checkpoint(80 * MB, 8 * MB), checkpoint(84 * MB, 12 * MB), checkpoint(88 * MB, 16 * MB)], MB);
    expect(out.metrics.map((m) => m.stat)).toEqual(["rss-idle", "rss-peak", "heap-idle", "heap-peak", "heap-growth"]);
    expect(out.metrics.find((m) => m.stat === "heap-growth")!.value).toBeCloseTo(4 * MB);
    expect(out.leak).toMatch(/^api: possible memory leak: heap used after GC of the server rose after every one of 3 rounds, from 8\.39 MB to 16\.8 MB/);
    expect(out.notes).toEqual([out.leak]);
  });

  it("falls back to idle RSS without heap figures; growth within noise is 0, with the fitted slope kept", () => {
    const shrinking = memoryMetrics("api", [checkpoint(90 * MB), checkpoint(85 * MB), checkpoint(80 * MB)], MB);
    expect(shrinking.metrics.map((m) => m.stat)).toEqual(["rss-idle", "rss-peak", "rss-growth"]);
    const growth = shrinking.metrics.find((m) => m.stat === "rss-growth")!;
    expect(growth.value).toBe(0);
    expect(growth.extra!.slope).toBeCloseTo(-5 * MB);
    expect(shrinking.leak).toBeUndefined();
    const slow = memoryMetrics("api", [checkpoint(90 * MB), checkpoint(90.1 * MB), checkpoint(90.2 * MB)], MB);
    expect(slow.metrics.find((m) => m.stat === "rss-growth")!).toMatchObject({ value: 0, extra: { tolerance: MB } });
    expect(slow.metrics.find((m) => m.stat === "rss-growth")!.extra!.slope).toBeCloseTo(0.1 * MB);
  });

  it("says so when no RSS could be measured", () => {
    const none: Checkpoint = { nodeProcesses: 0, gc: false, peakSinceLast: true };
    const out = memoryMetrics("api", [none, none, none], MB);
    expect(out.metrics).toEqual([]);
    expect(out.notes[0]).toContain("no RSS measured");
  });
});

describe("byte-rate units", () => {
  it("scales bytes per second for display and converts them for budgets", () => {
    expect(formatValue(8_818_920, "B/s")).toBe("8.82 MB/s");
    expect(formatValue(512, "B/s")).toBe("512 B/s");
    expect(convert(5, "MB/s", "B/s")).toBe(5e6);
  });
});
