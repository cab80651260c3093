import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { messageOf } from "../errors.ts";
import { readZip, ZipError } from "./zip.ts";

/** Caps on what an artifact may hold: perf-gate's own artifacts are a few files of JSON and markdown. */
export const ARTIFACT_LIMITS = { maxZipBytes: 32 * 1024 * 1024, maxBytes: 64 * 1024 * 1024, maxEntries: 16 };

/** Why an artifact could not be had; the check goes on without it. */
export class ArtifactUnavailable extends Error {
  readonly reason: "expired" | "digest" | "transfer" | "too-large";
  constructor(reason: ArtifactUnavailable["reason"], message: string) {
    super(message);
    this.name = "ArtifactUnavailable";
    this.reason = reason;
  }
}

export interface ZipSource {
  /** The blob URL that GET .../artifacts/{id}/zip redirects to (a fresh one on each call; they expire after a minute). */
  locate: (artifactId: number) => Promise<string>;
  /** GET of that URL (fetch by default). */
  fetch?: (url: string) => Promise<Response>;
  /** Milliseconds before the second attempt; doubled for each one after. */
  backoffMs?: number;
  attempts?: number;
}

/**
 * Downloads an artifact through the REST `/zip` redirect, checks the digest the
 * listing gave (`sha256:<hex>`) before writing anything, and writes its plain
 * files into `dir`. A failed transfer (an expired blob URL, a cut connection, a
 * truncated zip, a digest mismatch) is tried again with a fresh URL.
 */
export async function downloadZip(source: ZipSource, artifact: { id: number; digest?: string | null }, dir: string): Promise<string[]> {
  const attempts = source.attempts ?? 3;
  let last: unknown;
  let tried = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    tried = attempt;
    if (attempt > 1) await new Promise((done) => setTimeout(done, (source.backoffMs ?? 1000) * 2 ** (attempt - 2)));
    let zip: Buffer;
    try {
      zip = await fetchZip(source, artifact.id);
    } catch (error) {
      // The /zip call itself was retried by Octokit; a 404 or 410 there means the artifact is gone.
      const status = (error as { status?: unknown } | null)?.status;
      if (status === 404 || status === 410) throw new ArtifactUnavailable("expired", `artifact ${artifact.id} is gone (${status})`);
      if (error instanceof ArtifactUnavailable && error.reason === "too-large") throw error;
      last = error;
      continue;
    }
    const digest = `sha256:${createHash("sha256").update(zip).digest("hex")}`;
    if (artifact.digest && artifact.digest.toLowerCase() !== digest) {
      last = new ArtifactUnavailable("digest", `artifact ${artifact.id} does not match its digest (expected ${artifact.digest}, got ${digest})`);
      continue;
    }
    let entries;
    try {
      entries = readZip(zip, { maxEntries: ARTIFACT_LIMITS.maxEntries, maxBytes: ARTIFACT_LIMITS.maxBytes });
    } catch (error) {
      last = error;
      if (error instanceof ZipError && /more than/.test(error.message)) break;
      continue;
    }
    await mkdir(dir, { recursive: true });
    const written: string[] = [];
    for (const entry of entries) {
      // Only plain file names: nothing a crafted archive names may land outside dir.
      if (!/^[\w.-]{1,128}$/.test(entry.name) || entry.name.startsWith(".")) continue;
      await writeFile(join(dir, entry.name), entry.data);
      written.push(entry.name);
    }
    return written;
  }
  if (last instanceof ArtifactUnavailable) throw last;
  throw new ArtifactUnavailable("transfer", `artifact ${artifact.id} could not be downloaded after ${tried} attempt${tried === 1 ? "" : "s"}: ${messageOf(last)}`);
}

async function fetchZip(source: ZipSource, id: number): Promise<Buffer> {
  const url = await source.locate(id);
  const response = await (source.fetch ?? ((u: string) => fetch(u, { signal: AbortSignal.timeout(60_000) })))(url);
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`blob storage answered ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > ARTIFACT_LIMITS.maxZipBytes) {
    await response.body?.cancel();
    throw new ArtifactUnavailable("too-large", `artifact ${id} is ${declared} bytes, more than ${ARTIFACT_LIMITS.maxZipBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const body = response.body;
  if (body) {
    for await (const part of body) {
      // Fetch's body yields bytes; the check gives the loop a type to work with.
      if (!(part instanceof Uint8Array)) throw new Error("blob storage sent a body that is not bytes");
      const chunk: Uint8Array = part;
      size += chunk.length;
      if (size > ARTIFACT_LIMITS.maxZipBytes) throw new ArtifactUnavailable("too-large", `artifact ${id} is more than ${ARTIFACT_LIMITS.maxZipBytes} bytes`);
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}
