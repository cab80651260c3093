// Mode merge: the shards' parts become one baseline, or one comment.

import { type Plan } from "../github/context.ts";
import { type Unavailable } from "./notices.ts";
import type { ActionPorts } from "./ports.ts";
import { mergedResultName, mergeJob } from "./shards.ts";
import { plural } from "../render/labels.ts";
import { downloadBaseline, uploadResult } from "./check-plan.ts";
import { type ActionOutcome, namesOf } from "./shared.ts";

export async function merge(ports: ActionPorts, plan: Plan): Promise<ActionOutcome> {
  ports.log.info(`perf-gate: merging the shards of run ${ports.run.runId ?? "?"}`);
  const previous = (name: string) =>
    plan.kind === "baseline" ? downloadBaseline(ports, name, { branch: plan.branch, repositoryId: plan.repositoryId }).then((b) => b?.report) : Promise.resolve(undefined);
  const { comparisons, results, commentUrl } = await mergeJob(ports, plan, previous);
  // As a check job would: the merged result, for perf-comment.yml's fork-safe comment job.
  const unavailable: Unavailable[] = [];
  if (plan.kind === "check" && plan.event === "pull_request" && plan.pullRequest) {
    const names = namesOf(ports.inputs);
    for (const r of results) {
      const result = mergedResultName(ports.inputs, r.key);
      await uploadResult(ports, { comparison: r.comparison, report: r.report, markdown: r.markdown, pr: plan.pullRequest }, { ...names, result }, unavailable);
    }
  }
  const verdict = comparisons.some((c) => c.comparison.verdict === "fail") ? "fail" : "pass";
  const sum = (v: "regression" | "improvement") => comparisons.reduce((n, c) => n + c.comparison.counts[v], 0);
  ports.output("verdict", verdict);
  ports.output("regressions", String(sum("regression")));
  ports.output("improvements", String(sum("improvement")));
  if (commentUrl) ports.output("comment-url", commentUrl);
  const failing = comparisons.reduce((n, c) => n + c.comparison.counts.regression + c.comparison.counts["over-budget"], 0);
  const failure = plan.kind === "check" && verdict === "fail" && ports.inputs["fail-on-regression"] ? `${plural(failing, "metric")} regressed or broke a budget` : undefined;
  return { plan, comparison: comparisons.length === 1 ? comparisons[0]?.comparison : undefined, commentUrl, failure, unavailable };
}
