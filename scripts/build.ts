// Bundles the action and CLI entries into dist/ (committed; CI checks it is fresh).
import { readFile, rm } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { build, type Plugin } from "esbuild";

/**
 * `import text from "pkg/file?raw"` becomes the file's text, as Vite (the
 * tests) reads it: the HTML report embeds its chart library's minified source,
 * so dist/ runs without node_modules.
 */
const rawText: Plugin = {
  name: "raw-text",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, async (args) => {
      const found = await b.resolve(args.path.slice(0, -"?raw".length), { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer });
      if (found.errors.length > 0) return { errors: found.errors };
      // A path relative to the project: an absolute one would land in dist/ and differ per clone.
      return { path: relative(process.cwd(), found.path), namespace: "raw-text" };
    });
    b.onLoad({ filter: /.*/, namespace: "raw-text" }, async (args) => ({ contents: await readFile(resolve(args.path), "utf8"), loader: "text" }));
  },
};

await rm("dist", { recursive: true, force: true });
await build({
  // pair-worker: one side of a paired measurement, started by the other two as a child process.
  // bootstrap-worker: the second thread of a large comparison's bootstraps.
  entryPoints: { index: "src/entry/action.ts", cli: "src/entry/cli.ts", "pair-worker": "src/pair/function-worker.ts", "bootstrap-worker": "src/parallel/bootstrap-worker.ts" },
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
  plugins: [rawText],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: 'import { createRequire as __perfGateCreateRequire } from "node:module";\nconst require = __perfGateCreateRequire(import.meta.url);' },
});
