import { describe, expect, it } from "vitest";
import { parseReport } from "../../src/report/parse.ts";
import { pinnedReports } from "../helpers/seeded-reports.ts";

describe("sample arrays in a Report", () => {
  const [report] = pinnedReports();
  const key = Object.keys(report.samples)[0]!;
  const withSet = (set: Record<string, unknown>) => JSON.parse(JSON.stringify({ ...report, samples: { ...report.samples, [key]: { ...report.samples[key], ...set } } })) as unknown;

  it("keeps the parsed arrays as they were read", () => {
    const data = withSet({});
    const parsed = parseReport(data, "r.json");
    expect(parsed.samples[key]!.values).toStrictEqual(report.samples[key]!.values);
    expect(parsed.samples[key]!.rounds).toStrictEqual(report.samples[key]!.rounds);
  });

  it("names the field and index of a value that is not a finite number", () => {
    const values: unknown[] = [...report.samples[key]!.values];
    values[3] = "7";
    expect(() => parseReport(withSet({ values }), "r.json")).toThrow(`r.json: not a valid Report: samples.${key}.values[3]: must be a finite number`);
    // JSON spells an infinite number as 1e999.
    const text = JSON.stringify(withSet({})).replace(/("values":\[)[^,]+/, "$11e999");
    expect(() => parseReport(JSON.parse(text), "r.json")).toThrow(/values\[0\]: must be a finite number/);
    expect(() => parseReport(withSet({ values: "many" }), "r.json")).toThrow(`samples.${key}.values: expected an array of numbers`);
  });

  it("names a round index that is not a whole number from 0", () => {
    const rounds = [...report.samples[key]!.rounds!];
    rounds[5] = -1;
    expect(() => parseReport(withSet({ rounds }), "r.json")).toThrow(`samples.${key}.rounds[5]: must be a whole number, 0 or more`);
    rounds[5] = 0.5;
    expect(() => parseReport(withSet({ rounds }), "r.json")).toThrow(`samples.${key}.rounds[5]: must be a whole number, 0 or more`);
  });
});
