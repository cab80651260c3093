// The /zip download's own checks, on archives built here: what a crafted or damaged artifact
// can and cannot do before anything reaches the disk.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACT_LIMITS, downloadZip } from "../../src/github/download.ts";
import { readZip } from "../../src/github/zip.ts";
import { zipFiles } from "../emulators/zip.ts";

/** A zip archive of the given files, deflated as @actions/artifact writes them. */
const zipOf = (files: Record<string, Buffer | string>): Buffer => zipFiles(files, { deflate: true });

const digestOf = (zip: Buffer): string => `sha256:${createHash("sha256").update(zip).digest("hex")}`;

/** A blob store that serves `zips` in turn (the last one from then on). */
function source(zips: Buffer[]) {
  let calls = 0;
  return {
    backoffMs: 1,
    locate: async () => `https://blob.example/${calls}`,
    fetch: async () => new Response(new Uint8Array(zips[Math.min(calls++, zips.length - 1)] ?? Buffer.alloc(0)), { status: 200 }),
    get calls() {
      return calls;
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-download-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("downloadZip", () => {
  it("writes only plain file names: nothing a crafted archive names lands outside the directory", async () => {
    const zip = zipOf({ "report.json": "{}", "../escape.json": "x", "/abs.json": "x", ".hidden": "x", "sub/dir.json": "x" });
    const into = join(dir, "plain");
    expect(await downloadZip(source([zip]), { id: 1, digest: digestOf(zip) }, into)).toEqual(["report.json"]);
    expect(await readdir(into)).toEqual(["report.json"]);
    expect(await readdir(dir)).not.toContain("escape.json");
  });

  it("a cut-short zip is tried again and then read whole", async () => {
    const zip = zipOf({ "report.json": '{"ok":true}' });
    const blobs = source([zip.subarray(0, zip.length - 10), zip]);
    expect(await downloadZip(blobs, { id: 2, digest: digestOf(zip) }, join(dir, "retry"))).toEqual(["report.json"]);
    expect(blobs.calls).toBe(2);
  });

  it("a zip that inflates past the cap is refused without retrying", async () => {
    const bomb = zipOf({ "a.json": Buffer.alloc(ARTIFACT_LIMITS.maxBytes + 1) });
    const blobs = source([bomb]);
    await expect(downloadZip(blobs, { id: 3 }, join(dir, "bomb"))).rejects.toThrow(/more than \d+ bytes uncompressed/);
    expect(blobs.calls).toBe(1);
  });

  it("readZip checks each entry's CRC and the entry count", () => {
    const zip = zipOf({ "a.json": "aaaa" });
    const damaged = Buffer.from(zip);
    damaged.writeUInt32LE(1, 16 + zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    expect(() => readZip(damaged, { maxEntries: 4, maxBytes: 100 })).toThrow("a.json fails its CRC check");
    expect(() => readZip(zipOf({ a: "1", b: "2" }), { maxEntries: 1, maxBytes: 100 })).toThrow("2 entries, more than 1");
  });
});
