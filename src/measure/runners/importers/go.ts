import { InputError } from "../../../errors.ts";
import type { Direction } from "../../../report/schema.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, meanOf, parseNumber, suiteOf } from "./imported.ts";
import { goJsonToText } from "./go-json.ts";
import { benchmarkIds, sanitiseName } from "./naming.ts";
import { type Fit, NO_FIT, type Sniffed } from "./sniff.ts";

/** The units `go test -bench` prints itself, and the stat each becomes. */
const KNOWN_UNITS: Record<string, { stat: string; unit: string; direction: Direction }> = {
  "ns/op": { stat: "time", unit: "ns", direction: "lower-is-better" },
  "B/op": { stat: "bytes", unit: "B", direction: "lower-is-better" },
  "allocs/op": { stat: "allocs", unit: "allocs", direction: "lower-is-better" },
  "MB/s": { stat: "throughput", unit: "MB/s", direction: "higher-is-better" },
};

/** A unit from `b.ReportMetric`: rates (`.../s`) are higher-is-better, everything else lower. */
function statOf(unit: string): { stat: string; unit: string; direction: Direction } {
  return KNOWN_UNITS[unit] ?? { stat: sanitiseName(unit.replace(/\//g, "-per-")), unit, direction: unit.endsWith("/s") ? "higher-is-better" : "lower-is-better" };
}

interface Run {
  iterations: number;
  values: Map<string, number>;
}

interface Benchmark {
  pkg: string;
  /** The name as printed, with any -GOMAXPROCS suffix. */
  printed: string;
  /** Name without the -GOMAXPROCS suffix. */
  name: string;
  procs?: number;
  runs: Run[];
}

const HEADER = /^(goos|goarch|pkg|cpu):\s*(.*)$/;
/** A benchmark function's name: `Benchmark` then anything but a lower-case letter (as `go test` requires). */
const NAME = /^Benchmark($|[^a-z])/;
/** What follows a name when it is the result: the iteration count, then a value. */
const RESULT_START = /^\d\S*\s+[-+.\d]/;
/** A result go printed on its own line, after the benchmark wrote to stdout. */
const LATE_RESULT = /^\s+\d+\s+[-+.\d]\S*\s+\S/;

function parseResult(name: string, fields: string[], at: string, source: string): Run {
  const [count, ...pairs] = fields as [string, ...string[]];
  if (!/^\d+$/.test(count)) throw new InputError(source, `${at}: expected the iteration count after "${name}", got "${count}"`);
  if (pairs.length === 0 || pairs.length % 2 !== 0) {
    throw new InputError(source, `${at}: expected "VALUE UNIT" pairs after the iteration count (like "1052 ns/op"), got "${pairs.join(" ")}" (a line cut short?)`);
  }
  const values = new Map<string, number>();
  for (let i = 0; i < pairs.length; i += 2) {
    const unit = pairs[i + 1]!;
    const value = parseNumber(pairs[i]!);
    if (value === undefined || pairs[i]!.includes(",")) throw new InputError(source, `${at}: expected a number before "${unit}", got "${pairs[i]}"`);
    const cut = Object.keys(KNOWN_UNITS).find((k) => k !== unit && k.startsWith(unit));
    if (cut) throw new InputError(source, `${at}: unit "${unit}" is cut short (expected "${cut}"; a truncated file?)`);
    if (KNOWN_UNITS[unit] && value < 0) throw new InputError(source, `${at}: "${pairs[i]} ${unit}" is negative`);
    if (values.has(unit)) throw new InputError(source, `${at}: "${unit}" appears twice`);
    values.set(unit, value);
  }
  return { iterations: Number(count), values };
}

interface Parsed {
  benchmarks: Benchmark[];
  headers: string[];
  skipped: string[];
}

/**
 * Reads `go test -bench` text: benchmark lines, repeated with `-count N`, under
 * `pkg:` headers. Go prints a benchmark's name, runs it, then its result; what
 * the benchmark writes to stdout comes in between, and then the result is on a
 * later, indented line. A name followed by a tab that never gets a result, or
 * `--- FAIL`, is an error: a result never goes missing without a word.
 */
export function parseGoBench(text: string, source: string, where = ""): Parsed {
  const raw: Array<{ pkg: string; printed: string; run: Run }> = [];
  const headers = new Set<string>();
  const skipped: string[] = [];
  let header: Record<string, string> = {};
  let pending: { name: string; at: string; rest: string } | undefined;
  const lines = text.split(/\r?\n/);
  const unresolved = () => {
    if (!pending) return;
    throw new InputError(source, `${pending.at}: no result for "${pending.name}" (expected "ITERATIONS VALUE UNIT ..." after its name, got "${pending.rest.slice(0, 80)}")`);
  };
  const record = (printed: string, run: Run) => {
    raw.push({ pkg: header.pkg ?? "", printed, run });
    const env = ["goos", "goarch", "cpu"].filter((k) => header[k]).map((k) => `${k} ${header[k]}`);
    if (env.length) headers.add(env.join(", "));
  };
  lines.forEach((rawLine, index) => {
    const line = rawLine.trimEnd();
    const at = `${where}line ${index + 1}`;
    const head = HEADER.exec(line);
    if (head) {
      header = { ...header, [head[1]!]: head[2]!.trim() };
      return;
    }
    const skip = /^\s*--- SKIP: (\S+)/.exec(line);
    if (skip) skipped.push(skip[1]!);
    const fail = /^(\S*)\s*--- FAIL: (\S+)/.exec(line);
    if (fail || /^(FAIL|panic:)/.test(line)) {
      const reason = lines[index + 1]?.trim();
      const named = fail ? `"${fail[2]}" failed` : "go test reported a failure";
      throw new InputError(source, `${at}: ${named} ("${line.trim().slice(0, 120)}"${fail && reason ? `: ${reason.slice(0, 120)}` : ""}); only passing runs can be imported`);
    }
    if (pending && LATE_RESULT.test(line)) {
      record(pending.name, parseResult(pending.name, line.trim().split(/\s+/), at, source));
      pending = undefined;
      return;
    }
    const fields = line.split(/\s+/);
    const name = fields[0]!;
    if (!NAME.test(name)) return;
    // A name alone announces a benchmark (its sub-benchmarks, or -v); results come on their own lines.
    if (!/\t/.test(line)) return;
    unresolved();
    const rest = line.slice(name.length).trim();
    if (RESULT_START.test(rest)) record(name, parseResult(name, rest.split(/\s+/), at, source));
    else pending = { name, at, rest };
  });
  unresolved();
  if (raw.length === 0) throw new InputError(source, `${where}no benchmark results found (expected lines like "BenchmarkName-8   1000000   1052 ns/op" from \`go test -bench\`)`);
  return { benchmarks: group(raw), headers: [...headers], skipped };
}

/**
 * Go appends `-GOMAXPROCS` to every name unless it is 1, and a sub-benchmark's
 * own name may end in `-64` as well. So the suffix is taken off where go
 * certainly put it: always on a top-level name (a function name has no `-`);
 * on a sub-benchmark when top-level names of the package carry the same
 * suffix, or, without top-level names, when every name of the package ends in
 * the same `-N`. The same benchmark then gets the same id on 1 CPU and on 8.
 */
function group(raw: Array<{ pkg: string; printed: string; run: Run }>): Benchmark[] {
  const procsOf = new Map<string, Set<string>>();
  for (const pkg of new Set(raw.map((r) => r.pkg))) {
    const names = [...new Set(raw.filter((r) => r.pkg === pkg).map((r) => r.printed))];
    const top = names.filter((n) => !n.includes("/"));
    let procs: Set<string>;
    if (top.length) procs = new Set(top.flatMap((n) => /-(\d+)$/.exec(n)?.[1] ?? []));
    else {
      const suffixes = new Set(names.map((n) => /-(\d+)$/.exec(n)?.[1] ?? ""));
      procs = suffixes.size === 1 && !suffixes.has("") ? suffixes : new Set();
    }
    procsOf.set(pkg, procs);
  }
  const byKey = new Map<string, Benchmark>();
  for (const r of raw) {
    const suffix = /^(.+)-(\d+)$/.exec(r.printed);
    const strip = suffix && (!r.printed.includes("/") || procsOf.get(r.pkg)!.has(suffix[2]!));
    const key = `${r.pkg}\0${r.printed}`;
    const bench = byKey.get(key) ?? { pkg: r.pkg, printed: r.printed, name: strip ? suffix[1]! : r.printed, procs: strip ? Number(suffix[2]) : undefined, runs: [] };
    bench.runs.push(r.run);
    byKey.set(key, bench);
  }
  return [...byKey.values()];
}

/** `go test -bench` text, or `go test -json` events holding it. */
function parseAny(text: string, source: string): Parsed {
  if (text.trim() === "") throw new InputError(source, "file is empty, expected `go test -bench` output");
  const packages = goJsonToText(text, source);
  if (!packages) return parseGoBench(text, source);
  const parsed = packages.flatMap((p) => {
    const where = `package ${p.pkg || "(none)"} in the -json output, `;
    return p.output.includes("Benchmark") ? [parseGoBench(p.output.replace(/^/, p.pkg ? `pkg: ${p.pkg}\n` : ""), source, where)] : [];
  });
  if (parsed.length === 0) throw new InputError(source, "no benchmark results in the `go test -json` output (was it run with -bench?)");
  return { benchmarks: parsed.flatMap((p) => p.benchmarks), headers: [...new Set(parsed.flatMap((p) => p.headers))], skipped: parsed.flatMap((p) => p.skipped) };
}

/**
 * Per benchmark and unit one metric (`time` from ns/op, `bytes` from B/op,
 * `allocs`, `throughput` from MB/s, custom units by name); the runs of
 * `-count N` are its samples and the value is their mean.
 */
export function importGo(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "go");
  const { benchmarks, headers, skipped } = parseAny(text, source);
  // With -cpu 1,2,4 one benchmark runs at several GOMAXPROCS: then the suffix stays in its id.
  const procsPerName = new Map<string, Set<number | undefined>>();
  for (const b of benchmarks) procsPerName.set(`${b.pkg}\0${b.name}`, (procsPerName.get(`${b.pkg}\0${b.name}`) ?? new Set()).add(b.procs));
  const displayed = benchmarks.map((b) => (procsPerName.get(`${b.pkg}\0${b.name}`)!.size > 1 && b.procs !== undefined ? `${b.name}-${b.procs}` : b.name));
  const { ids, notes: idNotes } = benchmarkIds(benchmarks.map((b, i) => ({ name: displayed[i]!, identity: `${b.pkg} ${displayed[i]}` })));
  const out = emptyOutput();
  out.notes.push(...idNotes);
  for (const h of headers) out.notes.push(`go test -bench: ${h}`);
  if (skipped.length) out.notes.push(`go test -bench: skipped ${skipped.join(", ")}`);
  benchmarks.forEach((b, i) => {
    const benchmark = ids[i]!;
    const extra: Extra = { name: b.name, runs: b.runs.length, iterations: b.runs.map((r) => r.iterations).join(",") };
    if (b.procs !== undefined) extra.procs = b.procs;
    if (b.pkg) extra.pkg = b.pkg;
    const units = [...new Set(b.runs.flatMap((r) => [...r.values.keys()]))];
    const stats = units.map(statOf);
    stats.forEach((s, j) => {
      const other = stats.findIndex((t) => t.stat === s.stat);
      if (other !== j) throw new InputError(source, `${b.name}: units "${units[other]}" and "${units[j]}" would both become the stat "${s.stat}"`);
    });
    units.forEach((unit, j) => {
      const s = stats[j]!;
      const values = b.runs.flatMap((r) => (r.values.has(unit) ? [r.values.get(unit)!] : []));
      const key = `${suite}/${benchmark}.${s.stat}`;
      out.samples[key] = { unit: s.unit, values };
      out.metrics.push(importedMetric(suite, benchmark, { ...s, value: meanOf(values), estimator: { kind: "mean" } }, extra, key));
    });
  });
  return out;
}

function detectGo(input: Sniffed): Fit {
  if (input.jsonLines) {
    const first = input.jsonLines[0];
    if (typeof first !== "object" || first === null || !("Action" in first)) return NO_FIT;
    return input.text.includes("ns/op") ? { score: 1 } : { score: 0.6, misfit: "go test -json events without benchmark results (no ns/op)" };
  }
  if (input.json !== undefined) return NO_FIT;
  if (/^Benchmark\S*\s+\d+\s+[-+.\d]\S*\s+ns\/op/m.test(input.text) || /^\s+\d+\s+[-+.\d]\S*\s+ns\/op/m.test(input.text)) return { score: 1 };
  return /^Benchmark/m.test(input.text) ? { score: 0.5, misfit: 'no result line like "BenchmarkName-8   1000000   1052 ns/op"' } : NO_FIT;
}

export const goFormat: FormatDef = { tool: "go test -bench (text or -json)", suite: "go", importer: importGo, detect: detectGo };
