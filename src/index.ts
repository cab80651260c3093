import * as core from "@actions/core";

// Action entry: the only place that marks the step failed.
try {
  core.setFailed("perf-gate action is not built yet");
} catch (error) {
  core.setFailed(String(error));
}
