import { mergeCalibrations } from "./calibration.ts";
import type { Comparison, Pairing, Row } from "./comparison.ts";
import { InputError } from "../errors.ts";
import type { Environment, Report } from "./schema.ts";
import { type Shard, shardText } from "./shard.ts";
import { countVerdicts, overallVerdict, sortRows } from "../compare/verdicts.ts";

/** A partial result and the file (or artifact) it came from, for error messages. */
export interface Part<T> {
  source: string;
  value: T;
}

/** What keeps results apart: timings from another OS, CPU architecture or Node version are never mixed. */
export function environmentKey(env: Pick<Environment, "os" | "platform" | "arch" | "node">): string {
  return `${env.platform} ${env.arch} node ${env.node}`;
}

export interface Group<T> {
  /** The environment the group's parts ran in (see environmentKey). */
  key: string;
  parts: Array<Part<T>>;
}

/** Parts grouped by environment, groups in the order they first appear. */
function byEnvironment<T>(parts: ReadonlyArray<Part<T>>, env: (value: T) => Environment): Array<Group<T>> {
  const groups = new Map<string, Array<Part<T>>>();
  for (const part of parts) {
    const key = environmentKey(env(part.value));
    groups.set(key, [...(groups.get(key) ?? []), part]);
  }
  return [...groups].map(([key, grouped]) => ({ key, parts: grouped }));
}

/**
 * The checks every merge makes: one commit and one set for all parts; within
 * an environment, shards of one split, each once, none missing. Throws an
 * InputError naming the part (or the missing shard).
 */
function checkParts<T>(parts: ReadonlyArray<Part<T>>, facts: (value: T) => { commit?: string; set?: string; shard?: Shard; env: Environment }): Array<Group<T>> {
  const first = parts[0];
  if (!first) throw new InputError("merge", "no partial results to merge");
  const ref = facts(first.value);
  for (const part of parts.slice(1)) {
    const f = facts(part.value);
    if (f.commit !== ref.commit) {
      throw new InputError(
        part.source,
        `measured commit ${f.commit?.slice(0, 12) ?? "(unknown)"}, but ${first.source} measured ${ref.commit?.slice(0, 12) ?? "(unknown)"}; shards of one run measure one commit`,
      );
    }
    if (f.set !== ref.set) throw new InputError(part.source, `ran the ${f.set} set, but ${first.source} ran the ${ref.set} set; shards of one run run one set`);
  }
  const groups = byEnvironment(parts, (v) => facts(v).env);
  for (const group of groups) {
    const sharded = group.parts.filter((p) => facts(p.value).shard);
    if (sharded.length === 0) continue;
    const count = facts(sharded[0]!.value).shard!.count;
    const seen = new Map<number, string>();
    for (const part of group.parts) {
      const shard = facts(part.value).shard;
      if (!shard) throw new InputError(part.source, `has no shard, but other parts for ${group.key} are shards of ${count}; merge the shards of one split`);
      if (shard.count !== count) throw new InputError(part.source, `is shard ${shardText(shard)}, but ${sharded[0]!.source} is a shard of ${count}; shards of one split have one count`);
      const other = seen.get(shard.index);
      if (other) throw new InputError(part.source, `is shard ${shardText(shard)}, and so is ${other}; each shard is merged once`);
      seen.set(shard.index, part.source);
    }
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length > 0) {
      const named = missing.map((i) => `${i}/${count}`).join(", ");
      throw new InputError(
        "merge",
        `shard${missing.length === 1 ? "" : "s"} ${named} of ${group.key} ${missing.length === 1 ? "is" : "are"} missing (have ${[...seen.keys()]
          .sort((a, b) => a - b)
          .map((i) => `${i}/${count}`)
          .join(", ")})`,
      );
    }
  }
  return groups;
}

/** Refuses a metric id measured by two parts: shards split the benchmarks, so each id comes from one. */
function refuseDuplicates(ids: Iterable<[string, string]>): void {
  const owner = new Map<string, string>();
  for (const [id, source] of ids) {
    const other = owner.get(id);
    if (other !== undefined) throw new InputError(source, `metric "${id}" is also in ${other}; parts to merge measure different benchmarks`);
    owner.set(id, source);
  }
}

const unique = (lines: readonly string[]): string[] => [...new Set(lines)];

/** Partial Reports in shard order (unsharded ones after, as given). */
function inShardOrder<T extends { shard?: Shard }>(parts: ReadonlyArray<Part<T>>): Array<Part<T>> {
  return [...parts].sort((a, b) => (a.value.shard?.index ?? Infinity) - (b.value.shard?.index ?? Infinity));
}

export interface MergedReport {
  key: string;
  report: Report;
}

/**
 * Combines the partial Reports of one run (shards, or `--only` parts) into one
 * Report per environment. Refuses parts of different commits or sets, a metric
 * id in two parts, and an incomplete or inconsistent set of shards.
 */
export function mergeReports(parts: ReadonlyArray<Part<Report>>): MergedReport[] {
  const groups = checkParts(parts, (r) => ({ commit: r.environment.commit, set: r.set, shard: r.shard, env: r.environment }));
  return groups.map((group) => {
    const ordered = inShardOrder(group.parts);
    refuseDuplicates(ordered.flatMap((p) => p.value.metrics.map((m): [string, string] => [m.id, p.source])));
    const first = ordered[0]!.value;
    const samples: Report["samples"] = {};
    for (const part of ordered) {
      for (const [key, set] of Object.entries(part.value.samples)) {
        if (key in samples) throw new InputError(part.source, `sample set "${key}" is also in another part; parts to merge measure different benchmarks`);
        samples[key] = set;
      }
    }
    const calibrations = ordered.flatMap((p) => (p.value.calibration ? [p.value.calibration] : []));
    const history: Record<string, number[]> = {};
    for (const part of ordered) Object.assign(history, part.value.history);
    // Shards carry their history from the same previous baseline: the longest list of runs is theirs.
    const runs = ordered.map((p) => p.value.runs).reduce((a, b) => ((b?.length ?? 0) > (a?.length ?? 0) ? b : a), undefined);
    const report: Report = {
      schema: first.schema,
      tool: first.tool,
      set: first.set,
      // The earliest start stands for the run.
      environment: ordered.map((p) => p.value.environment).reduce((a, b) => (b.timestamp < a.timestamp ? b : a)),
      calibration: calibrations.length ? mergeCalibrations(...calibrations) : undefined,
      metrics: ordered.flatMap((p) => p.value.metrics),
      samples,
      history: ordered.some((p) => p.value.history) ? history : undefined,
      runs,
      notes: unique(ordered.flatMap((p) => p.value.notes)),
    };
    return { key: group.key, report };
  });
}

/** Pairing of the whole from the shards': paired only when every shard paired. */
function mergePairing(pairings: ReadonlyArray<Pairing | undefined>): Pairing | undefined {
  const known = pairings.filter((p): p is Pairing => p !== undefined);
  if (known.length === 0) return undefined;
  const unavailable = known.find((p) => p.status === "unavailable");
  if (unavailable) return unavailable;
  const paired = known.filter((p): p is Extract<Pairing, { status: "paired" }> => p.status === "paired");
  return {
    status: "paired",
    baseCommit: paired[0]!.baseCommit,
    rounds: [Math.min(...paired.map((p) => p.rounds[0])), Math.max(...paired.map((p) => p.rounds[1]))],
    seconds: Math.round(paired.reduce((s, p) => s + p.seconds, 0) * 10) / 10,
    unsettled: paired.flatMap((p) => p.unsettled),
    unpaired: paired.reduce((s, p) => s + p.unpaired, 0),
    cpu: paired.every((p) => p.cpu === paired[0]!.cpu) ? paired[0]!.cpu : undefined,
  };
}

export interface MergedComparison {
  key: string;
  comparison: Comparison;
}

/**
 * Combines the partial comparisons of a sharded check into one comparison
 * per environment: the rows are disjoint (each shard judged its own
 * benchmarks), so they are joined and the verdict taken over all of them. A
 * metric one shard calls missing (it is in the baseline, not in that shard's
 * run) is missing only if no other shard measured it. False discoveries are
 * controlled within each shard.
 */
export function mergeComparisons(parts: ReadonlyArray<Part<Comparison>>): MergedComparison[] {
  const groups = checkParts(parts, (c) => ({ commit: c.current.commit, shard: c.shard, env: c.current }));
  return groups.map((group) => {
    const ordered = inShardOrder(group.parts);
    const measured = ordered.flatMap((p) => p.value.rows.filter((r) => r.verdict !== "missing").map((r): [string, string] => [r.id, p.source]));
    refuseDuplicates(measured);
    const ids = new Set(measured.map(([id]) => id));
    const missing = new Map<string, Row>();
    for (const part of ordered) for (const row of part.value.rows) if (row.verdict === "missing" && !ids.has(row.id)) missing.set(row.id, row);
    const rows = sortRows([...ordered.flatMap((p) => p.value.rows.filter((r) => r.verdict !== "missing")), ...missing.values()]);
    const first = ordered[0]!.value;
    const scored = ordered.filter((p) => p.value.score !== undefined);
    const budgeted = rows.filter((r) => r.budget);
    const comparison: Comparison = {
      schema: first.schema,
      verdict: overallVerdict(rows),
      threshold: first.threshold,
      counts: countVerdicts(rows),
      rows,
      notes: unique(ordered.flatMap((p) => p.value.notes)),
      score: scored.length && budgeted.length ? Math.round((100 * budgeted.filter((r) => r.budget!.met).length) / budgeted.length) : undefined,
      baseline: first.baseline,
      current: first.current,
      pairing: mergePairing(ordered.map((p) => p.value.pairing)),
      artifactBaseline: first.artifactBaseline,
    };
    return { key: group.key, comparison };
  });
}
