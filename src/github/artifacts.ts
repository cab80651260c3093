import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DefaultArtifactClient } from "@actions/artifact";
import { z } from "zod";
import { messageOf } from "../errors.ts";
import { downloadZip } from "./download.ts";
import type { Octokit } from "./octokit.ts";

/** Which job of which attempt uploaded an artifact: a re-run may replace only its own job's. */
export const ArtifactOwner = z.object({ job: z.string().max(200), key: z.string().max(200), attempt: z.number().int().positive() });
export type ArtifactOwner = z.infer<typeof ArtifactOwner>;

/** The file inside every artifact perf-gate uploads that names its owner. */
export const OWNER_FILE = "owner.json";

/** Uploading and downloading workflow artifacts. */
export interface ArtifactsPort {
  /** Uploads files (all inside rootDir) as one artifact of this run; an artifact of that name from an earlier attempt of the same job is replaced. */
  upload(name: string, files: string[], rootDir: string, retentionDays?: number): Promise<{ id?: number; size?: number }>;
  /** Downloads an artifact of any run of this repository into dir, checking its digest. */
  download(artifact: { id: number; runId: number; digest?: string | null }, dir: string): Promise<string>;
}

/** Thrown when the artifact name is taken in this run by another job: nothing is deleted. */
export class ArtifactNameTaken extends Error {
  constructor(name: string, holder: string) {
    super(`the artifact name "${name}" is already used in this run by ${holder}; give each job its own \`matrix\` input or its own artifact names (\`baseline-artifact\`, \`result-artifact\`)`);
    this.name = "ArtifactNameTaken";
  }
}

export function artifactsPort(options: { octokit: Octokit; owner: string; repo: string; uploader: ArtifactOwner; backoffMs?: number }): ArtifactsPort {
  const client = new DefaultArtifactClient();
  const { octokit, owner, repo, uploader } = options;

  /** The owner file of this run's artifact `name`, if it has one. */
  async function ownerOf(name: string): Promise<ArtifactOwner | undefined> {
    const { artifact } = await client.getArtifact(name);
    const dir = await mkdtemp(join(tmpdir(), "perf-gate-owner-"));
    try {
      await client.downloadArtifact(artifact.id, { path: dir });
      const parsed = ArtifactOwner.safeParse(JSON.parse(await readFile(join(dir, OWNER_FILE), "utf8")));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    async upload(name, files, rootDir, retentionDays) {
      const uploadOptions = retentionDays ? { retentionDays } : {};
      const ownerFile = join(rootDir, OWNER_FILE);
      await writeFile(ownerFile, JSON.stringify(uploader) + "\n");
      const all = [...files, ownerFile];
      try {
        return await client.uploadArtifact(name, all, rootDir, uploadOptions);
      } catch (error) {
        if (!/\(409\)|already exists/i.test(messageOf(error))) throw error;
        // Taken: replace it only when an earlier attempt of this very job left it.
        const holder = await ownerOf(name);
        const mine = holder && holder.job === uploader.job && holder.key === uploader.key && holder.attempt < uploader.attempt;
        if (!mine) throw new ArtifactNameTaken(name, holder ? `job "${holder.job}"${holder.key ? ` (${holder.key})` : ""}, attempt ${holder.attempt}` : "another job");
        await client.deleteArtifact(name);
        return client.uploadArtifact(name, all, rootDir, uploadOptions);
      }
    },
    async download(artifact, dir) {
      await downloadZip(
        {
          backoffMs: options.backoffMs,
          async locate(id) {
            // Octokit retries server errors and rate limits here; the blob URL it redirects to is fetched below.
            const response = await octokit.rest.actions.downloadArtifact({ owner, repo, artifact_id: id, archive_format: "zip", request: { redirect: "manual" } });
            const location = response.headers.location;
            if (response.status !== 302 || !location) throw new Error(`GET /zip answered ${response.status} without a redirect`);
            return location;
          },
        },
        artifact,
        dir,
      );
      return dir;
    },
  };
}
