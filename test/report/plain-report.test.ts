import { describe, expect, it } from "vitest";
import { parseReport, parseWith } from "../../src/report/parse.ts";
import { Report } from "../../src/report/schema.ts";
import { checkReport } from "../../src/report/checks.ts";
import { plainMetrics, plainSampleRecord } from "../../src/report/plain-report.ts";
import { pinnedReports } from "../helpers/seeded-reports.ts";
import { guardReports } from "../helpers/stats-guard.ts";

/** What the Report schema alone makes of some data: the Report (and its JSON text, which shows key order), or the error's message. */
function bySchema(data: unknown): unknown {
  try {
    const report = parseWith(Report, data, "r.json", "Report");
    checkReport(report, "r.json");
    return { report, text: JSON.stringify(report) };
  } catch (error) {
    return (error as Error).message;
  }
}

function byParseReport(data: unknown): unknown {
  try {
    const report = parseReport(data, "r.json");
    return { report, text: JSON.stringify(report) };
  } catch (error) {
    return (error as Error).message;
  }
}

describe("metrics and sample sets checked in plain code", () => {
  const [base, current] = guardReports();
  const plain = (r: unknown) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>;

  it("give the schema's very Reports (same keys, same order)", () => {
    for (const report of [base, current, ...pinnedReports()]) {
      const data = plain(report);
      expect(plainSampleRecord(data.samples)).toBeDefined();
      expect(plainMetrics(data.metrics)).toBeDefined();
      expect(byParseReport(data)).toStrictEqual(bySchema(data));
    }
  });

  it("give way to the schema, and its words, for anything else", () => {
    const data = plain(pinnedReports()[0]);
    const samples = data.samples as Record<string, Record<string, unknown>>;
    const key = Object.keys(samples)[0]!;
    const set = samples[key]!;
    const variants: Record<string, unknown> = {
      "extra keys (stripped)": { ...samples, [key]: { ...set, note: "x", blocks: (set.rounds as number[]).map(() => 0) } },
      "no unit": { ...samples, [key]: { ...set, unit: undefined } },
      "empty unit": { ...samples, [key]: { ...set, unit: "" } },
      "long unit": { ...samples, [key]: { ...set, unit: "u".repeat(33) } },
      "a value that is text": { ...samples, [key]: { ...set, values: ["1", ...(set.values as number[]).slice(1)] } },
      "values not a list": { ...samples, [key]: { ...set, values: 3 } },
      "a negative round": { ...samples, [key]: { ...set, rounds: [-1, ...(set.rounds as number[]).slice(1)] } },
      "a fractional block": { ...samples, [key]: { ...set, blocks: (set.rounds as number[]).map(() => 0.5) } },
      "rounds given as undefined": { ...samples, [key]: { ...set, rounds: undefined } },
      "an empty key": { ...samples, "": set },
      "a long key": { ...samples, ["k".repeat(513)]: set },
      "a set that is a list": { ...samples, [key]: [set] },
      "samples as a list": [set],
      "samples null": null,
      "no samples": undefined,
    };
    for (const [name, variant] of Object.entries(variants)) {
      const withVariant = { ...data, samples: variant };
      if (variant === undefined) delete withVariant.samples;
      expect(byParseReport(withVariant), name).toStrictEqual(bySchema(withVariant));
    }
    // A key named __proto__ (JSON.parse makes it an own key).
    const proto = JSON.parse(JSON.stringify(data).replace('"samples":{', '"samples":{"__proto__":{"unit":"ms","values":[1]},')) as unknown;
    expect(byParseReport(proto)).toStrictEqual(bySchema(proto));
  });

  it("give the schema's metrics, and its words, for every kind of metric", () => {
    const data = plain(pinnedReports()[0]);
    const metrics = data.metrics as Array<Record<string, unknown>>;
    const first = metrics[0]!;
    const variants: Record<string, Record<string, unknown>> = {
      "extra facts": { ...first, extra: { note: "x", count: 3, ok: true } },
      "an unknown key (stripped)": { ...first, colour: "red" },
      "no samples or estimator": { ...first, samples: undefined, estimator: undefined },
      "samples given as undefined": { ...first, samples: undefined },
      "estimator with an unknown key": { ...first, estimator: { kind: "mean", extra: 1 } },
      quantile: { ...first, estimator: { kind: "quantile", q: 0.9 } },
      "quantile out of range": { ...first, estimator: { kind: "quantile", q: 1 } },
      rate: { ...first, estimator: { kind: "rate", scale: 1000 } },
      "rate of zero scale": { ...first, estimator: { kind: "rate", scale: 0 } },
      "unknown estimator": { ...first, estimator: { kind: "mode" } },
      "unknown kind": { ...first, kind: "gpu" },
      "unknown direction": { ...first, direction: "sideways" },
      "value as text": { ...first, value: "1" },
      "empty id": { ...first, id: "" },
      "long stat": { ...first, stat: "s".repeat(513) },
      "long unit": { ...first, unit: "u".repeat(33) },
      "a list": [first] as unknown as Record<string, unknown>,
    };
    for (const [name, variant] of Object.entries(variants)) {
      const withVariant = { ...data, metrics: [variant, ...metrics.slice(1)] };
      expect(byParseReport(withVariant), name).toStrictEqual(bySchema(withVariant));
    }
    const infinite = JSON.parse(JSON.stringify(data).replace(/"value":[^,}]+/, '"value":1e999')) as unknown;
    expect(byParseReport(infinite)).toStrictEqual(bySchema(infinite));
    const noMetrics = { ...data, metrics: undefined };
    expect(byParseReport(noMetrics)).toStrictEqual(bySchema(noMetrics));
  });
});
