// The example check that `npm start` runs, as arguments for the bundled CLI: the benchmark that
// counts false alarms and the screenshots run the same check a new user runs.
import { readFileSync } from "node:fs";

/** `npm start`'s command after `node`: ["dist/cli.js", "check", "--config", …]. */
export function exampleCheckArgs(): string[] {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== "node") throw new Error(`package.json's start script is not a node command: ${pkg.scripts.start}`);
  return args;
}
