import { describe, expect, it } from "vitest";
import { planFor } from "../../src/github/context.ts";
import { example, pullRequestPayload, pushPayload, workflowDispatchPayload, workflowRunPayload } from "../helpers/payloads.ts";

describe("event -> plan, on real webhook payloads", () => {
  it("push to the default branch stores a baseline; to another branch it checks against the default branch", () => {
    const push = example("push");
    // The example pushes a tag on a repository whose default branch is master.
    expect(planFor("push", push, "auto")).toEqual({ kind: "check", event: "push", baseBranch: "master", defaultBranch: "master", repositoryId: push.repository.id });
    expect(planFor("push", { ...push, ref: "refs/heads/master" }, "auto")).toEqual({ kind: "baseline", event: "push", branch: "master", repositoryId: push.repository.id });
    expect(planFor("push", pushPayload({ branch: "main", sha: "a".repeat(40) }), "auto")).toMatchObject({ kind: "baseline", branch: "main" });
    expect(planFor("push", pushPayload({ branch: "topic", sha: "a".repeat(40) }), "baseline")).toMatchObject({ kind: "baseline", branch: "topic" });
  });

  it("pull_request opened and synchronize check against the base branch, with the head sha", () => {
    for (const action of ["opened", "synchronize"]) {
      const payload = example("pull_request", action);
      const plan = planFor("pull_request", payload, "auto");
      expect(plan).toEqual({
        kind: "check",
        event: "pull_request",
        baseBranch: payload.pull_request.base.ref,
        defaultBranch: payload.repository.default_branch,
        repositoryId: payload.repository.id,
        pullRequest: {
          number: payload.pull_request.number,
          headSha: payload.pull_request.head.sha,
          headRef: payload.pull_request.head.ref,
          baseRef: payload.pull_request.base.ref,
          // GitHub's record of the base commit: the merge-base for pairing is found from it, never from an artifact.
          baseSha: payload.pull_request.base.sha,
          fork: false,
        },
      });
    }
  });

  it("tells a fork's pull request apart", () => {
    const plan = planFor("pull_request", pullRequestPayload({ number: 7, headSha: "b".repeat(40), fork: true }), "check");
    expect(plan).toMatchObject({ kind: "check", baseBranch: "main", pullRequest: { number: 7, fork: true } });
  });

  it("workflow_dispatch follows the mode input, and auto picks by branch", () => {
    const payload = example("workflow_dispatch");
    expect(planFor("workflow_dispatch", payload, "baseline")).toMatchObject({ kind: "baseline" });
    expect(planFor("workflow_dispatch", payload, "check")).toMatchObject({ kind: "check", baseBranch: payload.repository.default_branch });
    expect(planFor("workflow_dispatch", workflowDispatchPayload({ branch: "main" }), "auto")).toMatchObject({ kind: "baseline", branch: "main" });
    expect(planFor("workflow_dispatch", workflowDispatchPayload({ branch: "topic" }), "auto")).toMatchObject({ kind: "check", baseBranch: "main" });
  });

  it("workflow_run completed: the comment phase, with the run's id and head sha", () => {
    const payload = example("workflow_run", "completed");
    expect(planFor("workflow_run", payload, "comment")).toEqual({
      kind: "comment",
      event: "workflow_run",
      runId: payload.workflow_run.id,
      runEvent: payload.workflow_run.event,
      headSha: payload.workflow_run.head_sha,
      runUrl: payload.workflow_run.html_url,
      headRepository: payload.workflow_run.head_repository?.full_name,
    });
    expect(planFor("workflow_run", workflowRunPayload({ runId: 9, headSha: "c".repeat(40), headRepository: "outsider/demo" }), "auto")).toMatchObject({
      kind: "comment",
      runId: 9,
      runEvent: "pull_request",
      headRepository: "outsider/demo",
    });
  });

  it("rejects an unsupported event or mode, naming it", () => {
    expect(() => planFor("issues", example("issues"), "auto")).toThrow('GITHUB_EVENT_NAME: the "issues" event is not supported');
    expect(() => planFor("pull_request", example("pull_request", "opened"), "baseline")).toThrow('input "mode": mode "baseline" is not supported for the "pull_request" event');
    expect(() => planFor("push", example("push"), "comment")).toThrow('mode "comment" is not supported for the "push" event');
  });

  it("names the payload field a malformed payload lacks", () => {
    expect(() => planFor("pull_request", { number: 1, repository: example("push").repository }, "auto")).toThrow(/GITHUB_EVENT_PATH \(pull_request payload\): pull_request: /);
  });

  it("without an event, runs locally against a baseline file", () => {
    expect(planFor(undefined, undefined, "auto")).toEqual({ kind: "local" });
    expect(() => planFor(undefined, undefined, "comment")).toThrow("needs a GitHub event");
  });
});
