import { join } from "node:path";
import type { Comparison } from "../report/comparison.ts";
import { messageOf, rethrowDefect } from "../errors.ts";
import type { ActionPorts } from "./ports.ts";
import type { Unavailable } from "./notices.ts";

/**
 * Uploads the profiles a check wrote (.cpuprofile files, flame graphs) as a
 * workflow artifact and returns the comparison with the artifact's name and
 * link, and the repository, so the comment links code lines and files. An
 * upload that fails is noted; the comparison then keeps the local directory.
 */
export async function uploadProfiles(ports: ActionPorts, comparison: Comparison, name: string, unavailable: Unavailable[]): Promise<Comparison> {
  const profiles = comparison.profiles;
  if (!profiles) return comparison;
  const linked = { ...profiles, repository: ports.run.repository, serverUrl: ports.run.serverUrl };
  const files = profiles.benchmarks.flatMap((b) => [b.files?.base, b.files?.head, b.files?.flame]).filter((f): f is string => Boolean(f));
  if (!profiles.dir || files.length === 0 || !ports.artifacts) return { ...comparison, profiles: linked };
  try {
    const uploaded = await ports.artifacts.upload(
      name,
      files.map((f) => join(profiles.dir!, f)),
      profiles.dir,
      ports.inputs["retention-days"],
    );
    const url = ports.run.repository && ports.run.runId && uploaded.id ? `${ports.run.serverUrl}/${ports.run.repository}/actions/runs/${ports.run.runId}/artifacts/${uploaded.id}` : undefined;
    ports.log.info(`perf-gate: uploaded profiles artifact "${name}"${uploaded.id ? ` (id ${uploaded.id})` : ""}`);
    return { ...comparison, profiles: { ...linked, artifact: { name, url } } };
  } catch (error) {
    rethrowDefect(error);
    unavailable.push({ part: "profiles-upload", detail: `"${name}": ${messageOf(error)}` });
    ports.log.warning(`perf-gate: the profiles artifact "${name}" could not be stored: ${messageOf(error)}`);
    return { ...comparison, profiles: linked };
  }
}
