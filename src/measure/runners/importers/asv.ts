import { InputError } from "../../../errors.ts";
import { emptyOutput, type RunnerOutput } from "../types.ts";
import { type Extra, type FormatDef, type ImportOptions, importedMetric, parseNumber, type Stat, suiteOf } from "./imported.ts";
import { benchmarkIds } from "./naming.ts";
import { type Fit, NO_FIT, type Sniffed } from "./sniff.ts";
import { toNanoseconds } from "./time-units.ts";

/** `[ 35.00%] ··· benchmarks.TimeSuite.time_keys      11.2±0.01μs` */
const RESULT = /^\[\s*[\d.]+%\] ·{3} (\S+)\s+(.+?)\s*$/;
const ENVIRONMENT = /^\[\s*[\d.]+%\] ·{2} Benchmarking (\S+)/;
const SI: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/**
 * `asv run` console output: `time_*` benchmarks give `time` in ns, `mem_*` and
 * `peakmem_*` give `bytes`, `track_*` give `value`, all lower is better. A
 * benchmark asv reports as `failed` is an error.
 */
export function importAsv(text: string, source: string, options: ImportOptions): RunnerOutput {
  const suite = suiteOf(options, "asv");
  if (text.trim() === "") throw new InputError(source, "file is empty, expected `asv run` output");
  const results: Array<{ name: string; env: string; stat: Stat; spread?: string }> = [];
  let env = "";
  text.split(/\r?\n/).forEach((line, index) => {
    const at = `line ${index + 1}`;
    const e = ENVIRONMENT.exec(line);
    if (e) env = e[1]!;
    const m = RESULT.exec(line);
    if (!m || m[1] === "Running" || /^Running \(/.test(`${m[1]} ${m[2]}`)) return;
    const [name, shown] = [m[1]!, m[2]!];
    if (/^(failed|n\/a|skipped)$/.test(shown)) {
      if (shown === "failed") throw new InputError(source, `${at}: benchmark "${name}"${env ? ` (${env})` : ""} failed; only passing runs can be imported`);
      return;
    }
    const time = /^([\d.]+)(?:±([\d.]+))?(ns|μs|us|µs|ms|s)$/.exec(shown);
    const size = /^([\d.]+)([kMGT]?)$/.exec(shown);
    const kind = name.split(".").pop()!.split("_")[0];
    let stat: Stat;
    if (time) {
      stat = { stat: "time", unit: "ns", direction: "lower-is-better", value: toNanoseconds(parseNumber(time[1]!) ?? NaN, time[3] === "μs" || time[3] === "µs" ? "us" : time[3]!, source, at) };
    } else if (size && (kind === "mem" || kind === "peakmem")) {
      stat = { stat: "bytes", unit: "B", direction: "lower-is-better", value: (parseNumber(size[1]!) ?? NaN) * SI[size[2]!]! };
    } else if (size) {
      stat = { stat: "value", unit: "value", direction: "lower-is-better", value: (parseNumber(size[1]!) ?? NaN) * SI[size[2]!]! };
    } else {
      throw new InputError(source, `${at}: cannot read the result "${shown}" of "${name}" (expected a time like 11.2±0.01μs or a number)`);
    }
    if (!Number.isFinite(stat.value)) throw new InputError(source, `${at}: cannot read the result "${shown}" of "${name}"`);
    results.push({ name, env, stat, ...(time?.[2] ? { spread: `±${time[2]}${time[3]}` } : {}) });
  });
  if (results.length === 0) throw new InputError(source, 'no asv results found (expected lines like "[ 35.00%] ··· benchmarks.TimeSuite.time_keys   11.2±0.01μs")');
  const { ids, notes } = benchmarkIds(results.map((r) => ({ name: r.name, identity: `${r.env} ${r.name}` })));
  const out = emptyOutput();
  out.notes.push(...notes);
  results.forEach((r, i) => {
    const extra: Extra = { name: r.name };
    if (r.env) extra.environment = r.env;
    if (r.spread) extra.spread = r.spread;
    out.metrics.push(importedMetric(suite, ids[i]!, r.stat, extra));
  });
  return out;
}

export const asvFormat: FormatDef = {
  tool: "asv run output",
  suite: "asv",
  importer: importAsv,
  detect: (input: Sniffed): Fit => (input.json === undefined && /^\[\s*[\d.]+%\] ·{3} \S+\s+\S/m.test(input.text) ? { score: 1 } : NO_FIT),
};
