#!/usr/bin/env node
import { runCli } from "../cli/main.ts";

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  color,
  self: process.argv[1] ?? "",
  stdin: process.stdin,
});
