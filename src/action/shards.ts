import { join, resolve } from "node:path";
import { z } from "zod";
import { Comparison } from "../report/comparison.ts";
import { InputError, messageOf, rethrowDefect } from "../errors.ts";
import { parseReport, parseWith } from "../report/parse.ts";
import type { Plan } from "../github/context.ts";
import { markdownRoom, upsertSticky } from "../github/comment.ts";
import { carryHistory } from "../report/history.ts";
import { type MergedComparison, mergeComparisons, mergeReports, type Part } from "../report/merge.ts";
import { policyFromConfig } from "../compare/policy.ts";
import { renderMergedMarkdown } from "../render/merged.ts";
import { compare } from "../compare/compare.ts";
import { type Report } from "../report/schema.ts";
import { parseShard, Shard, shardText } from "../report/shard.ts";
import type { ActionInputs } from "./inputs.ts";
import { runLinks } from "./links.ts";
import { jobKey, keyedCommentId, keyedName, keyOfName } from "./naming.ts";
import type { ActionPorts } from "./ports.ts";
import { RESULT_FILES } from "./result.ts";
import { publishHtmlReport } from "./html-report.ts";
import type { HtmlReportInput } from "../render/html-report.ts";

/** Base name of the artifact each shard job leaves for the merge job (suffixed with the job's key). */
export const SHARD_ARTIFACT = "perf-gate-shard";

/** What a shard job's artifact holds besides its Report (and, on a check, its comparison). */
export const PartMeta = z.object({
  schema: z.literal("perf-gate/shard@1"),
  shard: Shard,
  /** The job key without the shard: shards with one group key merge together, and their baseline carries it. */
  group: z.string().regex(/^[\w.-]{0,64}$/),
  kind: z.enum(["report", "comparison"]),
});
export type PartMeta = z.infer<typeof PartMeta>;

export function shardOf(inputs: ActionInputs): Shard | undefined {
  return inputs.shard === undefined ? undefined : parseShard(inputs.shard, `input "shard"`);
}

/**
 * The key of the job's group: its job key without the matrix entry that holds
 * the shard (named `shard`, or whose value is the shard input). The merge job
 * stores the group's baseline under it, and the group's shards read it back.
 */
export function groupKey(inputs: ActionInputs): string {
  let matrix: unknown;
  try {
    matrix = inputs.matrix ? JSON.parse(inputs.matrix) : undefined;
  } catch {
    matrix = undefined;
  }
  if (!matrix || typeof matrix !== "object" || Array.isArray(matrix)) return jobKey(inputs.matrix, inputs.config);
  const shard = inputs.shard?.replace(/\s+/g, "");
  const rest = Object.fromEntries(Object.entries(matrix).filter(([name, value]) => name !== "shard" && String(value).replace(/\s+/g, "") !== shard));
  return jobKey(JSON.stringify(rest), inputs.config);
}

/** The baseline artifact a shard's group uses: what its merge job stores. */
export function groupBaselineName(inputs: ActionInputs): string {
  return keyedName(inputs["baseline-artifact"], groupKey(inputs));
}

/** Uploads a shard job's part for the merge job; a failure is an error (the merge would name the shard as missing). */
export async function uploadPart(ports: ActionPorts, shard: Shard, report: Report, comparison?: Comparison): Promise<string> {
  const { inputs } = ports;
  const name = keyedName(SHARD_ARTIFACT, jobKey(inputs.matrix, inputs.config));
  const dir = await ports.files.makeTempDir("shard-upload");
  const meta: PartMeta = { schema: "perf-gate/shard@1", shard, group: groupKey(inputs), kind: comparison ? "comparison" : "report" };
  const files: Array<[string, string]> = [
    [RESULT_FILES.meta, JSON.stringify(meta, null, 2) + "\n"],
    [RESULT_FILES.report, JSON.stringify(report) + "\n"],
  ];
  if (comparison) files.push([RESULT_FILES.comparison, JSON.stringify(comparison) + "\n"]);
  for (const [file, text] of files) await ports.files.writeText(join(dir, file), text);
  if (!ports.artifacts) throw new InputError("environment", "the artifact service is not available (GITHUB_REPOSITORY and a token are needed)");
  await ports.artifacts.upload(
    name,
    files.map(([file]) => join(dir, file)),
    dir,
    inputs["retention-days"],
  );
  ports.log.info(`perf-gate: uploaded shard ${shardText(shard)} as artifact "${name}" for the merge job`);
  return name;
}

interface Downloaded {
  name: string;
  meta: PartMeta;
  report: Report;
  comparison?: Comparison;
}

/** Every shard part this run's jobs left, validated. */
async function downloadParts(ports: ActionPorts): Promise<Downloaded[]> {
  const runId = ports.run.runId;
  if (!ports.github || !ports.artifacts || !runId) throw new InputError("environment", "mode merge needs the GitHub API, the artifact service and GITHUB_RUN_ID");
  const all = await ports.github.listRunArtifacts(runId);
  const mine = all.filter((a) => keyOfName(a.name, SHARD_ARTIFACT) !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  if (mine.length === 0) throw new InputError("merge", `run ${runId} has no "${SHARD_ARTIFACT}" artifacts: run the shard jobs (input \`shard\`) first, and make this job need them`);
  const parts: Downloaded[] = [];
  for (const artifact of mine) {
    const dir = await ports.files.makeTempDir(`shard-${artifact.id}`);
    const path = await ports.artifacts.download({ id: artifact.id, runId, digest: artifact.digest }, dir);
    const source = `artifact "${artifact.name}"`;
    const meta = parseWith(PartMeta, await ports.files.readJson(join(path, RESULT_FILES.meta)), `${source} ${RESULT_FILES.meta}`, "perf-gate shard part");
    const report = parseReport(await ports.files.readJson(join(path, RESULT_FILES.report)), `${source} ${RESULT_FILES.report}`);
    const comparison =
      meta.kind === "comparison" ? parseWith(Comparison, await ports.files.readJson(join(path, RESULT_FILES.comparison)), `${source} ${RESULT_FILES.comparison}`, "perf-gate comparison") : undefined;
    parts.push({ name: artifact.name, meta, report: { ...report, shard: meta.shard }, comparison: comparison && { ...comparison, shard: meta.shard } });
  }
  return parts;
}

function byGroup(parts: readonly Downloaded[]): Map<string, Downloaded[]> {
  const groups = new Map<string, Downloaded[]>();
  for (const p of parts) groups.set(p.meta.group, [...(groups.get(p.meta.group) ?? []), p]);
  return groups;
}

export interface MergeOutcome {
  comparisons: MergedComparison[];
  /** On a pull request: for each comparison, the head's Report merged from the shards' and the markdown posted. */
  results: Array<{ key: string; comparison: Comparison; report: Report; markdown: string }>;
  commentUrl?: string;
  stored: string[];
}

const slug = (text: string): string =>
  text
    .replace(/[^\w.-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(0, 64);

/** The result artifact the merge job leaves for the comparison of key `key` ("" when it has one). */
export function mergedResultName(inputs: ActionInputs, key: string): string {
  return keyedName(inputs["result-artifact"], [jobKey(inputs.matrix, inputs.config), key].filter(Boolean).join("-"));
}

/**
 * The HTML report of a merged comparison, beside the Report path (suffixed by `key` when there are
 * several) and as the companion of its result artifact; the link names the key when there is one.
 */
async function publishMergedReport(ports: ActionPorts, input: Omit<HtmlReportInput, "links">, key: string): Promise<string | undefined> {
  const path = ports.inputs["report-path"];
  const reportPath = resolve(ports.run.workspace, key ? `${path.replace(/\.json$/i, "")}-${key}.json` : path);
  const link = await publishHtmlReport(ports, input, reportPath, `${mergedResultName(ports.inputs, key)}-report`);
  return link && key ? link.replace("[HTML report]", `[HTML report: ${key}]`) : link;
}

/**
 * `mode: merge`, in a job that needs the shard jobs: on a push, merges the
 * shards' Reports and stores one baseline per group; on a pull request,
 * merges their comparisons and posts one comment with one verdict.
 */
export async function mergeJob(ports: ActionPorts, plan: Plan, previousBaseline: (name: string) => Promise<Report | undefined>): Promise<MergeOutcome> {
  const { inputs } = ports;
  const parts = await downloadParts(ports);
  const groups = byGroup(parts);
  if (plan.kind === "baseline") {
    const loaded = await ports.bench.loadConfig(resolve(ports.run.workspace, inputs.config));
    const policy = policyFromConfig(loaded.config, inputs.config, inputs.threshold);
    const stored: string[] = [];
    const comparisons: MergedComparison[] = [];
    const reportLinks: string[] = [];
    for (const [group, members] of groups) {
      const merged = mergeReports(members.map((p): Part<Report> => ({ source: `artifact "${p.name}"`, value: p.report })));
      if (merged.length > 1)
        throw new InputError("merge", `the shards of group "${group || "(default)"}" ran in ${merged.length} environments (${merged.map((m) => m.key).join("; ")}); give each its own matrix value`);
      const name = keyedName(inputs["baseline-artifact"], group);
      const previous = await previousBaseline(name).catch((error: unknown) => {
        ports.log.warning(`perf-gate: the new baseline "${name}" starts without run history: ${messageOf(error)}`);
        return undefined;
      });
      const report = carryHistory(previous, merged[0]!.report);
      const dir = await ports.files.makeTempDir("baseline-upload");
      const file = join(dir, RESULT_FILES.report);
      await ports.files.writeText(file, JSON.stringify(report, null, 2) + "\n");
      if (!ports.artifacts) throw new InputError("environment", "the artifact service is not available");
      const uploaded = await ports.artifacts.upload(name, [file], dir, inputs["retention-days"]);
      ports.log.info(`perf-gate: merged ${members.length} shards (${report.metrics.length} metrics) into baseline artifact "${name}"${uploaded.id ? ` (id ${uploaded.id})` : ""}`);
      stored.push(name);
      const comparison = compare(undefined, report, policy);
      comparisons.push({ key: group || merged[0]!.key, comparison });
      // main's merged report with its own run history, as a push job without shards leaves it.
      const link = await publishMergedReport(ports, { comparison, head: report, baseline: report }, slug(group));
      if (link) reportLinks.push(link);
    }
    const title = `perf-gate: baseline for ${plan.branch} merged from ${parts.length} shards`;
    const markdown = renderMergedMarkdown(comparisons, {
      title,
      noBaseline: `Stored as ${stored.map((s) => `\`${s}\``).join(", ")}; pull requests compare with it.`,
      links: [...runLinks(ports.run), ...reportLinks],
    });
    await ports.summary(markdown);
    return { comparisons, results: [], stored };
  }
  if (plan.kind !== "check")
    throw new InputError(`input "mode"`, `mode merge runs on push (to store a baseline) or on pull_request (to comment), not on ${plan.kind === "comment" ? "workflow_run" : "this event"}`);
  const comparisons: MergedComparison[] = [];
  const reports: Report[] = [];
  for (const [group, members] of groups) {
    const missingComparison = members.find((p) => !p.comparison);
    if (missingComparison) throw new InputError(`artifact "${missingComparison.name}"`, "holds a Report but no comparison; shards of a pull request run the check");
    const merged = mergeComparisons(members.map((p): Part<Comparison> => ({ source: `artifact "${p.name}"`, value: p.comparison! })));
    const heads = mergeReports(members.map((p): Part<Report> => ({ source: `artifact "${p.name}"`, value: p.report })));
    for (const m of merged) {
      comparisons.push({ key: groups.size > 1 || merged.length > 1 ? [group, m.key].filter(Boolean).join(": ") : m.key, comparison: m.comparison });
      reports.push(heads.find((h) => h.key === m.key)!.report);
    }
  }
  const commentId = keyedCommentId(inputs["comment-id"], jobKey(inputs.matrix, inputs.config));
  // Each comparison's HTML report, named as the result artifact it goes with (merge-plan.ts uploads those).
  const keyOf = (i: number) => (comparisons.length === 1 ? "" : slug(comparisons[i]!.key));
  const reportLinks: Array<string | undefined> = [];
  for (const [i, { comparison }] of comparisons.entries()) reportLinks.push(await publishMergedReport(ports, { comparison, head: reports[i] }, keyOf(i)));
  const links = (i?: number) => [...runLinks(ports.run), ...(i === undefined ? reportLinks : [reportLinks[i]]).filter((l): l is string => l !== undefined)];
  const markdown = renderMergedMarkdown(comparisons, { maxLength: markdownRoom(commentId), links: links() });
  await ports.summary(markdown);
  let commentUrl: string | undefined;
  const pr = plan.pullRequest;
  if (pr && inputs.comment && ports.github) {
    try {
      const { login } = await ports.github.tokenIdentity();
      const result = await upsertSticky(ports.github, { issue: pr.number, author: login, id: commentId }, markdown);
      ports.log.info(`perf-gate: comment ${result.action}: ${result.url}`);
      commentUrl = result.url;
    } catch (error) {
      rethrowDefect(error);
      // A fork's read-only token, or an outage: the verdict is in the job summary and the step's status.
      ports.log.warning(`perf-gate: could not comment on pull request #${pr.number}: ${messageOf(error)}; the result is in the job summary`);
    }
  }
  // Each comparison also alone, for the fork-safe comment job (mode comment) when this token could not comment.
  const results = comparisons.map((c, i) => ({
    key: keyOf(i),
    comparison: c.comparison,
    report: reports[i]!,
    markdown: comparisons.length === 1 ? markdown : renderMergedMarkdown([c], { maxLength: markdownRoom(commentId), links: links(i) }),
  }));
  return { comparisons, results, commentUrl, stored: [] };
}

/** A one-line summary of a shard job: what it measured and where it left it. */
export function shardSummary(shard: Shard, metrics: number, artifact: string): string {
  return `### ℹ️ perf-gate: shard ${shardText(shard)} measured ${metrics} metric${metrics === 1 ? "" : "s"}\n\nLeft as the artifact \`${artifact}\` for the merge job (\`mode: merge\`), which compares once, comments once and stores one baseline.\n`;
}
