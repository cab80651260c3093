import { describe, expect, it } from "vitest";
import { pageSettles, type RestArtifact, selectBaseline, selectFromRun, sourceOf } from "../../src/github/baseline.ts";

let nextId = 1;
function artifact(overrides: { name?: string; expired?: boolean; created?: string; branch?: string | null; repoId?: number; runId?: number; sha?: string } = {}): RestArtifact {
  const id = nextId++;
  return {
    id,
    name: overrides.name ?? "perf-gate-baseline",
    expired: overrides.expired ?? false,
    created_at: overrides.created ?? "2026-03-01T00:00:00Z",
    workflow_run: {
      id: overrides.runId ?? 100 + id,
      repository_id: 1,
      head_repository_id: overrides.repoId ?? 1,
      head_branch: overrides.branch === undefined ? "main" : overrides.branch,
      head_sha: overrides.sha ?? `${id}`.padStart(40, "0"),
    },
  };
}

const query = { name: "perf-gate-baseline", branch: "main", repositoryId: 1 };

describe("baseline artifact selection", () => {
  it("chooses the newest unexpired artifact from a run on the base branch", () => {
    const old = artifact({ created: "2026-03-01T00:00:00Z" });
    const newest = artifact({ created: "2026-03-05T00:00:00Z" });
    const middle = artifact({ created: "2026-03-03T00:00:00Z" });
    expect(selectBaseline([old, newest, middle], query)).toBe(newest);
  });

  it("skips expired artifacts, other branches, other names and forks' branches of the same name", () => {
    const good = artifact({ created: "2026-03-01T00:00:00Z" });
    const candidates = [
      good,
      artifact({ created: "2026-03-09T00:00:00Z", expired: true }),
      artifact({ created: "2026-03-09T00:00:00Z", branch: "feature" }),
      artifact({ created: "2026-03-09T00:00:00Z", branch: null }),
      artifact({ created: "2026-03-09T00:00:00Z", name: "perf-gate-result" }),
      artifact({ created: "2026-03-09T00:00:00Z", repoId: 99 }),
    ];
    expect(selectBaseline(candidates, query)).toBe(good);
    expect(selectBaseline(candidates.slice(1), query)).toBeUndefined();
    expect(selectBaseline([], query)).toBeUndefined();
  });

  it("from a named run: the newest unexpired artifact of that name", () => {
    const a = artifact({ runId: 5, created: "2026-03-01T00:00:00Z" });
    const b = artifact({ runId: 5, created: "2026-03-02T00:00:00Z", expired: true });
    expect(selectFromRun([a, b], "perf-gate-baseline")).toBe(a);
    expect(sourceOf(a)).toEqual({ artifactId: a.id, runId: 5, commit: a.workflow_run?.head_sha, branch: "main" });
  });
});

describe("hardening of the selection", () => {
  it("fails closed: a run whose head repository is not given is not a baseline", () => {
    const unknown = artifact({ created: "2026-03-09T00:00:00Z" });
    delete unknown.workflow_run?.head_repository_id;
    expect(selectBaseline([unknown], query)).toBeUndefined();
  });

  it("an artifact whose expires_at has passed counts as expired, whatever its flag says", () => {
    const lagging = { ...artifact(), expires_at: "2026-03-02T00:00:00Z" };
    const now = Date.parse("2026-03-03T00:00:00Z");
    expect(selectBaseline([lagging], { ...query, now })).toBeUndefined();
    expect(selectBaseline([lagging], { ...query, now: Date.parse("2026-03-01T12:00:00Z") })).toBe(lagging);
    expect(selectFromRun([lagging], "perf-gate-baseline", now)).toBeUndefined();
  });

  it("paging stops at a page with a candidate or a page where everything expired", () => {
    expect(pageSettles([artifact({ branch: "feature" })], query)).toBe(false);
    expect(pageSettles([artifact({ branch: "feature" }), artifact()], query)).toBe(true);
    expect(pageSettles([artifact({ expired: true }), artifact({ expired: true, branch: "x" })], query)).toBe(true);
    expect(pageSettles([], query)).toBe(true);
  });
});
