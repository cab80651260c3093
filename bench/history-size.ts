// What the baseline artifact's run history costs: the example's metrics and
// 1,000 metrics, each carried through 101 pushes to main (100 earlier runs kept),
// with values that wander by a few percent from run to run as on a shared runner.
//   node bench/history-size.ts
// Prints the size of the history (values and runs) in the stored JSON, raw and
// deflated as the artifact's zip stores it, and last:
//   history-size: example_metrics=N example_kb=K example_zip_kb=Z metrics=1000 kb=K zip_kb=Z
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { carryHistory, HISTORY_RUNS, mulberry32, parseReport, type Metric, type Report } from "../src/entry/api.ts";

const example = parseReport(JSON.parse(readFileSync("fixtures/example/baseline.json", "utf8")), "fixtures/example/baseline.json");

function synthetic(count: number): Report {
  const metrics: Metric[] = Array.from({ length: count }, (_, i) => ({
    id: `suite${i % 20}/task-${i}.mean`,
    suite: `suite${i % 20}`,
    benchmark: `task-${i}`,
    stat: "mean",
    kind: "function",
    unit: "ms",
    direction: "lower-is-better",
    value: 0.05 + (i % 97) * 0.013,
  }));
  return { ...example, metrics, samples: {}, history: undefined, runs: undefined };
}

/** The report after `pushes` pushes to main, each measuring values a few percent off the previous ones. */
function afterPushes(start: Report, pushes: number): Report {
  const random = mulberry32(7);
  let baseline: Report = { ...start, samples: {}, history: undefined, runs: undefined };
  for (let n = 1; n <= pushes; n++) {
    const metrics = baseline.metrics.map((m) => ({ ...m, value: m.value * (1 + (random() - 0.5) * 0.1) }));
    const time = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();
    const next: Report = { ...baseline, metrics, environment: { ...baseline.environment, commit: (n * 2654435761).toString(16).padStart(40, "0").slice(-40), timestamp: time } };
    baseline = carryHistory(baseline, next);
  }
  return baseline;
}

function size(report: Report): { kb: number; zipKb: number } {
  const json = JSON.stringify({ history: report.history, runs: report.runs });
  return { kb: Buffer.byteLength(json) / 1024, zipKb: deflateRawSync(json).length / 1024 };
}

const a = afterPushes(example, HISTORY_RUNS + 1);
const b = afterPushes(synthetic(1000), HISTORY_RUNS + 1);
const sa = size(a);
const sb = size(b);
process.stdout.write(
  `example: metrics=${a.metrics.length} runs=${a.runs?.length} history_kb=${sa.kb.toFixed(1)} zip_kb=${sa.zipKb.toFixed(1)} whole_report_kb=${(Buffer.byteLength(JSON.stringify({ ...example, history: a.history, runs: a.runs })) / 1024).toFixed(1)}\n`,
);
process.stdout.write(`1000 metrics: runs=${b.runs?.length} history_kb=${sb.kb.toFixed(1)} zip_kb=${sb.zipKb.toFixed(1)}\n`);
process.stdout.write(
  `history-size: example_metrics=${a.metrics.length} example_kb=${sa.kb.toFixed(0)} example_zip_kb=${sa.zipKb.toFixed(0)} metrics=1000 kb=${sb.kb.toFixed(0)} zip_kb=${sb.zipKb.toFixed(0)}\n`,
);
