import { describe, expect, it } from "vitest";
import { parseReport, parseWith } from "../src/files.ts";
import { Report } from "../src/report.ts";
import { checkReport } from "../src/report-checks.ts";
import { plainSampleRecord } from "../src/sample-records.ts";
import { pinnedReports } from "./helpers/seeded-reports.ts";
import { guardReports } from "./helpers/stats-guard.ts";

/** What the Report schema alone makes of some data: the Report as JSON text, or the error's message. */
function bySchema(data: unknown): string {
  try {
    const report = parseWith(Report, data, "r.json", "Report");
    checkReport(report, "r.json");
    return JSON.stringify(report);
  } catch (error) {
    return (error as Error).message;
  }
}

function byParseReport(data: unknown): string {
  try {
    return JSON.stringify(parseReport(data, "r.json"));
  } catch (error) {
    return (error as Error).message;
  }
}

describe("sample sets checked in plain loops", () => {
  const [base, current] = guardReports();
  const plain = (r: unknown) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>;

  it("give the schema's very Reports (same keys, same order)", () => {
    for (const report of [base, current, ...pinnedReports()]) {
      const data = plain(report);
      expect(plainSampleRecord(data.samples)).toBeDefined();
      expect(byParseReport(data)).toBe(bySchema(data));
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
      expect(byParseReport(withVariant), name).toBe(bySchema(withVariant));
    }
    // A key named __proto__ (JSON.parse makes it an own key).
    const proto = JSON.parse(JSON.stringify(data).replace('"samples":{', '"samples":{"__proto__":{"unit":"ms","values":[1]},')) as unknown;
    expect(byParseReport(proto)).toBe(bySchema(proto));
  });
});
