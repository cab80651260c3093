import type { Comparison } from "../report/comparison.ts";
import type { BenchmarkSet, PairPolicy } from "../config/schema.ts";
import type { LoadedConfig } from "../config/load.ts";
import type { ArtifactsPort } from "../github/artifacts.ts";
import type { GitHubPort } from "../github/rest.ts";
import type { Policy } from "../compare/policy.ts";
import type { Report } from "../report/schema.ts";
import type { Shard } from "../report/shard.ts";
import type { ActionInputs } from "./inputs.ts";
import type { RunInfo } from "./links.ts";

/** What a check asks the bench to do: measure the head, paired with the base where it can. */
export interface CheckRequest {
  loaded: LoadedConfig;
  set: BenchmarkSet;
  policy: Policy;
  pairPolicy: PairPolicy;
  baseline?: Report;
  /** From GitHub's record (the pull request's base, the baseline run's commit), never from an artifact. */
  base: { commit?: string; baseRef?: string };
  /** This job's part of the set (input `shard`). */
  shard?: Shard;
}

/** Measuring: the config, the benchmark set, the check (paired with the base on this runner). */
export interface BenchPort {
  loadConfig(path: string): Promise<LoadedConfig>;
  measure(loaded: LoadedConfig, set: BenchmarkSet, shard?: Shard): Promise<Report>;
  /** `base`: the base's Report, when base and head were measured paired. */
  check(request: CheckRequest): Promise<{ report: Report; comparison: Comparison; base?: Report }>;
}

export interface FilesPort {
  /** Parsed JSON; an InputError naming the file when missing or malformed. */
  readJson(path: string): Promise<unknown>;
  writeText(path: string, text: string): Promise<void>;
  /** A new empty directory for staging and downloads. */
  makeTempDir(label: string): Promise<string>;
}

export interface LogPort {
  info(line: string): void;
  notice(line: string): void;
  warning(line: string): void;
}

/** Every side effect of the action, passed in so that tests can observe them. */
export interface ActionPorts {
  inputs: ActionInputs;
  event: { name?: string; payload: unknown };
  run: RunInfo;
  bench: BenchPort;
  files: FilesPort;
  /** Absent outside GitHub (no repository or token). */
  github?: GitHubPort;
  artifacts?: ArtifactsPort;
  summary(markdown: string): Promise<void>;
  output(name: string, value: string): void;
  log: LogPort;
}
