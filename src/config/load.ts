import { dirname, resolve } from "node:path";
import { InputError } from "../errors.ts";
import { readJsonFile } from "../io/files.ts";
import { parseWith } from "../report/parse.ts";
import { Config, migrateConfirm } from "./schema.ts";

export interface LoadedConfig {
  path: string;
  /** Directory that relative paths in the config are resolved against. */
  root: string;
  config: Config;
  /** Things the config still accepts but should say differently. */
  warnings: string[];
}

export const DEFAULT_CONFIG_PATH = "perf-gate.config.json";

/** Two http groups of one name in one set would produce the same metric ids (one per set, as quick and full, is fine). */
function checkHttpNames(config: Config, source: string): void {
  const seen = new Map<string, number>();
  config.benchmarks.forEach((b, i) => {
    if (b.kind !== "http") return;
    for (const set of b.sets) {
      const first = seen.get(`${set}\0${b.name}`);
      if (first !== undefined) throw new InputError(source, `benchmarks[${i}].name: "${b.name}" is also the name of benchmarks[${first}] in the "${set}" set; metric ids would collide`);
      seen.set(`${set}\0${b.name}`, i);
    }
  });
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  const warnings: string[] = [];
  let data = await readJsonFile(path);
  try {
    data = migrateConfirm(data, (line) => warnings.push(`${path}: ${line}`));
  } catch (error) {
    if (error instanceof InputError) throw new InputError(path, error.message.replace(/^config: /, ""));
    throw error;
  }
  const config = parseWith(Config, data, path, "perf-gate config");
  checkHttpNames(config, path);
  return { path, root: dirname(resolve(path)), config, warnings };
}
