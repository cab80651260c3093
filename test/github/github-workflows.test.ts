// This repository's own workflows: every job has the permissions its steps need on GitHub.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const DIR = ".github/workflows";

interface Job {
  permissions?: Record<string, string> | string;
  steps?: Array<{ uses?: string; with?: Record<string, string> }>;
}
interface Workflow {
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

/** The permissions a job runs with: its own block, else the workflow's (an explicit block grants nothing it does not name). */
function permissionsOf(workflow: Workflow, job: Job): Record<string, string> | undefined {
  const block = job.permissions ?? workflow.permissions;
  if (block === undefined) return undefined;
  if (typeof block === "string") return { contents: block, actions: block, "pull-requests": block };
  return block;
}

const ORDER = ["none", "read", "write"];
const grants = (perms: Record<string, string> | undefined, scope: string, level: "read" | "write"): boolean => perms === undefined || ORDER.indexOf(perms[scope] ?? "none") >= ORDER.indexOf(level);

describe("workflow permissions", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".yml"));
  it.each(files)("%s: checkout has contents: read, perf-gate has what its mode needs", (file) => {
    const workflow = parse(readFileSync(join(DIR, file), "utf8")) as Workflow;
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const perms = permissionsOf(workflow, job);
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith("actions/checkout")) expect(grants(perms, "contents", "read"), `${file} job ${name}: checkout`).toBe(true);
        if (step.uses === "./" && step.with?.comment !== "off" && !step.with?.baseline) {
          expect(grants(perms, "actions", "read"), `${file} job ${name}: artifacts`).toBe(true);
          expect(grants(perms, "pull-requests", "write"), `${file} job ${name}: comment`).toBe(true);
        }
      }
    }
  });
});
