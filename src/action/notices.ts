// Wording for what the action could not do: said plainly in the summary, the comment and the log.

/** Something the check went on without: a GitHub call that failed after its retries, a refused permission, GHES. */
export interface Unavailable {
  part: "baseline" | "baseline-upload" | "result-upload" | "result" | "comment" | "profiles-upload";
  detail: string;
}

const PART: Record<Unavailable["part"], string> = {
  baseline: "The baseline artifact was unavailable",
  "baseline-upload": "The baseline artifact could not be stored",
  "result-upload": "The result artifact could not be stored",
  result: "The pull request run's result was unavailable",
  comment: "The pull request comment could not be posted",
  "profiles-upload": "The profiles artifact could not be stored",
};

export function unavailableLine(u: Unavailable): string {
  return `${PART[u.part]}: ${u.detail}`;
}

/** The paragraph in place of the table against main when the baseline could not be had. */
export function baselineUnavailableText(name: string, detail: string): string {
  return `**Baseline unavailable**: the \`${name}\` artifact could not be had (${detail}). The verdict rests on this run's own measurements (budgets, and the paired comparison where it ran); nothing was compared with the baseline.`;
}

/** @actions/artifact v2+ (artifacts v4) is not available on GitHub Enterprise Server. */
export const GHES_DETAIL = "GitHub Enterprise Server does not support the artifact service perf-gate uses; give a baseline Report file with the `baseline` input instead";

/** GitHub.com, GHE.com and localhost: where the artifact service exists (the rule @actions/artifact applies). */
export function isGhes(serverUrl: string): boolean {
  let host: string;
  try {
    host = new URL(serverUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host !== "github.com" && !host.endsWith(".ghe.com") && !host.endsWith(".localhost");
}

/** A hint for a refused call, naming the permission the job needs. */
export function permissionHint(status: number | undefined, permission: string): string {
  return status === 403 || status === 401 ? ` (the job needs \`permissions: ${permission}\`)` : "";
}
