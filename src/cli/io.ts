/** The process surface the CLI touches, passed in so that tests can capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdout is a terminal that takes colour. */
  color: boolean;
  /** Path of the running CLI script, to measure other checkouts with the same perf-gate. */
  self: string;
  /** Standard input, read by `import FORMAT -`. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

export { EXIT } from "../errors.ts";
