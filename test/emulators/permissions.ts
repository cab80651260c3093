// Who may call what: GitHub's documented fine-grained permission per operation (the
// "Fine-grained access tokens" / "GitHub App" permission lines of each REST page), and
// whether the call works without a token on a public repository.
import { errorBody } from "./github-objects.ts";
import type { Reply } from "./http.ts";
import type { Level, Scope, Token } from "./state.ts";

interface Rule {
  /** Any one of these scopes at `level` suffices (comments on a pull request: issues or pull-requests). */
  scopes: Scope[];
  level: "read" | "write";
  /** Answered without a token when the repository is public. */
  anonymous: boolean;
}

export const OPERATION_RULES: Record<string, Rule> = {
  "actions/list-artifacts-for-repo": { scopes: ["actions"], level: "read", anonymous: true },
  "actions/list-workflow-run-artifacts": { scopes: ["actions"], level: "read", anonymous: true },
  "actions/get-workflow-run": { scopes: ["actions"], level: "read", anonymous: true },
  // Downloading an artifact needs a signed-in caller even on a public repository.
  "actions/download-artifact": { scopes: ["actions"], level: "read", anonymous: false },
  "issues/list-comments": { scopes: ["issues", "pull-requests"], level: "read", anonymous: true },
  "issues/create-comment": { scopes: ["issues", "pull-requests"], level: "write", anonymous: false },
  "issues/update-comment": { scopes: ["issues", "pull-requests"], level: "write", anonymous: false },
  "issues/delete-comment": { scopes: ["issues", "pull-requests"], level: "write", anonymous: false },
  "pulls/get": { scopes: ["pull-requests"], level: "read", anonymous: true },
  "repos/list-pull-requests-associated-with-commit": { scopes: ["contents"], level: "read", anonymous: true },
};

const RANK: Record<Level, number> = { none: 0, read: 1, write: 2 };

/** The refusal GitHub gives this caller for this operation, or undefined when it may go on. */
export function refusal(operationId: string, token: Token | undefined, visibility: "public" | "private"): Reply | undefined {
  const docs = `https://docs.github.com/rest/${operationId}`;
  if (operationId === "users/get-authenticated") {
    if (!token) return { status: 401, body: errorBody(401, "Requires authentication", docs) };
    // Installation tokens (GITHUB_TOKEN, an App's) are refused here.
    if (token.kind === "installation") return { status: 403, body: errorBody(403, "Resource not accessible by integration", docs) };
    if (token.kind === "app") return { status: 401, body: errorBody(401, "Bad credentials", docs) };
    return undefined;
  }
  if (operationId === "apps/get-authenticated") {
    // Only the App's JWT names the App; any other credential is not a JWT.
    if (token?.kind !== "app") return { status: 401, body: errorBody(401, "A JSON web token could not be decoded", docs) };
    return undefined;
  }
  const rule = OPERATION_RULES[operationId];
  if (!rule) return undefined;
  if (!token) {
    // A private repository does not exist for an anonymous caller.
    if (visibility === "private") return { status: 404, body: errorBody(404, "Not Found", docs) };
    if (!rule.anonymous || rule.level === "write") return { status: 401, body: errorBody(401, "Requires authentication", docs) };
    return undefined;
  }
  if (token.kind === "user") return undefined;
  if (token.kind === "app") return { status: 401, body: errorBody(401, "Bad credentials", docs) };
  const granted = Math.max(...rule.scopes.map((scope) => RANK[token.permissions[scope] ?? "none"]));
  if (granted >= RANK[rule.level]) return undefined;
  return { status: 403, body: errorBody(403, "Resource not accessible by integration", docs) };
}
