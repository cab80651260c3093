// The differential flame graph is one self-contained HTML file: it is opened
// in headless Chromium (Debian's `chromium`, which .ci/run installs) from
// profiles of two real processes, and the DOM its script builds must show
// both profiles and the difference.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpuTree } from "../../src/profile/attribute.ts";
import { CpuProfile } from "../../src/profile/v8-profile.ts";
import { renderFlameGraph } from "../../src/render/flame-graph.ts";

const CHROMIUM = ["chromium", "chromium-browser", "google-chrome"].find((bin) => spawnSync("which", [bin]).status === 0);

/**
 * A program whose `normalize` walks the text `passes` times, a fixed number of calls under
 * --cpu-prof: its CPU time in `normalize` follows `passes`, however busy the machine is (a
 * program run for a fixed wall-clock second does as much work as the machine lets it).
 */
function program(passes: number): string {
  return `function normalize(text) {
  let out = text;
  for (let p = 0; p < ${passes}; p++) { let next = ""; for (let i = 0; i < out.length; i++) next += out[i].toLowerCase(); out = next; }
  return out;
}
function tokenize(text) { return text.split(" "); }
const text = "The Quick Brown Fox ".repeat(50);
let n = 0;
for (let call = 0; call < 6000; call++) n += tokenize(normalize(text)).length;
`;
}

let dir: string;

/** Each side's checkout has the same file, as base and head of a repository do. */
function profileOf(name: string, passes: number): CpuProfile {
  const out = join(dir, `${name}-profile`);
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, "prog.js"), program(passes));
  execFileSync(process.execPath, ["--no-turbo-inlining", "--no-maglev-inlining", "--cpu-prof", "--cpu-prof-dir", out, join(dir, name, "prog.js")]);
  const file = readdirSync(out).find((f) => f.endsWith(".cpuprofile"))!;
  return CpuProfile.parse(JSON.parse(readFileSync(join(out, file), "utf8")));
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
      base: cpuTree([profileOf("base", 1)], [join(dir, "base") + "/"]),
      head: cpuTree([profileOf("head", 2)], [join(dir, "head") + "/"]),
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
