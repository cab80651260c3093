import { resolve } from "node:path";
import { compare } from "../compare.ts";
import type { Comparison } from "../comparison.ts";
import { loadConfig } from "../config.ts";
import { loadReport, writeJsonFile } from "../files.ts";
import { policyFromConfig } from "../policy.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { runSet } from "../run.ts";
import type { ActionInputs } from "./inputs.ts";

/** The side effects the action needs, passed in so that tests can observe them. */
export interface ActionPorts {
  inputs: () => ActionInputs;
  workspace: string;
  log: (line: string) => void;
  summary: (markdown: string) => Promise<void>;
  output: (name: string, value: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface ActionOutcome {
  comparison: Comparison;
  /** Why the step should fail, if it should. */
  failure?: string;
}

/** Runs the set, compares with the baseline Report if given, and publishes the verdict. */
export async function main(ports: ActionPorts): Promise<ActionOutcome> {
  const inputs = ports.inputs();
  const configPath = resolve(ports.workspace, inputs.config);
  const loaded = await loadConfig(configPath);
  const policy = policyFromConfig(loaded.config, inputs.config, inputs.threshold);
  const baseline = inputs.baseline ? await loadReport(resolve(ports.workspace, inputs.baseline)) : undefined;
  const report = await runSet(loaded, { set: inputs.set, progress: ports.log, env: ports.env });
  const reportPath = resolve(ports.workspace, inputs["report-path"]);
  await writeJsonFile(reportPath, report);
  const comparison = compare(baseline, report, policy);
  ports.output("verdict", comparison.verdict);
  ports.output("regressions", String(comparison.counts.regression));
  ports.output("improvements", String(comparison.counts.improvement));
  ports.output("report-path", reportPath);
  await ports.summary(renderMarkdown(comparison));
  const failing = comparison.counts.regression + comparison.counts["over-budget"];
  const failure = comparison.verdict === "fail" && inputs["fail-on-regression"] ? `${failing} metric${failing === 1 ? "" : "s"} regressed or broke a budget` : undefined;
  return { comparison, failure };
}
