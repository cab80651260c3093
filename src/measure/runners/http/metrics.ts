import { mean } from "simple-statistics";
import type { Direction, Metric, SampleSet } from "../../../report/schema.ts";
import type { LoadCase } from "./cases.ts";
import type { RoundResult } from "./load.ts";

interface StatDef {
  stat: string;
  unit: string;
  direction: Direction;
  /** The statistic of one round; undefined when the round cannot tell it. */
  of(r: RoundResult): number | undefined;
}

/** Requests that were attempted in a round: answered, or failed without an answer. */
const attempts = (r: RoundResult) => r.responses + r.failures;
const latency = (v: number) => (Number.isFinite(v) ? v : undefined);

/**
 * The load statistics of a benchmark, each computed per round:
 * - rps: responses received per second (any status; non-2xx also count in `errors`)
 * - p50/p95/p99: response latency percentiles in ms, over the round's responses
 * - errors: percent of attempted requests that failed: non-2xx, connection errors or timeouts
 * - timeouts: percent of attempted requests that timed out
 * - throughput: response bytes received per second
 * - cpu: CPU the server's process group used, percent of one core (Linux /proc)
 */
export const LOAD_STATS: readonly StatDef[] = [
  { stat: "rps", unit: "req/s", direction: "higher-is-better", of: (r) => r.responses / r.seconds },
  { stat: "p50", unit: "ms", direction: "lower-is-better", of: (r) => latency(r.p50) },
  { stat: "p95", unit: "ms", direction: "lower-is-better", of: (r) => latency(r.p95) },
  { stat: "p99", unit: "ms", direction: "lower-is-better", of: (r) => latency(r.p99) },
  { stat: "errors", unit: "%", direction: "lower-is-better", of: (r) => (attempts(r) ? (100 * (r.non2xx + r.failures)) / attempts(r) : 0) },
  { stat: "timeouts", unit: "%", direction: "lower-is-better", of: (r) => (attempts(r) ? (100 * r.timeouts) / attempts(r) : 0) },
  { stat: "throughput", unit: "B/s", direction: "higher-is-better", of: (r) => r.bytes / r.seconds },
  { stat: "cpu", unit: "%", direction: "lower-is-better", of: (r) => r.cpu },
];

export const LOAD_STAT_NAMES = LOAD_STATS.map((s) => s.stat);

export interface MetricsOutput {
  metrics: Metric[];
  samples: Record<string, SampleSet>;
}

/**
 * Metrics of one benchmark from its rounds. Each statistic keeps one value per
 * round as its samples (tagged with the round), and its value is their mean,
 * so comparisons build intervals over rounds, the independent replicates.
 */
export function loadMetrics(suite: string, c: Pick<LoadCase, "name" | "connections" | "payloadBytes">, rounds: readonly RoundResult[]): MetricsOutput {
  const out: MetricsOutput = { metrics: [], samples: {} };
  const requests = rounds.reduce((n, r) => n + r.responses, 0);
  for (const def of LOAD_STATS) {
    const values: number[] = [];
    const roundIndex: number[] = [];
    rounds.forEach((r, i) => {
      const v = def.of(r);
      if (v !== undefined && Number.isFinite(v)) {
        values.push(v);
        roundIndex.push(i);
      }
    });
    if (values.length === 0) continue;
    const id = `${suite}/${c.name}.${def.stat}`;
    out.samples[id] = { unit: def.unit, values, rounds: roundIndex };
    out.metrics.push({
      id,
      suite,
      benchmark: c.name,
      stat: def.stat,
      kind: "http",
      unit: def.unit,
      direction: def.direction,
      value: mean(values),
      samples: id,
      estimator: { kind: "mean" },
      extra: { rounds: values.length, requests, connections: c.connections, ...(c.payloadBytes !== undefined ? { payloadBytes: c.payloadBytes } : {}) },
    });
  }
  return out;
}
