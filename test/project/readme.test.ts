import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { actionTables, updateReadme } from "../../scripts/readme-table.ts";
import { INPUT_NAMES } from "../../src/action/inputs.ts";

const actionYml = readFileSync("action.yml", "utf8");

describe("action.yml and the README", () => {
  it("the README's inputs/outputs tables are what `npm run docs` generates", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(updateReadme(readme, actionYml), "run `npm run docs`").toBe(readme);
    expect(actionTables(actionYml)).toContain("| `github-token` | `${{ github.token }}` |");
  });

  it("action.yml declares exactly the inputs the action reads, each with a description", () => {
    const action = parse(actionYml) as { inputs: Record<string, { description?: string }>; runs: { using: string; main: string } };
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    for (const input of Object.values(action.inputs)) expect(input.description?.length).toBeGreaterThan(10);
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });
});

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Array<{ uses?: string; with?: Record<string, string> }> }>;
}

/** The workflows in .github/workflows and the ones the README tells people to copy. */
function workflows(): Array<{ source: string; workflow: Workflow }> {
  const files = ["perf.yml", "perf-comment.yml", "ci.yml"].map((f) => ({ source: f, text: readFileSync(`.github/workflows/${f}`, "utf8") }));
  const readme = readFileSync("README.md", "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({ source: `README yaml block ${i + 1}`, text: m[1] ?? "" }));
  return [...files, ...blocks].map(({ source, text }) => ({ source, workflow: parse(text) as Workflow }));
}

describe("the workflows", () => {
  it("pass the action only inputs that action.yml declares", () => {
    const declared = new Set(INPUT_NAMES);
    for (const { source, workflow } of workflows()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (step.uses !== "./" && !step.uses?.startsWith("perf-gate/perf-gate@")) continue;
          for (const input of Object.keys(step.with ?? {})) expect(declared.has(input), `${source}: unknown input "${input}"`).toBe(true);
        }
      }
    }
  });

  it("the comment phase follows the perf workflow with the permissions it documents", () => {
    const all = workflows();
    const perf = all.find((w) => w.source === "perf.yml")?.workflow;
    const comment = all.find((w) => w.source === "perf-comment.yml")?.workflow;
    expect(perf?.permissions).toEqual({ contents: "read", actions: "read", "pull-requests": "write" });
    expect(comment?.on).toEqual({ workflow_run: { workflows: [perf?.name], types: ["completed"] } });
    expect(comment?.permissions).toEqual({ actions: "read", contents: "read", "pull-requests": "write" });
    expect(comment?.jobs.comment?.steps.at(-1)?.with).toEqual({ mode: "comment" });
  });
});
