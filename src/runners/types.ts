import type { Metric, SampleSet } from "../report.ts";
import type { Progress } from "../progress.ts";

/** What one runner contributes to a Report. */
export interface RunnerOutput {
  metrics: Metric[];
  samples: Record<string, SampleSet>;
  notes: string[];
}

export interface RunContext {
  /** Directory that relative paths in the benchmark spec are resolved against. */
  root: string;
  progress: Progress;
  /** Aborts a run in progress (time budget, Ctrl-C). */
  signal?: AbortSignal;
}

export function emptyOutput(): RunnerOutput {
  return { metrics: [], samples: {}, notes: [] };
}

export function mergeOutputs(outputs: RunnerOutput[]): RunnerOutput {
  const merged = emptyOutput();
  for (const o of outputs) {
    merged.metrics.push(...o.metrics);
    Object.assign(merged.samples, o.samples);
    merged.notes.push(...o.notes);
  }
  return merged;
}
