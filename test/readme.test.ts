import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { actionTables, updateReadme } from "../scripts/readme-table.ts";
import { INPUT_NAMES } from "../src/action/inputs.ts";

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
