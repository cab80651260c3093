import { parseBudget } from "./budget.ts";
import type { Bottleneck, Comparison, Row } from "../report/comparison.ts";
import { convert } from "../report/units.ts";

/** p99 this many times p50 (or more) in the head is tail variance. */
export const TAIL_RATIO = 5;
/** Server CPU at or above this percent (of one core) is saturated. */
export const CPU_SATURATED = 90;
/** Garbage collection carrying more than this part of the added CPU time is worth a hint. */
const GC_SHARE = 0.2;

type Severity = Bottleneck["severity"];

/** How far a value went the wrong way, relative to `from` (positive: worse). */
function worse(value: number, from: number, direction: Row["direction"]): number {
  if (from === 0) return value === 0 ? 0 : Number.POSITIVE_INFINITY;
  const change = value / from - 1;
  return direction === "lower-is-better" ? change : -change;
}

/**
 * A regression is critical once its change (the paired estimate where there is
 * one) is twice its threshold. `current` and `target` are the degradation and
 * the threshold, in percent.
 */
function regression(row: Row): Bottleneck | undefined {
  const change =
    row.change !== undefined
      ? row.direction === "lower-is-better"
        ? row.change
        : -row.change
      : row.baseline !== undefined && row.current !== undefined
        ? worse(row.current, row.baseline, row.direction)
        : undefined;
  if (change === undefined || Number.isNaN(change)) return undefined;
  const severity: Severity = change >= 2 * (row.threshold / 100) ? "critical" : "warning";
  // From zero, the change has no size: critical, without a figure.
  return { component: row.id, issue: "regression", severity, current: Number.isFinite(change) ? 100 * change : undefined, target: row.threshold, unit: "%" };
}

/** A broken budget is critical once it is past its target by more than the metric's threshold. */
function overBudget(row: Row): Bottleneck | undefined {
  if (!row.budget || row.current === undefined) return undefined;
  let target: number | undefined;
  try {
    const budget = parseBudget(row.id, row.budget.text, "budget");
    target = budget.unit === undefined ? budget.limit : convert(budget.limit, budget.unit, row.unit);
  } catch {
    target = undefined;
  }
  const direction: Row["direction"] = /^\s*</.test(row.budget.text) ? "lower-is-better" : "higher-is-better";
  const severity: Severity = target !== undefined && worse(row.current, target, direction) > row.threshold / 100 ? "critical" : "warning";
  return { component: row.id, issue: "over-budget", severity, current: row.current, target, unit: row.unit };
}

const scenarioOf = (row: Row) => `${row.suite}/${row.benchmark}`;

/**
 * Bottlenecks of a comparison, each with a severity: every regression and
 * broken budget, and the hints the data supports (a leak: heap rising every
 * round, with the allocation sites that grow; garbage collection carrying
 * the added time; p99 far above p50; errors or timeouts that the base did not
 * have; throughput falling while the server's CPU is saturated). Pure.
 */
export function findBottlenecks(c: Comparison): Bottleneck[] {
  const out: Bottleneck[] = [];
  const byId = new Map(c.rows.map((r) => [r.id, r]));
  for (const row of c.rows) {
    const found = row.verdict === "regression" ? regression(row) : row.verdict === "over-budget" ? overBudget(row) : undefined;
    if (found) out.push(found);
  }
  for (const row of c.rows) {
    // Leak: the memory runner reports growth only when idle memory rose after every round.
    if (row.kind === "memory" && /-growth$/.test(row.stat) && (row.current ?? 0) > 0) {
      const sites = c.profiles?.benchmarks.filter((b) => b.benchmark.startsWith(`${row.suite}/`)).flatMap((b) => b.leak ?? []) ?? [];
      const severity: Severity = row.verdict === "regression" || row.verdict === "over-budget" ? "critical" : "warning";
      out.push({ component: row.id, issue: "leak", severity, current: row.current, unit: row.unit, sites: sites.slice(0, 3).map(({ name, file, line, group }) => ({ name, file, line, group })) });
    }
    if (row.stat === "gc-time" && row.verdict === "regression") out.push({ component: row.id, issue: "gc", severity: "warning", current: row.current, target: row.baseline, unit: row.unit });
    if ((row.stat === "errors" || row.stat === "timeouts") && (row.current ?? 0) > 0 && !(row.baseline && row.baseline > 0)) {
      out.push({ component: row.id, issue: "errors-under-load", severity: (row.current ?? 0) >= 1 ? "critical" : "warning", current: row.current, target: 0, unit: row.unit });
    }
    if (row.kind === "http" && row.stat === "p99") {
      // Tail variance the head brought: p99 far above p50, and further than in the base (a busy runner has a long tail on both).
      const p50 = byId.get(row.id.replace(/\.p99$/, ".p50"));
      const ratio = p50?.current && row.current !== undefined ? row.current / p50.current : undefined;
      const before = p50?.baseline && row.baseline !== undefined ? row.baseline / p50.baseline : undefined;
      if (ratio !== undefined && ratio >= TAIL_RATIO && (before === undefined || ratio >= 1.5 * before)) {
        out.push({ component: row.id, issue: "tail-latency", severity: "warning", current: ratio, target: TAIL_RATIO, unit: "×" });
      }
    }
    if (row.kind === "http" && row.stat === "rps" && row.verdict === "regression") {
      const cpu = byId.get(row.id.replace(/\.rps$/, ".cpu"))?.current;
      if (cpu !== undefined && cpu >= CPU_SATURATED) out.push({ component: scenarioOf(row), issue: "cpu-saturated", severity: "critical", current: cpu, target: CPU_SATURATED, unit: "%" });
    }
  }
  // Profiles: garbage collection carrying the added time, and functions whose kept memory grows.
  for (const profile of c.profiles?.benchmarks ?? []) {
    const gc = profile.cpu?.functions.find((f) => f.group === "engine" && f.name === "(garbage collector)");
    if (gc && gc.share > GC_SHARE) out.push({ component: profile.benchmark, issue: "gc", severity: "warning", current: gc.head, target: gc.base, unit: `ms/${profile.cpu!.per}` });
    if (profile.leak?.length && !out.some((b) => b.issue === "leak" && b.component.startsWith(profile.benchmark.split("/")[0]! + "/"))) {
      out.push({ component: profile.benchmark, issue: "leak", severity: "warning", sites: profile.leak.slice(0, 3).map(({ name, file, line, group }) => ({ name, file, line, group })) });
    }
  }
  return out;
}

/** The comparison with its bottlenecks; rows keep their own severity too. */
export function withBottlenecks(c: Comparison): Comparison {
  const bottlenecks = findBottlenecks(c);
  const severity = new Map(bottlenecks.filter((b) => b.issue === "regression" || b.issue === "over-budget").map((b) => [b.component, b.severity]));
  const rows = c.rows.map((r) => (severity.has(r.id) ? { ...r, severity: severity.get(r.id) } : r));
  return { ...c, rows, bottlenecks };
}
