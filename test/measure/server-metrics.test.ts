// Server metrics under load: the CPU the server's process group used (Linux
// /proc) and its GC pauses (the Node probe), measured on a real server.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHttp } from "../../src/measure/runners/http/run.ts";
import { HttpSpec } from "../../src/config/http-spec.ts";

describe("server CPU and GC under load", () => {
  it.runIf(process.platform === "linux")(
    "reports CPU percent per scenario and GC pauses per round, lower is better",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "perf-gate-server-metrics-"));
      // Each request allocates and drops a few thousand objects: young-generation GCs every few requests.
      writeFileSync(
        join(dir, "server.js"),
        `import http from "node:http";
http.createServer((req, res) => {
  let kept = 0;
  for (let i = 0; i < 20000; i++) kept += { i, s: "x" + i }.s.length;
  res.end(String(kept));
}).listen(Number(process.env.PORT), "127.0.0.1");
`,
      );
      const spec = HttpSpec.parse({
        kind: "http",
        name: "m",
        warmup: 0.2,
        rounds: 3,
        scenarios: [{ name: "alloc", path: "/", connections: [2], duration: 0.4 }],
        server: { command: "node server.js", readyUrl: "http://127.0.0.1:${PORT}/" },
      });
      const out = await runHttp(spec, { root: dir, progress: () => {} });
      const byId = new Map(out.metrics.map((m) => [m.id, m]));
      const cpu = byId.get("m/alloc.c2.cpu");
      expect(cpu, [...byId.keys()].join(", ")).toMatchObject({ unit: "%", direction: "lower-is-better" });
      // A busy server uses a good part of a core; never more than the machine has.
      expect(cpu!.value).toBeGreaterThan(5);
      expect(cpu!.value).toBeLessThan(100 * 64);
      const gcCount = byId.get("m/server.gc-count");
      const gcTime = byId.get("m/server.gc-time");
      expect(gcCount).toMatchObject({ direction: "lower-is-better" });
      expect(gcCount!.value).toBeGreaterThan(0);
      expect(gcTime).toMatchObject({ unit: "ms", direction: "lower-is-better" });
      expect(gcTime!.value).toBeGreaterThan(0);
      expect(out.samples["m/server.gc-count"]?.values).toHaveLength(3);
    },
    60_000,
  );
});
