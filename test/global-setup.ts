import { execFileSync } from "node:child_process";

// Tests that spawn dist/ must run the code in src/: bundle once before the suite.
// (The bundle is deterministic, so a fresh dist/ is left unchanged.)
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.ts"], { stdio: "inherit" });
}
