import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { COMPARISON_SCHEMA, Comparison, type Row, Verdict } from "../../src/report/comparison.ts";
import { InputError } from "../../src/errors.ts";
import { parseWith } from "../../src/report/parse.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { IMPORT_FORMATS, importResults } from "../../src/measure/runners/importers/formats.ts";
import { liveConstructs, tableCells } from "../helpers/markdown-safety.ts";
import { loadExampleBaseline, reportWith } from "../helpers/reports.ts";
import { PAYLOADS } from "../helpers/hostile.ts";

/**
 * Property-based tests of the parsers and the markdown renderer: whatever the
 * input, bad input ends in exit 2 with one line naming the file, and a rendered
 * comment carries nothing live from untrusted strings. Each property prints how
 * many inputs it tried.
 */

const tried: string[] = [];
afterAll(() => console.log(`property inputs tried:\n  ${tried.join("\n  ")}`));

/** Outcomes (exit status, or "ok" / "refused") per property, to show that both kinds of input were generated. */
let outcomes = new Map<string, number>();
function count(outcome: string | number): void {
  outcomes.set(String(outcome), (outcomes.get(String(outcome)) ?? 0) + 1);
}

function check<T>(name: string, property: fc.IAsyncProperty<[T]> | fc.IProperty<[T]>, numRuns: number) {
  return async () => {
    outcomes = new Map();
    await fc.assert(property as fc.IAsyncProperty<[T]>, { numRuns, seed: 20261122 });
    const seen = [...outcomes].map(([k, v]) => `${k}: ${v}`).join(", ");
    tried.push(`${name}: ${numRuns} inputs${seen ? ` (${seen})` : ""}`);
  };
}

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-gate-props-"));
});

function file(content: string): string {
  const path = join(dir, `input-${n++}.json`);
  writeFileSync(path, content);
  return path;
}

/** Runs the CLI in this process, capturing its output. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: dir, color: false, self: "" };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

/** Exit 2 with exactly one line that names the file; or success. Never an internal error. */
function expectCleanOutcome(result: { status: number; stderr: string }, path: string, ok: number[]): void {
  count(`exit ${result.status}`);
  if (ok.includes(result.status)) return;
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.split("\n").filter(Boolean);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]!.startsWith(`perf-gate: ${path}`), lines[0]).toBe(true);
}

/** Strings a careless user or an attacker would write: any unicode, hostile fragments, numbers as text. */
const nastyString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(...PAYLOADS, "", " ", "ms", "s", "ops/s", "< 200 ms", "> 5 parsecs", "NaN", "-1", "1e308", "__proto__", "constructor"),
);

/** JSON values biased toward what the schemas look for. */
const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nastyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(nastyString, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A valid object with one path replaced by anything, or a key added or removed. */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (value: unknown, path: Array<string | number>, depth: number) => {
    paths.push(path);
    if (depth > 5 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => walk(v, [...path, i], depth + 1));
    else for (const [k, v] of Object.entries(value)) walk(v, [...path, k], depth + 1);
  };
  walk(base, [], 0);
  return fc.tuple(fc.constantFrom(...paths), nastyJson, fc.boolean()).map(([path, replacement, remove]) => {
    const copy = structuredClone(base) as Record<string | number, unknown>;
    if (path.length === 0) return replacement;
    let at: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (remove && !Array.isArray(at)) delete at[last];
    else at[last] = replacement;
    return copy;
  });
}

const validConfig = {
  threshold: 10,
  thresholds: { "*.p99": 25 },
  budgets: { "*.p95": "< 200 ms" },
  benchmarks: [{ kind: "tinybench", files: ["bench.js"], time: 100, rounds: { min: 2, max: 4 } }],
  confirm: { policy: "off" },
};

describe("property: config files", () => {
  it(
    "any config: compare with it succeeds or exits 2 with one line naming the file",
    check(
      "config (mutated valid config or any JSON)",
      fc.asyncProperty(fc.oneof(mutated(validConfig), nastyJson), async (config) => {
        const report = file(JSON.stringify(reportWith([])));
        const path = file(JSON.stringify(config));
        expectCleanOutcome(await run(["compare", report, report, "--config", path]), path, [0, 1]);
      }),
      300,
    ),
  );
});

describe("property: Reports", () => {
  const example = loadExampleBaseline();
  // A small Report (first few metrics and their samples) keeps each comparison quick.
  const keep = example.metrics.slice(0, 6);
  const small = { ...example, history: undefined, metrics: keep, samples: Object.fromEntries(keep.flatMap((m) => (m.samples ? [[m.samples, example.samples[m.samples]!]] : []))) };

  it(
    "any Report: compare succeeds or exits 2 with one line naming the file",
    check(
      "Report (mutated valid Report or any JSON)",
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: mutated(small) }, { weight: 1, arbitrary: nastyJson }), async (report) => {
        const good = file(JSON.stringify(small));
        const path = file(JSON.stringify(report));
        expectCleanOutcome(await run(["compare", good, path]), path, [0, 1]);
      }),
      150,
    ),
  );

  it(
    "any text: compare exits 0, 1 or 2 with one line",
    check(
      "Report file text (any string)",
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 200 }), async (text) => {
        const path = file(text);
        expectCleanOutcome(await run(["compare", path, path]), path, [0, 1]);
      }),
      150,
    ),
  );
});

/** A real output of the format's tool (from the fixtures), with one part replaced or removed. */
function mutatedFixture(format: string): fc.Arbitrary<string> {
  const sources: Record<string, string> = {
    custom: "custom/custom.json",
    customBiggerIsBetter: "custom/gab-smaller.json",
    customSmallerIsBetter: "custom/gab-smaller.json",
    hyperfine: "hyperfine/commands.json",
    pytest: "pytest/saved-with-data.json",
    "pytest-benchmark": "pytest/benchmark.json",
    go: "go/bench-count3.txt",
    benchmarkjs: "benchmarkjs/output.txt",
  };
  const source = sources[format];
  // Formats without a fixture of their own here are still fed arbitrary text and JSON.
  if (!source) return fc.string({ maxLength: 300 });
  const text = readFileSync(join("test/fixtures/import", source), "utf8");
  if (source.endsWith(".json")) return mutated(JSON.parse(text)).map((v) => JSON.stringify(v));
  const lines = text.split("\n");
  return fc.tuple(fc.nat(lines.length - 1), nastyString, fc.boolean()).map(([i, replacement, remove]) => {
    const copy = [...lines];
    if (remove) copy.splice(i, 1);
    else copy[i] = replacement;
    return copy.join("\n");
  });
}

describe("property: imported results", () => {
  for (const format of IMPORT_FORMATS) {
    it(
      `${format}: any text imports or is an InputError of one line`,
      check(
        `import ${format} (any text or JSON)`,
        fc.property(
          fc.oneof(
            fc.string({ unit: "binary", maxLength: 300 }),
            nastyJson.map((v) => JSON.stringify(v)),
            mutatedFixture(format),
          ),
          (text) => {
            try {
              importResults(format, text, "results.txt");
              count("imported");
            } catch (error) {
              count("refused");
              expect(error).toBeInstanceOf(InputError);
              const message = (error as InputError).message;
              expect(message.startsWith("results.txt: ")).toBe(true);
              expect(message).not.toMatch(/[\r\n]/);
            }
          },
        ),
        200,
      ),
    );
  }

  it(
    "the import command writes only Reports that perf-gate reads back",
    check(
      "import command, custom format (mutated valid list)",
      fc.asyncProperty(
        mutated([
          { name: "a", unit: "ms", value: 1.5, samples: [1.4, 1.5, 1.6], smallerIsBetter: true },
          { name: "b", unit: "ops/s", value: 100, biggerIsBetter: true },
          { name: "c", unit: "B", value: 2048, smallerIsBetter: true },
        ]),
        async (list) => {
          const input = file(JSON.stringify(list));
          const out = join(dir, `imported-${n++}.json`);
          const result = await run(["import", "custom", input, "--out", out]);
          expectCleanOutcome(result, input, [0]);
          if (result.status === 0) {
            const back = await run(["compare", out, out]);
            count(`read back: exit ${back.status}`);
            expect(back.status, back.stderr).toBe(0);
          }
        },
      ),
      100,
    ),
  );
});

const verdicts = Verdict.options;

/** A Comparison whose every string is untrusted. */
const hostileComparison = fc
  .record({
    rows: fc.array(
      fc.record({
        id: nastyString,
        suite: nastyString,
        benchmark: nastyString,
        stat: nastyString,
        unit: nastyString,
        note: fc.option(nastyString, { nil: undefined }),
        budget: fc.option(fc.record({ text: nastyString, met: fc.boolean() }), { nil: undefined }),
        verdict: fc.constantFrom(...verdicts),
        baseline: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
        current: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    notes: fc.array(nastyString, { maxLength: 4 }),
    env: fc.record({ platform: nastyString, arch: nastyString, cpuModel: nastyString, node: nastyString, commit: nastyString }),
  })
  .map(({ rows, notes, env }): Comparison => {
    const environment = { ...reportWith([]).environment, ...env };
    const full: Row[] = rows.map((r) => ({ ...r, kind: "function", direction: "lower-is-better", threshold: 10 }));
    const counts = Object.fromEntries(verdicts.map((v) => [v, full.filter((r) => r.verdict === v).length])) as Comparison["counts"];
    return { schema: COMPARISON_SCHEMA, verdict: "pass", threshold: 10, counts, rows: full, notes, baseline: environment, current: environment };
  });

describe("property: the markdown renderer", () => {
  it(
    "no live link, image, HTML, mention, reference or URL from untrusted strings; verdicts stay in their cells",
    check(
      "markdown renderer (hostile comparisons)",
      fc.property(hostileComparison, (c) => {
        const md = renderMarkdown(c);
        expect(liveConstructs(md)).toEqual([]);
        const firstCells = tableCells(md).map((cells) => cells[0]);
        expect(firstCells).toHaveLength(c.rows.length);
      }),
      500,
    ),
  );

  it(
    "a comparison artifact either parses, and then renders inert, or is refused in one line",
    check(
      "comparison parser (mutated hostile comparisons)",
      fc.property(
        hostileComparison.chain((c) => mutated(c)),
        (data) => {
          let parsed: Comparison;
          try {
            parsed = parseWith(Comparison, data, "comparison.json", "perf-gate comparison");
            count("parsed");
          } catch (error) {
            count("refused");
            expect(error).toBeInstanceOf(InputError);
            expect((error as Error).message).not.toMatch(/[\r\n]/);
            return;
          }
          expect(liveConstructs(renderMarkdown(parsed))).toEqual([]);
        },
      ),
      600,
    ),
  );
});
