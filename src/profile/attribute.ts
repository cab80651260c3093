import type { FunctionRef } from "./schema.ts";
import { BUILTINS, frameRef, NOT_WORK, refKey } from "./frames.ts";
import type { CpuProfile, HeapNode, HeapProfile } from "./v8-profile.ts";

/** One function's cost in a profile: self (in the function itself) and total (with what it called). */
export interface Cost {
  ref: FunctionRef;
  self: number;
  total: number;
}

/** Costs per function key, and their sum over the frames that are work (idle and the root left out). */
export interface Attribution {
  costs: Map<string, Cost>;
  total: number;
  samples: number;
}

/** A call tree with costs merged by function along each path: what a flame graph draws. */
export interface CallTree {
  ref: FunctionRef;
  self: number;
  children: Map<string, CallTree>;
}

export function emptyTree(ref: FunctionRef = { name: "(all)", group: "engine" }): CallTree {
  return { ref, self: 0, children: new Map() };
}

interface FlatNode {
  id: number;
  parent?: number;
  ref: FunctionRef;
  key: string;
  self: number;
}

/** Moves the cost of V8 built-ins (String.prototype.split, ...) to the function that called them. */
function foldBuiltins(nodes: FlatNode[]): FlatNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) {
    if (node.ref.name !== BUILTINS || node.self === 0) continue;
    let at = node.parent === undefined ? undefined : byId.get(node.parent);
    while (at && at.ref.name === BUILTINS) at = at.parent === undefined ? undefined : byId.get(at.parent);
    if (!at) continue;
    at.self += node.self;
    node.self = 0;
  }
  return nodes;
}

function attributeNodes(all: FlatNode[], samples: number): Attribution {
  const nodes = foldBuiltins(all);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const costs = new Map<string, Cost>();
  let total = 0;
  for (const node of nodes) {
    if (node.self === 0) continue;
    if (!NOT_WORK.has(node.ref.name) || node.ref.group !== "engine") total += node.self;
    else continue;
    // Total time: once per function on the path, so recursion is not counted twice.
    const seen = new Set<string>();
    for (let at: FlatNode | undefined = node; at; at = at.parent === undefined ? undefined : byId.get(at.parent)) {
      if (at.ref.group === "engine" && at.ref.name === "(root)") break;
      const cost = costs.get(at.key) ?? { ref: at.ref, self: 0, total: 0 };
      if (at === node) cost.self += node.self;
      if (!seen.has(at.key)) cost.total += node.self;
      seen.add(at.key);
      costs.set(at.key, cost);
    }
  }
  return { costs, total, samples };
}

/** The typical time between samples (µs): the median gap, i.e. the sampling interval while the process ran. */
function sampleInterval(profile: CpuProfile): number {
  const gaps = profile.timeDeltas.filter((d) => d > 0).sort((a, b) => a - b);
  return gaps.length ? gaps[gaps.length >> 1]! : 0;
}

/**
 * Self time of each node of a CPU profile, in milliseconds: its samples times
 * the sampling interval. Not the gaps themselves: on a busy machine a process
 * waiting for a CPU shows as one long gap charged to whatever ran last, while
 * samples are taken only while it runs, so their count follows the CPU it got.
 */
function cpuNodes(profile: CpuProfile, roots: readonly string[]): FlatNode[] {
  const selfUs = new Map<number, number>();
  const interval = sampleInterval(profile);
  for (const id of profile.samples) selfUs.set(id, (selfUs.get(id) ?? 0) + interval);
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  return profile.nodes.map((n) => {
    const ref = frameRef(n.callFrame, roots);
    return { id: n.id, parent: parents.get(n.id), ref, key: refKey(ref), self: (selfUs.get(n.id) ?? 0) / 1000 };
  });
}

function heapNodes(profile: HeapProfile, roots: readonly string[]): FlatNode[] {
  const out: FlatNode[] = [];
  const walk = (node: HeapNode, parent: number | undefined) => {
    const ref = frameRef(node.callFrame, roots);
    out.push({ id: node.id, parent, ref, key: refKey(ref), self: node.selfSize });
    for (const child of node.children) walk(child, node.id);
  };
  walk(profile.head, undefined);
  return out;
}

/** CPU time (ms) per function of one or more profiles of the same side (e.g. one per server process). */
export function attributeCpu(profiles: readonly CpuProfile[], roots: readonly string[]): Attribution {
  return mergeAttributions(profiles.map((p) => attributeNodes(cpuNodes(p, roots), p.samples.length)));
}

/** Sampled bytes per allocation site of one or more heap profiles. */
export function attributeHeap(profiles: readonly HeapProfile[], roots: readonly string[]): Attribution {
  return mergeAttributions(profiles.map((p) => attributeNodes(heapNodes(p, roots), 0)));
}

function mergeAttributions(parts: Attribution[]): Attribution {
  const costs = new Map<string, Cost>();
  for (const part of parts) {
    for (const [key, cost] of part.costs) {
      const into = costs.get(key);
      if (into) {
        into.self += cost.self;
        into.total += cost.total;
      } else costs.set(key, { ...cost });
    }
  }
  return { costs, total: parts.reduce((s, p) => s + p.total, 0), samples: parts.reduce((s, p) => s + p.samples, 0) };
}

function addPath(tree: CallTree, all: FlatNode[]): void {
  const nodes = foldBuiltins(all);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) {
    if (node.self === 0 || (node.ref.group === "engine" && NOT_WORK.has(node.ref.name))) continue;
    const path: FlatNode[] = [];
    for (let at: FlatNode | undefined = node; at; at = at.parent === undefined ? undefined : byId.get(at.parent)) {
      if (at.ref.group === "engine" && at.ref.name === "(root)") break;
      path.unshift(at);
    }
    let into = tree;
    for (const step of path) {
      let next = into.children.get(step.key);
      if (!next) into.children.set(step.key, (next = emptyTree(step.ref)));
      into = next;
    }
    into.self += node.self;
  }
}

/** The call tree of CPU profiles with nodes of the same function along the same path merged. */
export function cpuTree(profiles: readonly CpuProfile[], roots: readonly string[]): CallTree {
  const tree = emptyTree();
  for (const p of profiles) addPath(tree, cpuNodes(p, roots));
  return tree;
}
