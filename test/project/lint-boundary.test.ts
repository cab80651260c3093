// The pure core's rule, checked against the project's own lint config: report/, compare/ and
// render/ may not import Node I/O, GitHub libraries, the runners or the adapters.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const OXLINT = resolve("node_modules/.bin/oxlint");
const dir = mkdtempSync(join(tmpdir(), "perf-gate-lint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lints one file at `path` (inside a copy of the layout) with the project's config. */
function lint(path: string, source: string): { status: number | null; out: string } {
  const file = join(dir, path);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, source);
  copyFileSync(".oxlintrc.json", join(dir, ".oxlintrc.json"));
  const run = spawnSync(OXLINT, ["-c", ".oxlintrc.json", path], { cwd: dir, encoding: "utf8" });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe("the pure core is kept pure by the lint config", () => {
  it("refuses node:fs in compare/, and names the rule", () => {
    const { status, out } = lint("src/compare/probe.ts", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n');
    expect(status).toBe(1);
    expect(out).toContain("no-restricted-imports");
    expect(out).toContain("report/, compare/ and render/ are pure");
  });

  it("refuses the GitHub adapters and the runners in render/ and report/", () => {
    expect(lint("src/render/probe.ts", 'import { x } from "../github/comment.ts";\nexport const y = x;\n').status).toBe(1);
    expect(lint("src/report/probe.ts", 'import * as core from "@actions/core";\nexport const y = core;\n').status).toBe(1);
    expect(lint("src/report/probe2.ts", 'import { runSet } from "../measure/run-set.ts";\nexport const y = runSet;\n').status).toBe(1);
  });

  it("allows Node's formatting utility in render/, and Node I/O at the edges", () => {
    expect(lint("src/render/ok.ts", 'import { styleText } from "node:util";\nexport const y = styleText;\n').status).toBe(0);
    expect(lint("src/measure/ok.ts", 'import { readFileSync } from "node:fs";\nexport const y = readFileSync;\n').status).toBe(0);
  });
});
