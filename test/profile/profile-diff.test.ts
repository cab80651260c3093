// Pure parts of "where the time went": attribution of V8 profiles to
// functions, the head-against-base diff, the bottleneck rules and their wording.
import { describe, expect, it } from "vitest";
import { findBottlenecks } from "../../src/compare/bottlenecks.ts";
import { COMPARISON_SCHEMA, type Comparison, type Row } from "../../src/report/comparison.ts";
import { attributeCpu, attributeHeap } from "../../src/profile/attribute.ts";
import { diffProfiles } from "../../src/profile/diff.ts";
import type { CpuProfile, HeapProfile } from "../../src/profile/v8-profile.ts";
import { bottleneckLines } from "../../src/render/bottlenecks.ts";
import { cpuLine } from "../../src/render/hot-paths.ts";

const ROOT = "/repo/";
type Frame = { name: string; url: string; line: number };
const frame = (name: string, url = "", line = 0): Frame => ({ name, url, line });

/** A CPU profile from stacks (root first) and the microseconds spent at each. */
function cpuProfile(stacks: Array<[Frame[], number]>): CpuProfile {
  const nodes: CpuProfile["nodes"] = [{ id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1, columnNumber: -1, scriptId: "0" }, children: [] }];
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const [stack, us] of stacks) {
    let parent = nodes[0]!;
    for (const f of stack) {
      let child = (parent.children ?? []).map((id) => nodes.find((n) => n.id === id)!).find((n) => n.callFrame.functionName === f.name && n.callFrame.url === f.url);
      if (!child) {
        child = { id: nodes.length + 1, callFrame: { functionName: f.name, url: f.url, lineNumber: f.line, columnNumber: 0, scriptId: "1" }, children: [] };
        nodes.push(child);
        parent.children!.push(child.id);
      }
      parent = child;
    }
    // Samples of 100 µs each.
    for (let t = 0; t < us; t += 100) {
      samples.push(parent.id);
      timeDeltas.push(100);
    }
  }
  return { nodes, startTime: 0, endTime: timeDeltas.reduce((a, b) => a + b, 0), samples, timeDeltas };
}

const main = frame("main", "file:///repo/bench.js", 0);
const stats = frame("wordStats", "file:///repo/lib/text.js", 50);
const normalize = frame("normalize", "file:///repo/lib/text.js", 1);
const tokenize = frame("tokenize", "file:///repo/lib/text.js", 14);
const split = frame("split");
const lodash = frame("chunk", "file:///repo/node_modules/lodash/chunk.js", 3);
const internal = frame("emit", "node:events", 10);
const cache = frame("slugifyCache", "file:///repo/lib/text.js", 39);

describe("attribution", () => {
  it("counts self and total time per function, folds V8 built-ins into their caller, groups packages and Node internals", () => {
    const a = attributeCpu(
      [
        cpuProfile([
          [[main, stats, normalize], 4000],
          [[main, stats, tokenize, split], 2000],
          [[main, lodash], 1000],
          [[main, internal], 500],
          [[frame("(garbage collector)")], 300],
          [[frame("(idle)")], 10_000],
        ]),
      ],
      [ROOT],
    );
    const byName = new Map([...a.costs.values()].map((c) => [c.ref.name, c]));
    expect(byName.get("normalize")).toMatchObject({ self: 4, total: 4, ref: { file: "lib/text.js", line: 2, group: "app" } });
    // split is a V8 built-in: its time is tokenize's.
    expect(byName.get("tokenize")).toMatchObject({ self: 2, total: 2 });
    expect(byName.get("wordStats")).toMatchObject({ self: 0, total: 6 });
    expect(byName.get("lodash")).toMatchObject({ self: 1, ref: { group: "node_modules" } });
    expect(byName.get("(node internals)")).toMatchObject({ self: 0.5, ref: { group: "node" } });
    expect(byName.get("(garbage collector)")?.self).toBeCloseTo(0.3);
    // Idle is not work.
    expect(a.total).toBeCloseTo(7.8);
  });

  it("attributes sampled allocations to their sites", () => {
    const heap: HeapProfile = {
      head: {
        callFrame: { functionName: "(root)", url: "", lineNumber: -1, columnNumber: -1 },
        selfSize: 0,
        id: 1,
        children: [{ callFrame: { functionName: "remember", url: "file:///repo/lib/cache.js", lineNumber: 1, columnNumber: 0 }, selfSize: 65_536, id: 2, children: [] }],
      },
    };
    const a = attributeHeap([heap], [ROOT]);
    expect([...a.costs.values()].find((c) => c.ref.name === "remember")).toMatchObject({ self: 65_536, ref: { file: "lib/cache.js", line: 2 } });
  });
});

describe("diff of head against base", () => {
  const base = cpuProfile([
    [[main, stats, normalize], 2000],
    [[main, stats, tokenize], 2000],
  ]);
  const head = cpuProfile([
    [[main, stats, normalize], 8000],
    [[main, stats, tokenize], 2100],
    [[main, stats, cache], 1000],
  ]);
  const diff = diffProfiles({ attribution: attributeCpu([base], [ROOT]), operations: 100 }, { attribution: attributeCpu([head], [ROOT]), operations: 100 }, "ms", "op");

  it("per operation: names the function that grew most first, with its share, and what is new in the head", () => {
    expect(diff.added).toBeCloseTo(0.071, 4);
    expect(diff.functions[0]).toMatchObject({ name: "normalize", file: "lib/text.js", line: 2 });
    expect(diff.functions[0]!.share).toBeCloseTo(6 / 7.1);
    // tokenize grew by 1% of the growth: below the cut, left out.
    expect(diff.functions.map((f) => f.name)).toEqual(["normalize", "slugifyCache"]);
    expect(diff.newInHead.map((f) => f.name)).toEqual(["slugifyCache"]);
  });

  it("words it in one line: the added time, shares and locations, with links in markdown", () => {
    expect(cpuLine(diff, { markdown: false })).toBe("+71 µs/op: 85% in normalize (lib/text.js:2), 14% in slugifyCache (lib/text.js:40); new in head: slugifyCache (lib/text.js:40)");
    const md = cpuLine(diff, { markdown: true, blobBase: "https://github.com/o/r/blob/abc/" })!;
    expect(md).toContain("85% in `normalize` ([lib/text.js:2](https://github.com/o/r/blob/abc/lib/text.js#L2))");
  });

  it("keeps untrusted names from breaking the table", () => {
    const odd = { ...diff, functions: [{ ...diff.functions[0]!, name: "a|b`c" }], newInHead: [] };
    expect(cpuLine(odd, { markdown: true })).toContain("`a\\|b c`");
  });
});

function row(over: Partial<Row>): Row {
  return { id: "s/b.p50", suite: "s", benchmark: "b", stat: "p50", kind: "http", unit: "ms", direction: "lower-is-better", threshold: 10, verdict: "unchanged", ...over };
}

function comparison(rows: Row[]): Comparison {
  return {
    schema: COMPARISON_SCHEMA,
    verdict: "fail",
    threshold: 10,
    counts: { regression: 0, "over-budget": 0, inconclusive: 0, improvement: 0, new: 0, missing: 0, unchanged: 0 },
    rows,
    notes: [],
    current: { node: "v24", os: "Linux", platform: "linux", arch: "x64", cpuModel: "x", cores: 2, memoryBytes: 1, timestamp: "2026-01-01T00:00:00Z" },
  };
}

describe("bottlenecks", () => {
  it("gives every regression and broken budget a severity by how far past its threshold or target it is", () => {
    const found = findBottlenecks(
      comparison([
        row({ id: "s/a.p50", verdict: "regression", baseline: 10, current: 11.5 }),
        row({ id: "s/b.p50", verdict: "regression", baseline: 10, current: 13 }),
        row({ id: "s/c.rps", stat: "rps", unit: "req/s", direction: "higher-is-better", verdict: "regression", baseline: 1000, current: 700 }),
        row({ id: "s/d.p95", stat: "p95", verdict: "over-budget", current: 210, budget: { text: "< 200 ms", met: false } }),
        row({ id: "s/e.p95", stat: "p95", verdict: "over-budget", current: 0.5, budget: { text: "< 200 µs", met: false } }),
      ]),
    );
    expect(found.map((b) => [b.component, b.issue, b.severity])).toEqual([
      ["s/a.p50", "regression", "warning"],
      ["s/b.p50", "regression", "critical"],
      ["s/c.rps", "regression", "critical"],
      ["s/d.p95", "over-budget", "warning"],
      ["s/e.p95", "over-budget", "critical"],
    ]);
    expect(found[4]!.target).toBeCloseTo(0.2);
  });

  it("judges a paired regression by its paired change, not by the ratio of the two means", () => {
    const [b] = findBottlenecks(comparison([row({ id: "s/a.mean", stat: "mean", verdict: "regression", baseline: 10, current: 9.5, change: 0.25 })]));
    expect(b).toMatchObject({ issue: "regression", severity: "critical", target: 10, unit: "%" });
    expect(bottleneckLines({ ...comparison([]), bottlenecks: [b!] }, true)).toEqual(["🔴 **critical** `s/a.mean`: +25.0% worse, threshold 10%"]);
  });

  it("adds hints only where the data supports them", () => {
    const quiet = findBottlenecks(
      comparison([row({ id: "s/x.p50", current: 2 }), row({ id: "s/x.p99", stat: "p99", current: 4 }), row({ id: "s/x.errors", stat: "errors", unit: "%", baseline: 0, current: 0 })]),
    );
    expect(quiet).toEqual([]);
    const loud = findBottlenecks(
      comparison([
        row({ id: "s/x.p50", current: 2 }),
        row({ id: "s/x.p99", stat: "p99", current: 25 }),
        row({ id: "s/x.errors", stat: "errors", unit: "%", baseline: 0, current: 3 }),
        row({ id: "s/x.rps", stat: "rps", unit: "req/s", direction: "higher-is-better", verdict: "regression", baseline: 1000, current: 850 }),
        row({ id: "s/x.cpu", stat: "cpu", unit: "%", baseline: 97, current: 98 }),
        row({ id: "s/server.heap-growth", benchmark: "server", stat: "heap-growth", kind: "memory", unit: "B", baseline: 0, current: 2_000_000, verdict: "regression" }),
      ]),
    );
    expect(loud.map((b) => b.issue).sort()).toEqual(["cpu-saturated", "errors-under-load", "leak", "regression", "regression", "tail-latency"]);
    const lines = bottleneckLines({ ...comparison([]), bottlenecks: loud }, false);
    expect(lines[0]).toMatch(/^critical /);
    expect(lines.join("\n")).toContain("tail variance: p99 is 12.5× p50");
    expect(lines.join("\n")).toContain("throughput fell while the server's CPU was saturated (98% of a core)");
  });
});
