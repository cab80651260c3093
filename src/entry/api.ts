// The programmatic surface of perf-gate: what its own benchmarks (bench/) and other programs
// import. Everything else under src/ is internal and may move.

// Config and policy
export { type BenchmarkSpec, TinybenchSpec } from "../config/schema.ts";
export { type LoadedConfig, loadConfig } from "../config/load.ts";
export { defaultPolicy, type Policy, policyFromConfig, thresholdFor } from "../compare/policy.ts";

// Measuring: the set, and base and head paired
export { runSet } from "../measure/run-set.ts";
export { assembleReport } from "../measure/assemble-report.ts";
export { loadSuites } from "../measure/runners/suite-module.ts";
export { measurePaired, type PairedMeasurement } from "../pair/measure-paired.ts";
export { pairFunctions } from "../pair/functions.ts";
export { pairSettingsOf, shuffled, sideOrder } from "../pair/settings.ts";
export { choosePinning } from "../pair/affinity.ts";

// Reports
export { type Metric, REPORT_SCHEMA, type Report, type ReportInput, type SampleSet } from "../report/schema.ts";
export { parseReport } from "../report/parse.ts";
export { carryHistory, HISTORY_RUNS } from "../report/history.ts";
export type { Comparison } from "../report/comparison.ts";

// Comparing
export { type BootstrapBatch, compare } from "../compare/compare.ts";
export { startBootstrapThread, threadedBootstraps } from "../parallel/threaded-bootstraps.ts";
export { degradation } from "../compare/verdict-rules.ts";
export { comparePaired } from "../compare/paired.ts";
export { applyPairedToFlagged } from "../compare/combine.ts";
export { pairedChange, roundLogRatios } from "../compare/stats/paired.ts";
export { mulberry32 } from "../compare/stats/random.ts";
export { estimate } from "../compare/stats/estimate.ts";

// Rendering
export { renderMarkdown } from "../render/markdown.ts";
export { commentLength } from "../render/comment-limit.ts";
