// Bundles the action and CLI entries into dist/ (committed; CI checks it is fresh).
import { rm } from "node:fs/promises";
import { build } from "esbuild";

await rm("dist", { recursive: true, force: true });
await build({
  // pair-worker: one side of a paired measurement, started by the other two as a child process.
  entryPoints: { index: "src/entry/action.ts", cli: "src/entry/cli.ts", "pair-worker": "src/pair/function-worker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  sourcemap: "linked",
  sourcesContent: false,
  minify: false,
  legalComments: "none",
  logLevel: "warning",
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: 'import { createRequire as __perfGateCreateRequire } from "node:module";\nconst require = __perfGateCreateRequire(import.meta.url);' },
});
