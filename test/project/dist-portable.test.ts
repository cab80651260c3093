import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// dist/ is committed and CI rebuilds it in another directory: any absolute path of this checkout
// in the bundle would make the fresh build differ from the committed one.
describe("the committed bundle", () => {
  it("names no absolute path of the checkout it was built in", async () => {
    const root = resolve(".");
    const files = (await readdir("dist")).filter((name) => name.endsWith(".js") || name.endsWith(".map"));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const text = await readFile(join("dist", name), "utf8");
      expect(text.includes(root), `dist/${name} contains ${root}`).toBe(false);
    }
  });
});
