// The pictures in the README, from a real run: `npm run docs:screenshots`.
//
//   node scripts/screenshots.ts [--comment COMMENT.md] [--report REPORT.html] [--out DIR] [--slowdown SPEC]
//
// Without --comment and --report it first runs the bundled CLI's paired check
// of the example (fixtures/example, base = the committed code), with the
// example's slowdown knob set on the head side (default `*=0.25`, as in the
// README's quick start) so the pictures show regressions. Then:
//   (a) the comment markdown is rendered with markdown-it and GitHub-like CSS
//       and screenshot to DIR/comment.png;
//   (b) the HTML report is screenshot (its top: verdict, table, first charts) to DIR/report.png.
// Both are 1200 px wide. Needs Debian's `chromium` (and `fonts-noto-color-emoji`
// for the comment's verdict icons); `pngquant`, when installed, makes the PNGs
// smaller. DIR defaults to docs/.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import MarkdownIt from "markdown-it";
import { exampleCheckArgs } from "./example-check.ts";

const { values } = parseArgs({
  options: { comment: { type: "string" }, report: { type: "string" }, out: { type: "string" }, slowdown: { type: "string" }, height: { type: "string" } },
});

const WIDTH = 1200;
const CHROMIUM = ["chromium", "chromium-browser", "google-chrome"].find((bin) => spawnSync("which", [bin]).status === 0);
if (!CHROMIUM) throw new Error("no Chromium found: apt-get install -y chromium");
const out = resolve(values.out ?? "docs");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "perf-gate-screenshots-"));

/** A paired check of the example with the bundled CLI: its comment markdown and HTML report. */
function exampleRun(): { comment: string; report: string } {
  const comment = join(work, "comment.md");
  const report = join(work, "report.html");
  const args = [...exampleCheckArgs(), "--no-profile"];
  const run = spawnSync(process.execPath, [...args, "--markdown", comment, "--html", report], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PERF_GATE_EXAMPLE_SLOWDOWN: values.slowdown ?? "*=0.25" },
  });
  if (run.status !== 0) throw new Error(`the example check failed (exit ${run.status})`);
  return { comment, report };
}

/** Enough of GitHub's comment styles to look like one: box, header, tables, details. */
const GITHUB_CSS = `body{margin:0;background:#fff;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif,"Noto Color Emoji";color:#1f2328}
.comment{margin:16px;border:1px solid #d0d7de;border-radius:6px}
.head{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:8px 16px;border-radius:6px 6px 0 0;color:#59636e}
.head b{color:#1f2328}.bot{font-size:12px;border:1px solid #d0d7de;border-radius:2em;padding:0 7px;margin-left:4px}
.markdown-body{padding:16px}
.markdown-body h3{font-size:1.25em;font-weight:600;margin:0 0 16px}
.markdown-body p,.markdown-body ul,.markdown-body table,.markdown-body details{margin:0 0 16px}
.markdown-body a{color:#0969da;text-decoration:none}
.markdown-body table{border-collapse:collapse;display:block;width:max-content;max-width:100%;overflow:auto}
.markdown-body th,.markdown-body td{border:1px solid #d0d7de;padding:6px 13px}
.markdown-body th{font-weight:600}.markdown-body tr:nth-child(2n){background:#f6f8fa}
.markdown-body code{font:85% ui-monospace,SFMono-Regular,Menlo,monospace;background:rgba(175,184,193,.2);padding:.2em .4em;border-radius:6px}
.markdown-body sub{color:#59636e}.markdown-body summary{cursor:pointer}`;

function commentPage(markdown: string): string {
  const body = new MarkdownIt({ html: true, linkify: false }).render(markdown);
  return `<!doctype html><html><head><meta charset="utf-8"><style>${GITHUB_CSS}</style></head>
<body><div class="comment"><div class="head"><b>github-actions</b> <span class="bot">bot</span> commented</div><div class="markdown-body">${body}</div></div>
<script>document.title = String(document.documentElement.scrollHeight);</script></body></html>`;
}

/** The page's height once laid out (its script puts it in the title), for a screenshot without empty space. */
function pageHeight(page: string): number {
  const dom = spawnSync(CHROMIUM!, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", `--window-size=${WIDTH},800`, "--dump-dom", `file://${page}`], { encoding: "utf8" }).stdout;
  return Number(/<title>(\d+)<\/title>/.exec(dom)?.[1] ?? 1600);
}

function screenshot(page: string, file: string, height: number): void {
  const result = spawnSync(
    CHROMIUM!,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--hide-scrollbars",
      "--force-device-scale-factor=1",
      `--window-size=${WIDTH},${height}`,
      "--virtual-time-budget=10000",
      `--screenshot=${file}`,
      `file://${page}`,
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`chromium could not screenshot ${page}: ${result.stderr.slice(-500)}`);
  // 256 colours are plenty for a page of text and lines: a third of the size, when pngquant is there.
  if (spawnSync("which", ["pngquant"]).status === 0) spawnSync("pngquant", ["--force", "--skip-if-larger", "--output", file, "256", "--", file]);
  console.log(`screenshots: ${file} (${WIDTH}x${height}, ${Math.round(statSync(file).size / 1024)} KB)`);
}

try {
  const given = values.comment && values.report ? { comment: resolve(values.comment), report: resolve(values.report) } : exampleRun();
  const commentHtml = join(work, "comment.html");
  writeFileSync(commentHtml, commentPage(readFileSync(given.comment, "utf8")));
  screenshot(commentHtml, join(out, "comment.png"), Math.min(1800, pageHeight(commentHtml) + 16));
  screenshot(given.report, join(out, "report.png"), Number(values.height ?? 3200));
} finally {
  rmSync(work, { recursive: true, force: true });
}
