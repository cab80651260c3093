// The HTML report from a real run: the bundled CLI checks the example (function
// benchmarks, HTTP load and memory; base and head paired on this machine) and
// writes the report with `check --html` and `report`. Headless Chromium
// (Debian's `chromium`, which .ci/run installs) opens it without network: every
// chart must have drawn (the page counts each canvas's painted pixels after
// drawing), and a screenshot is taken.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Comparison } from "../../src/report/comparison.ts";
import { cli, expectOneLineError } from "../helpers/cli.ts";
import { EXAMPLE_BASELINE, loadExampleBaseline } from "../helpers/reports.ts";

const CHROMIUM = ["chromium", "chromium-browser", "google-chrome"].find((bin) => spawnSync("which", [bin]).status === 0);
const BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1200,2400", "--virtual-time-budget=10000"];

let dir: string;
let check: ReturnType<typeof cli>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-html-report-"));
  // main's baseline with the commits and times of the runs its history came from.
  const baseline = loadExampleBaseline();
  const longest = Math.max(...Object.values(baseline.history ?? {}).map((v) => v.length));
  const runs = Array.from({ length: longest }, (_, i) => ({ commit: `${(0xabc000 + i).toString(16)}`.padEnd(40, "0"), time: new Date(Date.UTC(2026, 0, i + 1)).toISOString() }));
  writeFileSync(join(dir, "baseline.json"), JSON.stringify({ ...baseline, runs }));
  check = cli(
    ["check", "--config", "fixtures/example/perf-gate.config.json", "--baseline", join(dir, "baseline.json"), "--quick", "--base-commit", "HEAD", "--no-fail", "--no-profile"].concat([
      "--json",
      join(dir, "cmp.json"),
      "--out",
      join(dir, "head.json"),
      "--html",
      join(dir, "check.html"),
    ]),
    { timeout: 400_000 },
  );
}, 420_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The DOM after the page's scripts ran, as Chromium serialises it. */
function renderedDom(page: string): string {
  const result = spawnSync(CHROMIUM!, [...BROWSER_FLAGS, "--dump-dom", `file://${page}`], { encoding: "utf8", timeout: 120_000 });
  expect(result.stdout, result.stderr.slice(-2000)).toContain("<body");
  return result.stdout;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("the HTML report of a real check, in headless Chromium", () => {
  it("check --html writes the report, and every chart of every section draws", () => {
    expect(check.signal, "the check was killed by the test's timeout").toBeNull();
    expect(check.status, check.stderr.slice(-3000)).toBe(0);
    expect(check.stderr).toContain(`perf-gate: wrote ${join(dir, "check.html")}`);
    expect(CHROMIUM, "no Chromium found: apt-get install -y chromium (.ci/run does)").toBeDefined();
    const page = join(dir, "check.html");
    const html = readFileSync(page, "utf8");
    const comparison = Comparison.parse(JSON.parse(readFileSync(join(dir, "cmp.json"), "utf8")));
    expect(comparison.pairing?.status, "the example is measured paired with its committed code").toBe("paired");

    const dom = renderedDom(page);
    const body = /<body([^>]*)>/.exec(dom)![1]!;
    expect(body, "a script error").not.toContain("data-errors");
    const total = Number(/data-charts="(\d+)"/.exec(body)?.[1]);
    expect(Number(/data-charts-drawn="(\d+)"/.exec(body)?.[1])).toBe(total);
    const charts = [...dom.matchAll(/<div class="chart" data-chart="([\w-]+)"([^>]*)>/g)].map((m) => ({
      id: m[1]!,
      painted: Number(/data-painted="(\d+)"/.exec(m[2]!)?.[1] ?? 0),
      coloured: Number(/data-coloured="(\d+)"/.exec(m[2]!)?.[1] ?? 0),
    }));
    expect(charts).toHaveLength(total);
    // Every chart painted its canvas, and in a series colour (not only the grey axes and grid): at least a marker.
    for (const chart of charts) {
      expect(chart.painted, chart.id).toBeGreaterThan(1000);
      expect(chart.coloured, chart.id).toBeGreaterThan(20);
    }
    // Each section drew from the run's data: history per metric, samples per function benchmark, latency per scenario, memory.
    const count = (section: string) => charts.filter((c) => c.id.startsWith(`${section}-`)).length;
    const onMain = new Set(loadExampleBaseline().metrics.map((m) => m.id));
    expect(count("history")).toBe(comparison.rows.filter((r) => r.current !== undefined && onMain.has(r.id)).length);
    expect(count("distribution")).toBe(4);
    expect(count("latency")).toBe(4);
    expect(count("memory")).toBe(4);
    // The paired base is the head's reference, and uPlot built its own DOM for each chart.
    expect(html).toContain("head against the base, measured paired with the head");
    expect(dom.match(/class="uplot/g)?.length).toBe(total);
    for (const section of ["History on main", "Distributions of the raw samples", "HTTP latency", "Load by connection count", "Server memory over rounds", "Budgets"]) expect(dom).toContain(section);
    expect(dom).toContain("<h3>api/post-echo.256B</h3>");

    const shot = join(dir, "report.png");
    const result = spawnSync(CHROMIUM!, [...BROWSER_FLAGS, `--screenshot=${shot}`, `file://${page}`], { encoding: "utf8", timeout: 120_000 });
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    expect(pngSize(shot)).toEqual({ width: 1200, height: 2400 });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  }, 300_000);

  it("perf-gate report renders the same run from its files", () => {
    const out = join(dir, "report.html");
    const result = cli(["report", "--comparison", join(dir, "cmp.json"), "--report", join(dir, "head.json"), "--baseline", join(dir, "baseline.json"), "--out", out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`perf-gate: wrote ${out}\n`);
    const html = readFileSync(out, "utf8");
    // Without the base's Report, the head's samples are set beside main's.
    expect(html).toContain("head against main's baseline Report");
    const dom = renderedDom(out);
    const body = /<body([^>]*)>/.exec(dom)![1]!;
    expect(body).not.toContain("data-errors");
    expect(Number(/data-charts-drawn="(\d+)"/.exec(body)?.[1])).toBe(Number(/data-charts="(\d+)"/.exec(body)?.[1]));
    expect(Number(/data-charts="(\d+)"/.exec(body)?.[1])).toBeGreaterThan(60);
  }, 200_000);

  it("bad input is one line naming the file and field, exit 2", () => {
    expectOneLineError(cli(["report", "--out", join(dir, "x.html")]), "arguments: report needs --comparison FILE");
    expectOneLineError(cli(["report", "--comparison", join(dir, "cmp.json")]), "report needs --out FILE");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, JSON.stringify({ schema: "perf-gate/comparison@1", verdict: "maybe" }));
    expectOneLineError(cli(["report", "--comparison", broken, "--out", join(dir, "x.html")]), `${broken}: not a valid perf-gate comparison: verdict:`);
    expectOneLineError(cli(["report", "--comparison", join(dir, "cmp.json"), "--baseline", join(dir, "missing.json"), "--out", join(dir, "x.html")]), `${join(dir, "missing.json")}: file not found`);
    expectOneLineError(cli(["report", "--comparison", join(dir, "cmp.json"), "--report", EXAMPLE_BASELINE.replace(".json", ".nope"), "--out", join(dir, "x.html")]), "file not found");
  });
});
