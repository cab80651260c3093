import { type Plan, planFor } from "../github/context.ts";
import type { ActionPorts } from "./ports.ts";
import { storeBaseline } from "./baseline-plan.ts";
import { check } from "./check-plan.ts";
import { postResult } from "./comment-plan.ts";
import { merge } from "./merge-plan.ts";
import type { ActionOutcome } from "./shared.ts";

export type { ActionPorts } from "./ports.ts";
export type { ActionOutcome } from "./shared.ts";

/** Decides from the event and inputs what to do, does it, and says whether the step fails. */
export async function main(ports: ActionPorts): Promise<ActionOutcome> {
  const merging = ports.inputs.mode === "merge";
  const plan = planFor(ports.event.name, ports.event.payload, merging ? "auto" : ports.inputs.mode);
  if (merging) return merge(ports, plan);
  ports.log.info(`perf-gate: ${describe(plan)}${ports.inputs.shard ? ` (shard ${ports.inputs.shard})` : ""}`);
  switch (plan.kind) {
    case "baseline":
      return storeBaseline(ports, plan);
    case "check":
    case "local":
      return check(ports, plan);
    case "comment":
      return postResult(ports, plan);
  }
}

function describe(plan: Plan): string {
  switch (plan.kind) {
    case "baseline":
      return `${plan.event} on ${plan.branch}: measuring and storing a baseline`;
    case "check":
      return `${plan.event}: checking against the baseline of ${plan.baseBranch}${plan.pullRequest ? ` (pull request #${plan.pullRequest.number})` : ""}`;
    case "comment":
      return `${plan.event}: posting the result of run ${plan.runId}`;
    case "local":
      return "no GitHub event: checking against the baseline file, if any";
  }
}
