import type { Attribution, Cost } from "./attribute.ts";
import { refKey } from "./frames.ts";
import type { FunctionChange, FunctionRef, ProfileDiff } from "./schema.ts";

/** A function carrying more than this part of the added cost is a hot path. */
export const HOT_PATH_SHARE = 0.2;
/** Functions below this part of the added cost are left out of the list. */
const MIN_SHARE = 0.03;
/** A function new in the head is named when it takes at least this part of the head's cost. */
const NEW_MIN_PART = 0.02;
const MAX_FUNCTIONS = 8;

export interface Side {
  attribution: Attribution;
  /** Operations (calls or requests) the profile covered. */
  operations: number;
}

/**
 * Head against base, per operation: each function's self cost per operation
 * on both sides, the functions whose cost grew (share of the summed growth,
 * most first) and the functions only the head's profile has. Shares are of
 * the growth of the functions that grew, so they sum to one whatever noise
 * made some other function look cheaper. Pure.
 */
export function diffProfiles(base: Side, head: Side, unit: ProfileDiff["unit"], per: ProfileDiff["per"]): ProfileDiff {
  const b = Math.max(1, base.operations);
  const h = Math.max(1, head.operations);
  const keys = new Set([...base.attribution.costs.keys(), ...head.attribution.costs.keys()]);
  const changes: Array<Omit<FunctionChange, "share">> = [];
  const zero: Cost = { ref: { name: "", group: "engine" }, self: 0, total: 0 };
  for (const key of keys) {
    const inBase = base.attribution.costs.get(key);
    const inHead = head.attribution.costs.get(key);
    // The head's location: that is the code the author is looking at.
    const ref: FunctionRef = (inHead ?? inBase)!.ref;
    const baseCost = (inBase ?? zero).self / b;
    const headCost = (inHead ?? zero).self / h;
    changes.push({ ...ref, base: baseCost, head: headCost, added: headCost - baseCost, newInHead: !inBase });
  }
  const grew = changes.filter((c) => c.added > 0);
  const growth = grew.reduce((s, c) => s + c.added, 0);
  const functions = grew
    .map((c) => ({ ...c, share: growth > 0 ? c.added / growth : 0 }))
    .filter((c) => c.share >= MIN_SHARE)
    .sort((x, y) => y.added - x.added)
    .slice(0, MAX_FUNCTIONS);
  const headTotal = head.attribution.total / h;
  const newInHead = changes
    .filter((c) => c.newInHead && c.head > 0 && headTotal > 0 && c.head / headTotal >= NEW_MIN_PART && c.group !== "engine")
    .sort((x, y) => y.head - x.head)
    .slice(0, 4)
    .map(({ name, file, line, group }): FunctionRef => ({ name, file, line, group }));
  const baseTotal = base.attribution.total / b;
  return {
    unit,
    per,
    base: baseTotal,
    head: headTotal,
    added: headTotal - baseTotal,
    functions,
    newInHead,
    operations: { base: base.operations, head: head.operations },
    samples: { base: base.attribution.samples, head: head.attribution.samples },
  };
}

/** The hot paths of a diff: functions carrying more than HOT_PATH_SHARE of the added cost. */
export function hotPaths(diff: ProfileDiff): FunctionChange[] {
  return diff.functions.filter((f) => f.share > HOT_PATH_SHARE);
}

/**
 * The project's functions (or dependencies) whose retained memory grows in the
 * head by at least `minBytes` per operation, when the head keeps that much more
 * in all: a likely leak's sites. Node's and V8's own caches are not a leak.
 */
export function growingSites(retained: ProfileDiff, minBytes: number): FunctionChange[] {
  if (retained.added < minBytes) return [];
  return retained.functions.filter((f) => f.added >= minBytes && (f.group === "app" || f.group === "node_modules"));
}

export { refKey };
