import type { Metric, Report, SampleSet } from "../report.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * One Report from several rounds of the same benchmarks: sample sets are
 * concatenated with each value's round recorded, and each metric's value is
 * the median of its per-round values (robust to one disturbed round).
 */
export function mergeRounds(reports: Report[]): Report {
  const first = reports[0];
  if (!first) throw new Error("mergeRounds needs at least one Report");
  const values = new Map<string, number[]>();
  const metrics = new Map<string, Metric>();
  const samples: Record<string, SampleSet> = {};
  // Next free round index per sample set, so rounds stay distinct across Reports.
  const nextRound = new Map<string, number>();
  for (const report of reports) {
    for (const m of report.metrics) {
      if (!metrics.has(m.id)) metrics.set(m.id, m);
      values.set(m.id, [...(values.get(m.id) ?? []), m.value]);
    }
    for (const [key, set] of Object.entries(report.samples)) {
      const into = (samples[key] ??= { unit: set.unit, values: [], rounds: [] });
      const offset = nextRound.get(key) ?? 0;
      const rounds = set.rounds ?? set.values.map(() => 0);
      // Loops, not push(...spread): sample sets can be long enough to overflow the stack.
      for (const v of set.values) into.values.push(v);
      let last = 0;
      for (const r of rounds) {
        into.rounds!.push(offset + r);
        if (r > last) last = r;
      }
      nextRound.set(key, offset + last + 1);
    }
  }
  return {
    ...first,
    metrics: [...metrics.values()].map((m) => ({ ...m, value: median(values.get(m.id)!) })),
    samples,
    notes: [...new Set(reports.flatMap((r) => r.notes))],
  };
}
