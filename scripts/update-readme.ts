// npm run docs: rewrites the inputs/outputs tables in README.md from action.yml.
import { readFileSync, writeFileSync } from "node:fs";
import { updateReadme } from "./readme-table.ts";

const readme = readFileSync("README.md", "utf8");
const updated = updateReadme(readme, readFileSync("action.yml", "utf8"));
if (updated !== readme) writeFileSync("README.md", updated);
console.log(updated === readme ? "README.md is up to date" : "README.md updated from action.yml");
