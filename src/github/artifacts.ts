import { DefaultArtifactClient } from "@actions/artifact";
import { messageOf } from "../errors.ts";

/** Uploading and downloading workflow artifacts. */
export interface ArtifactsPort {
  /** Uploads files (all inside rootDir) as one artifact of this run. */
  upload(name: string, files: string[], rootDir: string, retentionDays?: number): Promise<{ id?: number; size?: number }>;
  /** Downloads an artifact of any run of this repository into dir. */
  download(artifactId: number, runId: number, dir: string): Promise<string>;
}

export function artifactsPort(options: { token: string; owner: string; repo: string }): ArtifactsPort {
  const client = new DefaultArtifactClient();
  return {
    async upload(name, files, rootDir, retentionDays) {
      const options = retentionDays ? { retentionDays } : {};
      try {
        return await client.uploadArtifact(name, files, rootDir, options);
      } catch (error) {
        // A re-run of this job finds its earlier attempt's artifact: replace it.
        if (!/\(409\)|already exists/i.test(messageOf(error))) throw error;
        await client.deleteArtifact(name);
        return client.uploadArtifact(name, files, rootDir, options);
      }
    },
    async download(artifactId, runId, dir) {
      const result = await client.downloadArtifact(artifactId, {
        path: dir,
        findBy: { token: options.token, workflowRunId: runId, repositoryOwner: options.owner, repositoryName: options.repo },
      });
      if (result.digestMismatch) throw new Error(`artifact ${artifactId} failed its digest check`);
      return result.downloadPath ?? dir;
    },
  };
}
