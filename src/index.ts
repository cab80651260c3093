import * as core from "@actions/core";
import { readInputs } from "./action/inputs.ts";
import { main } from "./action/main.ts";
import { messageOf } from "./errors.ts";

// Action entry: builds the real ports and is the only place that fails the step.
try {
  const outcome = await main({
    inputs: () => readInputs(),
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    log: (line) => core.info(line),
    summary: async (markdown) => {
      await core.summary.addRaw(markdown).write();
    },
    output: (name, value) => core.setOutput(name, value),
    env: process.env,
  });
  if (outcome.failure) core.setFailed(`perf-gate: ${outcome.failure}`);
} catch (error) {
  core.setFailed(`perf-gate: ${messageOf(error)}`);
}
