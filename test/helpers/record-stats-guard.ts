// Records test/fixtures/stats-guard.json from the current code:
//   node test/helpers/record-stats-guard.ts
// Only when the statistics are meant to change; a faster implementation must reproduce the file as it is.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { guardResults } from "./stats-guard.ts";

const path = fileURLToPath(new URL("../fixtures/stats-guard.json", import.meta.url));
writeFileSync(path, JSON.stringify(guardResults()) + "\n");
process.stdout.write(`wrote ${path}\n`);
