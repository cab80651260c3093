// The action uploads a check's profiles as their own artifact and links it,
// and code locations in the comment link to the measured commit's lines.
import { describe, expect, it } from "vitest";
import { main } from "../../src/action/main.ts";
import { compare } from "../../src/compare/compare.ts";
import type { BenchPort } from "../../src/action/ports.ts";
import type { Profiles } from "../../src/profile/schema.ts";
import { formatValue } from "../../src/report/units.ts";
import { actionPorts, CONFIG, FakeFiles, FakeGitHub } from "../helpers/fake-ports.ts";
import { pullRequestPayload } from "../helpers/payloads.ts";
import { loadExampleBaseline, slowedDown } from "../helpers/reports.ts";

const HEAD_SHA = "2222222222222222222222222222222222222222";
const MEASURED = "4444444444444444444444444444444444444444";

function profiles(dir: string): Profiles {
  return {
    headCommit: MEASURED,
    dir,
    seconds: 6.2,
    benchmarks: [
      {
        benchmark: "text/word-frequency",
        kind: "function",
        cpu: {
          unit: "ms",
          per: "op",
          base: 0.4,
          head: 0.61,
          added: 0.21,
          functions: [{ name: "normalize", file: "lib/text.js", line: 12, group: "app", base: 0.1, head: 0.264, added: 0.164, share: 0.78, newInHead: false }],
          newInHead: [{ name: "slugifyCache", file: "lib/text.js", line: 40, group: "app" }],
          operations: { base: 1000, head: 900 },
          samples: { base: 5000, head: 5000 },
        },
        files: { base: "text_word-frequency.base.cpuprofile", head: "text_word-frequency.head.cpuprofile", flame: "text_word-frequency.flame.html" },
      },
    ],
  };
}

describe("profiles in the action", () => {
  it("uploads the profile files as an artifact, links it, and links each location to its line at the measured commit", async () => {
    const github = new FakeGitHub();
    const files = new FakeFiles();
    const dir = "/tmp/profiles";
    for (const f of ["text_word-frequency.base.cpuprofile", "text_word-frequency.head.cpuprofile", "text_word-frequency.flame.html"]) files.set(`${dir}/${f}`, `{"file":"${f}"}`);
    const baseline = loadExampleBaseline();
    const bench: BenchPort = {
      loadConfig: async (path) => ({ path, root: "/work/repo", config: CONFIG, warnings: [] }),
      measure: async () => baseline,
      check: async ({ policy }) => {
        const report = slowedDown(baseline, 1.5);
        const comparison = compare(baseline, report, policy);
        return { report, comparison: { ...comparison, profiles: profiles(dir) } };
      },
    };
    const run = actionPorts({
      event: "pull_request",
      payload: pullRequestPayload({ number: 5, headSha: HEAD_SHA }),
      github,
      files,
      bench,
      run: { id: 20, branch: "feature", sha: HEAD_SHA },
      inputs: { baseline: "" },
    });
    const outcome = await main(run.ports);

    const artifact = github.artifact("perf-gate-result-profiles");
    expect([...(artifact?.files.keys() ?? [])].sort()).toEqual(["text_word-frequency.base.cpuprofile", "text_word-frequency.flame.html", "text_word-frequency.head.cpuprofile"]);
    expect(outcome.comparison?.profiles?.artifact?.name).toBe("perf-gate-result-profiles");
    const summary = run.recorded.summaries[0]!;
    // The added time per call is the measured one (the first failing time row, head − base); the profile divides it.
    const mean = outcome.comparison!.rows.find((r) => r.suite === "text" && r.benchmark === "word-frequency" && r.verdict === "regression")!;
    const added = `+${formatValue(mean.current! - mean.baseline!, mean.unit)}/op`;
    expect(summary).toContain(
      `| ↳ | ${added}: 78% in \`normalize\` ([lib/text.js:12](https://github.com/octo/demo/blob/4444444444444444444444444444444444444444/lib/text.js#L12)); new in head: \`slugifyCache\` ([lib/text.js:40](https://github.com/octo/demo/blob/4444444444444444444444444444444444444444/lib/text.js#L40)) |`,
    );
    expect(summary).toMatch(/workflow artifact \[`perf-gate-result-profiles`\]\(https:\/\/github\.com\/octo\/demo\/actions\/runs\/20\/artifacts\/\d+\)/);
  });
});
