// A real Azure blob service (Azurite) as a child process, and SAS URLs signed with its
// well-known development account: the same kind of URLs the artifact service hands out.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BlobSASPermissions, BlobServiceClient, SASProtocol, StorageSharedKeyCredential, generateBlobSASQueryParameters } from "@azure/storage-blob";

// Azurite's documented development account (public, not a secret).
const ACCOUNT = "devstoreaccount1";
const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const CONTAINER = "actions-results";

export interface Azurite {
  /** http://127.0.0.1:PORT/devstoreaccount1 */
  endpoint: string;
  /** A URL that lets its holder write (create) one blob, valid for `minutes`. */
  uploadUrl(blobName: string, minutes: number): string;
  /** A URL that lets its holder read one blob, valid for `minutes`. */
  downloadUrl(blobName: string, minutes: number): string;
  /** The blob's size, or undefined when it does not exist. */
  blobSize(blobName: string): Promise<number | undefined>;
  /** Writes a blob directly (seeding an artifact that no job uploaded). */
  putBlob(blobName: string, data: Buffer): Promise<void>;
  close(): Promise<void>;
}

function azuriteBlobScript(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("azurite/package.json");
  const pkg = require(pkgPath) as { bin: Record<string, string> };
  const bin = pkg.bin["azurite-blob"];
  if (!bin) throw new Error("azurite package has no azurite-blob binary");
  return join(dirname(pkgPath), bin);
}

export async function startAzurite(): Promise<Azurite> {
  const location = await mkdtemp(join(tmpdir(), "perf-gate-azurite-"));
  const child = spawn(process.execPath, [azuriteBlobScript(), "--blobHost", "127.0.0.1", "--blobPort", "0", "--location", location, "--silent", "--skipApiVersionCheck", "--loose"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const listening = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (listening?.[1]) resolve(Number(listening[1]));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`azurite-blob exited (${code}) before listening: ${output.trim()}`)));
  });

  const endpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
  const container = new BlobServiceClient(endpoint, credential).getContainerClient(CONTAINER);
  await container.createIfNotExists();

  const sasUrl = (blobName: string, permissions: string, minutes: number): string => {
    const query = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + minutes * 60_000),
        protocol: SASProtocol.HttpsAndHttp,
      },
      credential,
    ).toString();
    return `${container.getBlobClient(blobName).url}?${query}`;
  };

  return {
    endpoint,
    uploadUrl: (blobName, minutes) => sasUrl(blobName, "cw", minutes),
    downloadUrl: (blobName, minutes) => sasUrl(blobName, "r", minutes),
    async blobSize(blobName) {
      const blob = container.getBlobClient(blobName);
      if (!(await blob.exists())) return undefined;
      return (await blob.getProperties()).contentLength ?? 0;
    },
    async putBlob(blobName, data) {
      await container.getBlockBlobClient(blobName).uploadData(data);
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGTERM makes Azurite wait out the clients' keep-alive sockets (about 10 s);
        // its data lives in a temp dir that goes next, so nothing is lost by SIGKILL.
        child.kill("SIGKILL");
        await exited;
      }
      await rm(location, { recursive: true, force: true });
    },
  };
}
