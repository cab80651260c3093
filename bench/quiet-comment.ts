// How often the comment cries wolf on unchanged code: runs `npm start` (the
// example, head paired with its own committed HEAD) N times under a noisy
// neighbour, and counts the comments whose attention table is empty, i.e.
// every benchmark folded as unchanged or as too noisy to call.
//   node bench/quiet-comment.ts [--runs 10] [--noise 2|0] [--keep DIR]
// Prints one line per run and last:
//   quiet-comment: runs=N empty=K comment_chars_median=C check_s_median=S noise=P
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { startNoise } from "./noisy-neighbour.ts";
import { exampleCheckArgs } from "../scripts/example-check.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" }, noise: { type: "string", default: "2" }, keep: { type: "string" } } });
const runs = Number(values.runs);
const processes = Number(values.noise);
const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const dir = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), "perf-gate-quiet-"));

/** The comment's table lines before the first folded section: what a reader must look at. */
function attentionRows(markdown: string): string[] {
  const cut = markdown.indexOf("<details>");
  const top = cut === -1 ? markdown : markdown.slice(0, cut);
  return top.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Verdict"));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const noise = processes > 0 ? startNoise({ processes, duty: [0.3, 1], cycleMs: [20, 200], seconds: runs * 120 }) : undefined;
let empty = 0;
const chars: number[] = [];
const seconds: number[] = [];
try {
  for (let i = 1; i <= runs; i++) {
    const md = join(dir, `comment-${i}.md`);
    const started = Date.now();
    const args = [...exampleCheckArgs(), "--markdown", md];
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`run ${i}: exit ${run.status}: ${run.stderr.split("\n").slice(-5).join("\n")}`);
    const text = readFileSync(md, "utf8");
    const rows = attentionRows(text);
    if (rows.length === 0) empty++;
    chars.push(text.length);
    seconds.push((Date.now() - started) / 1000);
    process.stdout.write(`run ${i}: attention_rows=${rows.length} comment_chars=${text.length} s=${seconds.at(-1)!.toFixed(1)} ${text.split("\n")[0]}\n`);
    for (const row of rows) process.stdout.write(`    ${row.slice(0, 160)}\n`);
  }
} finally {
  await noise?.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`quiet-comment: runs=${runs} empty=${empty} comment_chars_median=${median(chars)} check_s_median=${median(seconds).toFixed(1)} noise=${processes}\n`);
