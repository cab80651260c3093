import { parse } from "yaml";
import { z } from "zod";

// The README's inputs/outputs tables, generated from action.yml so that they never drift.

const ActionYml = z.object({
  inputs: z.record(z.string(), z.object({ description: z.string(), default: z.string().optional(), required: z.boolean().optional() })),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
});

export const START = "<!-- action-docs:start (generated from action.yml by `npm run docs`) -->";
export const END = "<!-- action-docs:end -->";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim();

export function actionTables(actionYml: string): string {
  const action = ActionYml.parse(parse(actionYml));
  const inputs = Object.entries(action.inputs).map(([name, i]) => `| \`${name}\` | ${i.default === undefined || i.default === "" ? "_empty_" : `\`${cell(i.default)}\``} | ${cell(i.description)} |`);
  const outputs = Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`);
  return ["### Inputs", "", "| Input | Default | Description |", "|---|---|---|", ...inputs, "", "### Outputs", "", "| Output | Description |", "|---|---|", ...outputs].join("\n");
}

/** The README with the text between the markers replaced by the tables. */
export function updateReadme(readme: string, actionYml: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${START} ... ${END}`);
  return `${readme.slice(0, start + START.length)}\n${actionTables(actionYml)}\n${readme.slice(end)}`;
}
