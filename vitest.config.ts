import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default", "./test/count-reporter.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Benchmarks measure time: keep test files from competing for the 2 cores.
    fileParallelism: false,
    // The HTML report inlines uPlot's stylesheet (a `?raw` import): read it, as the bundle does.
    css: { include: [/uPlot\.min\.css/] },
  },
});
