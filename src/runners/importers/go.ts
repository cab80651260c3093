import { InputError } from "../../errors.ts";
import type { Direction } from "../../report.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type ImportOptions, importedMetric, meanOf, parseNumber, suiteOf } from "./imported.ts";
import { benchmarkIds, sanitiseName } from "./naming.ts";

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
  /** Name without the -GOMAXPROCS suffix. */
  name: string;
  procs?: number;
  runs: Run[];
}

const HEADER = /^(goos|goarch|pkg|cpu):\s*(.*)$/;
/** A benchmark function's name: `Benchmark` then anything but a lower-case letter (as `go test` requires). */
const NAME = /^Benchmark($|[^a-z])/;

function parseLine(fields: string[], lineNo: number, source: string): Run {
  const at = `line ${lineNo}`;
  const [name, count, ...pairs] = fields as [string, string, ...string[]];
  if (!/^\d+$/.test(count)) throw new InputError(source, `${at}: expected the iteration count after "${name}", got "${count}"`);
  if (pairs.length === 0 || pairs.length % 2 !== 0) {
    throw new InputError(source, `${at}: expected "VALUE UNIT" pairs after the iteration count (like "1052 ns/op"), got "${pairs.join(" ")}"`);
  }
  const values = new Map<string, number>();
  for (let i = 0; i < pairs.length; i += 2) {
    const unit = pairs[i + 1]!;
    const value = parseNumber(pairs[i]!);
    if (value === undefined || pairs[i]!.includes(",")) throw new InputError(source, `${at}: expected a number before "${unit}", got "${pairs[i]}"`);
    if (values.has(unit)) throw new InputError(source, `${at}: "${unit}" appears twice`);
    values.set(unit, value);
  }
  return { iterations: Number(count), values };
}

/** Reads `go test -bench` text: benchmark lines, repeated with `-count N`, under `pkg:` headers. */
export function parseGoBench(text: string, source: string): { benchmarks: Benchmark[]; headers: string[] } {
  if (text.trim() === "") throw new InputError(source, "file is empty, expected `go test -bench` output");
  const byKey = new Map<string, Benchmark>();
  const headers = new Set<string>();
  let header: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    // Result and header lines start at column 0; indented lines are logs, whatever they say.
    const line = raw.trimEnd();
    const lineNo = index + 1;
    const head = HEADER.exec(line);
    if (head) {
      header = { ...header, [head[1]!]: head[2]!.trim() };
      return;
    }
    if (/^(FAIL|--- FAIL|panic:)/.test(line)) throw new InputError(source, `line ${lineNo}: go test reported a failure ("${line.slice(0, 120)}"); only passing runs can be imported`);
    const fields = line.split(/\s+/);
    // A name alone announces a benchmark whose log lines follow; its result comes on a later line.
    if (!NAME.test(fields[0]!) || fields.length === 1) return;
    const run = parseLine(fields, lineNo, source);
    const suffix = /^(.+)-(\d+)$/.exec(fields[0]!);
    const pkg = header.pkg ?? "";
    const key = `${pkg}\0${fields[0]}`;
    const bench = byKey.get(key) ?? { pkg, name: suffix ? suffix[1]! : fields[0]!, procs: suffix ? Number(suffix[2]) : undefined, runs: [] };
    bench.runs.push(run);
    byKey.set(key, bench);
    const env = ["goos", "goarch", "cpu"].filter((k) => header[k]).map((k) => `${k} ${header[k]}`);
    if (env.length) headers.add(env.join(", "));
  });
  if (byKey.size === 0) throw new InputError(source, "no benchmark results found (expected lines like \"BenchmarkName-8   1000000   1052 ns/op\" from `go test -bench`)");
  return { benchmarks: [...byKey.values()], headers: [...headers] };
}

/**
 * Per benchmark and unit one metric (`time` from ns/op, `bytes` from B/op,
 * `allocs`, `throughput` from MB/s, custom units by name); the runs of
 * `-count N` are its samples and the value is their mean.
 */
export function importGo(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "go");
  const { benchmarks, headers } = parseGoBench(text, source);
  // With -cpu 1,2,4 one benchmark runs at several GOMAXPROCS: then the suffix stays in its id.
  const procsPerName = new Map<string, Set<number | undefined>>();
  for (const b of benchmarks) procsPerName.set(`${b.pkg}\0${b.name}`, (procsPerName.get(`${b.pkg}\0${b.name}`) ?? new Set()).add(b.procs));
  const displayed = benchmarks.map((b) => (procsPerName.get(`${b.pkg}\0${b.name}`)!.size > 1 && b.procs !== undefined ? `${b.name}-${b.procs}` : b.name));
  const ids = benchmarkIds(benchmarks.map((b, i) => ({ name: displayed[i]!, identity: `${b.pkg} ${displayed[i]}` })));
  const out = emptyOutput();
  for (const h of headers) out.notes.push(`go test -bench: ${h}`);
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
