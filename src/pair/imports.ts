import type { ImportSpec } from "../config/import-spec.ts";
import { runImport } from "../measure/runners/import.ts";
import { emptyOutput, type RunnerOutput } from "../measure/runners/types.ts";
import type { Metric } from "../report/schema.ts";
import { estimate } from "../compare/stats/estimate.ts";
import { MIN_PAIRS } from "../compare/stats/paired.ts";
import type { PairContext, PairedOutput } from "./functions.ts";
import { emptySeries, type PairedSeries, settleState } from "./settle.ts";
import { type Side, sideOrder } from "./settings.ts";

/** Most rounds of an imported command: each round runs the whole command once per side. */
const MAX_ROUNDS = 20;

/**
 * Metrics of one side from its rounds: each metric's value in a round is one
 * sample of that round, and the metric's value is their median.
 */
function merge(rounds: RunnerOutput[]): RunnerOutput {
  const out = emptyOutput();
  const byId = new Map<string, { metric: Metric; values: number[]; rounds: number[] }>();
  rounds.forEach((run, round) => {
    for (const m of run.metrics) {
      const entry = byId.get(m.id) ?? { metric: m, values: [], rounds: [] };
      entry.values.push(m.value);
      entry.rounds.push(round);
      byId.set(m.id, entry);
    }
    for (const note of run.notes) if (!out.notes.includes(note)) out.notes.push(note);
  });
  for (const { metric, values, rounds: index } of byId.values()) {
    const key = `${metric.id}#rounds`;
    const value = estimate({ kind: "median" }, values);
    out.samples[key] = { unit: metric.unit, values, rounds: index };
    out.metrics.push({ ...metric, value, samples: key, estimator: { kind: "mean" }, extra: { ...metric.extra, rounds: values.length } });
  }
  return out;
}

/**
 * Imported results whose `command` re-measures them: the command runs in the
 * base and head checkouts alternately, in a random order every round, and each
 * metric's per-round values pair up. Without a command there is nothing to
 * re-measure: the head's file is read once and judged against the artifact.
 */
export async function pairImport(spec: ImportSpec, ctx: PairContext): Promise<PairedOutput> {
  const out: PairedOutput = { base: emptyOutput(), head: emptyOutput(), rounds: {}, unsettled: [] };
  if (!spec.command) return out;
  const runs: Record<Side, RunnerOutput[]> = { base: [], head: [] };
  const series = new Map<string, PairedSeries>();
  const directions = new Map<string, Metric["direction"]>();
  const { clock } = ctx;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round >= MIN_PAIRS && clock.now() >= clock.deadline) {
      out.unsettled.push(spec.suite ?? spec.format);
      break;
    }
    for (const side of sideOrder(clock.random)) {
      const checkout = ctx.sides[side];
      const run = await runImport(spec, { root: checkout.root, progress: () => {}, only: ctx.only, shard: ctx.shard, env: { ...checkout.env, PERF_GATE_SIDE: side }, cpu: ctx.pinning.cpu });
      runs[side][round] = run;
      for (const m of run.metrics) {
        const s = series.get(m.id) ?? emptySeries();
        s[side].set(round, m.value);
        series.set(m.id, s);
        directions.set(m.id, m.direction);
      }
    }
    ctx.progress(`  ${spec.suite ?? spec.format}: round ${round + 1} of "${spec.command}" on both sides`);
    if (round + 1 >= MIN_PAIRS && [...series].every(([id, s]) => settleState(s, directions.get(id)!, ctx.thresholdOf(id)).settled)) break;
  }
  out.base = merge(runs.base);
  out.head = merge(runs.head);
  for (const m of out.head.metrics) out.rounds[m.id] = runs.head.length;
  return out;
}
