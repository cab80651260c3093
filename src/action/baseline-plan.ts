// Push to the default branch, or a forced refresh: measure and store the baseline.
import { join, resolve } from "node:path";
import { compare } from "../compare/compare.ts";
import { messageOf, rethrowDefect } from "../errors.ts";
import { carryHistory } from "../report/history.ts";
import { type Plan } from "../github/context.ts";
import { renderMarkdown } from "../render/markdown.ts";
import type { Report } from "../report/schema.ts";
import { runLinks } from "./links.ts";
import { type Unavailable } from "./notices.ts";
import type { ActionPorts } from "./ports.ts";
import { shardOf, shardSummary, uploadPart } from "./shards.ts";
import { publishHtmlReport } from "./html-report.ts";
import { RESULT_FILES } from "./result.ts";
import { plural } from "../render/labels.ts";
import { downloadBaseline } from "./check-plan.ts";

import { type ActionOutcome, type Names, namesOf, giveUp, need, publishCounts, measure, uploadFailure } from "./shared.ts";

export async function storeBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "baseline" }>): Promise<ActionOutcome> {
  const { inputs } = ports;
  const shard = shardOf(inputs);
  if (shard) {
    // A shard measures its part and leaves it for the merge job, which stores the one baseline.
    const loaded = await ports.bench.loadConfig(resolve(ports.run.workspace, inputs.config));
    const report = await ports.bench.measure(loaded, inputs.set, shard);
    await ports.files.writeText(resolve(ports.run.workspace, inputs["report-path"]), JSON.stringify(report, null, 2) + "\n");
    const artifact = await uploadPart(ports, shard, report);
    await ports.summary(shardSummary(shard, report.metrics.length, artifact));
    return { plan };
  }
  const names = namesOf(inputs);
  const unavailable: Unavailable[] = [];
  const previous = await previousBaseline(ports, plan, names);
  // The new baseline carries its branch's run history: the run-to-run spread that compare widens intervals by.
  // A re-run job replaces its own earlier attempt, so it takes over that attempt's history instead.
  const { policy, report, reportPath } = await measure(ports, (measured) =>
    previous?.sameRun ? { ...measured, history: previous.report.history, runs: previous.report.runs } : carryHistory(previous?.report, measured),
  );
  const comparison = compare(undefined, report, policy);
  const name = names.baseline;

  let stored: string;
  try {
    const dir = await ports.files.makeTempDir("baseline-upload");
    const file = join(dir, RESULT_FILES.report);
    await ports.files.writeText(file, JSON.stringify(report, null, 2) + "\n");
    const uploaded = await need(ports.artifacts, "the artifact service").upload(name, [file], dir, inputs["retention-days"]);
    stored = `Stored as the baseline artifact \`${name}\`${uploaded.id ? ` (id ${uploaded.id})` : ""} of this run${inputs["retention-days"] ? `, kept ${plural(inputs["retention-days"], "day")}` : ""}; pull requests into \`${plan.branch}\` compare with it.`;
    ports.log.info(`perf-gate: uploaded baseline artifact "${name}"${uploaded.id ? ` (id ${uploaded.id})` : ""}`);
  } catch (error) {
    rethrowDefect(error);
    const detail = uploadFailure(ports, error);
    giveUp(ports, unavailable, { part: "baseline-upload", detail });
    stored = `**The baseline artifact \`${name}\` could not be stored** (${detail}); the previous baseline stays in use.`;
  }

  // main's report: its own run history, for a dashboard across commits.
  const htmlLink = await publishHtmlReport(ports, { comparison, head: report, baseline: report }, reportPath, `${names.result}-report`);
  const overBudget = comparison.counts["over-budget"];
  const title = `perf-gate: baseline for ${plan.branch} (${plural(report.metrics.length, "metric")} measured${overBudget ? `, ${overBudget} over budget` : ""})`;
  const markdown = renderMarkdown(comparison, { title, noBaseline: stored, links: [...runLinks(ports.run), ...(htmlLink ? [htmlLink] : [])] });
  await ports.summary(markdown);
  publishCounts(ports, comparison, reportPath);
  // A baseline run has nothing to regress against: only a broken budget fails it.
  const failure = overBudget > 0 && inputs["fail-on-regression"] ? `${plural(overBudget, "metric")} broke a budget` : undefined;
  return { plan, comparison, failure, unavailable };
}

/** The baseline that a new one replaces, for its run history; a failure to get it costs only the history. */
export async function previousBaseline(ports: ActionPorts, plan: Extract<Plan, { kind: "baseline" }>, names: Names): Promise<{ report: Report; sameRun: boolean } | undefined> {
  if (!ports.github || !ports.artifacts) return undefined;
  try {
    const found = await downloadBaseline(ports, names.baseline, { branch: plan.branch, repositoryId: plan.repositoryId });
    return found && { report: found.report, sameRun: found.source?.runId === ports.run.runId };
  } catch (error) {
    rethrowDefect(error);
    ports.log.warning(`perf-gate: the new baseline starts without run history: ${messageOf(error)}`);
    return undefined;
  }
}
