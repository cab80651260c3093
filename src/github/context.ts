import { z } from "zod";
import { InputError, describeZodError } from "../errors.ts";

/**
 * The parts of the webhook payloads the action relies on, validated so that a
 * surprising payload is one clear error instead of an undefined deep inside.
 */
const Repository = z.object({
  id: z.number(),
  full_name: z.string(),
  default_branch: z.string().min(1),
});

const PullRequestSide = z.object({
  ref: z.string(),
  sha: z.string(),
  // null when the fork was deleted.
  repo: z.object({ full_name: z.string() }).nullable(),
});

export const PushPayload = z.object({ ref: z.string(), after: z.string(), repository: Repository });
export const PullRequestPayload = z.object({
  number: z.number().int().positive(),
  pull_request: z.object({ number: z.number().int().positive(), head: PullRequestSide, base: PullRequestSide }),
  repository: Repository,
});
export const WorkflowDispatchPayload = z.object({ ref: z.string(), repository: Repository });
export const WorkflowRunPayload = z.object({
  workflow_run: z.object({
    id: z.number().int().positive(),
    event: z.string(),
    head_sha: z.string(),
    head_branch: z.string().nullable(),
    html_url: z.string().optional(),
    head_repository: z.object({ full_name: z.string() }).nullable().optional(),
  }),
  repository: Repository,
});

export const Mode = z.enum(["auto", "check", "baseline", "comment", "merge"]);
export type Mode = z.infer<typeof Mode>;

export interface PullRequestTarget {
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  /** The base branch's commit when the event fired (GitHub's `pull_request.base.sha`): with the head it gives the merge-base to pair against. */
  baseSha: string;
  /** The head lives in another repository: the token is read-only there. */
  fork: boolean;
}

/** What this run does, decided once from the event and the `mode` input. */
export type Plan =
  | { kind: "baseline"; event: string; branch: string; repositoryId: number }
  | { kind: "check"; event: string; baseBranch: string; defaultBranch: string; repositoryId: number; pullRequest?: PullRequestTarget }
  | { kind: "comment"; event: string; runId: number; runEvent: string; headSha: string; runUrl?: string; headRepository?: string }
  /** No GitHub event (a local run): compare with a baseline file only. */
  | { kind: "local" };

function parse<S extends z.ZodType>(schema: S, payload: unknown, event: string): z.infer<S> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new InputError(`GITHUB_EVENT_PATH (${event} payload)`, describeZodError(result.error));
  return result.data;
}

const branchOf = (ref: string): string => ref.replace(/^refs\/heads\//, "");

function unsupported(event: string, mode: Mode): never {
  const hint = "perf-gate runs on push, pull_request, workflow_dispatch (mode check or baseline) and workflow_run (mode comment)";
  throw new InputError(`input "mode"`, `mode "${mode}" is not supported for the "${event}" event; ${hint}`);
}

/** A run on a branch (push, manual dispatch): on the default branch it stores the baseline, elsewhere it checks against it. */
function branchPlan(event: string, mode: Mode, p: { ref: string; repository: { id: number; default_branch: string } }): Plan {
  const branch = branchOf(p.ref);
  const onDefault = branch === p.repository.default_branch;
  if (mode === "baseline" || (mode === "auto" && onDefault)) return { kind: "baseline", event, branch, repositoryId: p.repository.id };
  if (mode === "auto" || mode === "check") return { kind: "check", event, baseBranch: p.repository.default_branch, defaultBranch: p.repository.default_branch, repositoryId: p.repository.id };
  return unsupported(event, mode);
}

/** Decides what to do from the event name, its payload and the `mode` input. */
export function planFor(event: string | undefined, payload: unknown, mode: Mode): Plan {
  if (!event) {
    if (mode === "auto" || mode === "check") return { kind: "local" };
    throw new InputError(`input "mode"`, `mode "${mode}" needs a GitHub event (GITHUB_EVENT_NAME is not set)`);
  }
  switch (event) {
    case "push":
      return branchPlan(event, mode, parse(PushPayload, payload, event));
    case "workflow_dispatch":
      return branchPlan(event, mode, parse(WorkflowDispatchPayload, payload, event));
    case "pull_request": {
      // A baseline measured from a pull request's code would let it bless itself: refused.
      if (mode !== "auto" && mode !== "check") return unsupported(event, mode);
      const p = parse(PullRequestPayload, payload, event);
      const pr = p.pull_request;
      return {
        kind: "check",
        event,
        baseBranch: pr.base.ref,
        defaultBranch: p.repository.default_branch,
        repositoryId: p.repository.id,
        pullRequest: {
          number: pr.number,
          headSha: pr.head.sha,
          headRef: pr.head.ref,
          baseRef: pr.base.ref,
          baseSha: pr.base.sha,
          fork: pr.head.repo?.full_name !== p.repository.full_name,
        },
      };
    }
    case "workflow_run": {
      if (mode !== "auto" && mode !== "comment") return unsupported(event, mode);
      const p = parse(WorkflowRunPayload, payload, event);
      const run = p.workflow_run;
      return {
        kind: "comment",
        event,
        runId: run.id,
        runEvent: run.event,
        headSha: run.head_sha,
        runUrl: run.html_url,
        headRepository: run.head_repository?.full_name,
      };
    }
    default:
      throw new InputError("GITHUB_EVENT_NAME", `the "${event}" event is not supported; perf-gate runs on push, pull_request, workflow_dispatch and workflow_run`);
  }
}
