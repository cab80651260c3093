// The differential flame graph is one self-contained HTML file: it is opened
// in headless Chromium (Debian's `chromium`, which .ci/run installs) from
// base and head profiles in `--cpu-prof`'s format, and the DOM its script
// builds must show both profiles and the difference. The profiles are written
// here, not sampled from processes: a sampled profile counts the time the
// machine took from the process, so on a busy machine a base doing half the
// work has been seen to weigh twice as much (profiling real processes is the
// real-timing test in test/profile/profile-check.test.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpuTree } from "../../src/profile/attribute.ts";
import { CpuProfile } from "../../src/profile/v8-profile.ts";
import { renderFlameGraph } from "../../src/render/flame-graph.ts";

const CHROMIUM = ["chromium", "chromium-browser", "google-chrome"].find((bin) => spawnSync("which", [bin]).status === 0);

let dir: string;

/**
 * The profile of `prog.js` in the side's checkout (each side has the same file, as base and head
 * of a repository do): the script's top level calls `normalize` (line 1) and `tokenize` (line 6),
 * which take `normalize` and `tokenize` samples of 1 ms.
 */
function profileOf(side: string, samples: { normalize: number; tokenize: number }): CpuProfile {
  const url = pathToFileURL(join(dir, side, "prog.js")).href;
  const frame = (functionName: string, lineNumber: number) => ({ functionName, scriptId: "3", url, lineNumber, columnNumber: 0 });
  const hits = [...Array<number>(samples.normalize).fill(3), ...Array<number>(samples.tokenize).fill(4)];
  return CpuProfile.parse({
    nodes: [
      { id: 1, callFrame: { functionName: "(root)", scriptId: "0", url: "", lineNumber: -1, columnNumber: -1 }, children: [2] },
      { id: 2, callFrame: frame("", 0), children: [3, 4] },
      { id: 3, callFrame: frame("normalize", 0) },
      { id: 4, callFrame: frame("tokenize", 5) },
    ],
    startTime: 0,
    endTime: 1000 * hits.length,
    samples: hits,
    timeDeltas: hits.map(() => 1000),
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-flame-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("differential flame graph", () => {
  it("opens in headless Chromium without network and shows base, head and the difference", () => {
    const html = renderFlameGraph({
      title: "demo/normalize: CPU per call, head against base",
      unit: "ms",
      per: "op",
      // The head's normalize does twice the work; tokenize is unchanged.
      base: cpuTree([profileOf("base", { normalize: 40, tokenize: 20 })], [join(dir, "base") + "/"]),
      head: cpuTree([profileOf("head", { normalize: 80, tokenize: 20 })], [join(dir, "head") + "/"]),
      operations: { base: 1, head: 1 },
    });
    expect(CHROMIUM, "no Chromium found: apt-get install -y chromium (.ci/run does)").toBeDefined();
    expect(html).not.toMatch(/https?:\/\//);
    const page = join(dir, "flame.html");
    writeFileSync(page, html);
    const result = spawnSync(CHROMIUM!, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=5000", "--dump-dom", `file://${page}`], {
      encoding: "utf8",
      timeout: 90_000,
    });
    const dom = result.stdout;
    expect(dom, result.stderr.slice(-2000)).toContain('data-profile="base"');
    // Each view is its own graph: split the DOM at the three containers and look inside each.
    const views = Object.fromEntries(
      ["diff", "base", "head"].map((view) => {
        const start = dom.indexOf(`data-profile="${view}"`);
        const end = dom.indexOf("</div></div>", start) === -1 ? dom.length : dom.indexOf("<h2>", start) === -1 ? dom.length : dom.indexOf("<h2>", start);
        return [view, dom.slice(start, end)];
      }),
    );
    for (const view of ["diff", "base", "head"]) {
      const frames = views[view]!.match(/class="frame"/g) ?? [];
      expect(frames.length, view).toBeGreaterThan(2);
      expect(views[view], view).toContain('data-name="normalize"');
      expect(views[view], view).toContain('data-name="tokenize"');
    }
    // The difference colours normalize as grown (red: full red channel, the others lowered).
    const normalizeDiff = /<div[^>]*data-name="normalize"[^>]*>/.exec(views.diff!)![0];
    expect(normalizeDiff).toMatch(/background: rgb\(255, (\d+), \1\)/);
    expect(normalizeDiff).toContain("normalize (prog.js:1)");
  }, 120_000);
});
