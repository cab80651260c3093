import { httpStatusOf } from "./status.ts";
import { commentLength, GITHUB_COMMENT_LIMIT, truncateToLimit } from "../render/comment-limit.ts";

/** An issue comment as the REST API returns it (the fields used here). */
export interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type?: string } | null;
  /** Slug of the GitHub App the comment was made through (`performed_via_github_app`). */
  app?: string;
}

/** The comment calls, one page at a time so that pagination is decided here. */
export interface CommentsPort {
  listComments(issue: number, page: number, perPage: number): Promise<IssueComment[]>;
  createComment(issue: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<IssueComment>;
}

export interface StickyTarget {
  issue: number;
  /**
   * Login the token comments as; only its comments are ever edited. Unknown for
   * installation tokens (GET /user refuses them): then only a bot's comment
   * with the marker is taken, which no person and no fork can write.
   */
  author?: string;
  /** Tells several perf-gate comments on one pull request apart (one per config). */
  id?: string;
}

export interface UpsertResult {
  action: "created" | "updated" | "unchanged";
  url: string;
  id: number;
}

const PER_PAGE = 100;

/** The hidden line that marks perf-gate's comment. */
export function marker(id?: string): string {
  return id ? `<!-- perf-gate:${id.replace(/--+|>/g, "-")} -->` : "<!-- perf-gate -->";
}

/** The comment body: marker first, capped at GitHub's limit. */
export function commentBody(markdown: string, id?: string): string {
  const body = `${marker(id)}\n${markdown}`;
  return commentLength(body) <= GITHUB_COMMENT_LIMIT ? body : truncateToLimit(body, GITHUB_COMMENT_LIMIT);
}

/** Markdown length that fits the comment once the marker is added. */
export function markdownRoom(id?: string): number {
  return GITHUB_COMMENT_LIMIT - marker(id).length - 1;
}

function isOurs(comment: IssueComment, target: StickyTarget): boolean {
  const first = (comment.body ?? "").split("\n", 1)[0]?.trim();
  if (first !== marker(target.id) || !comment.user) return false;
  return target.author ? comment.user.login === target.author : comment.user.type === "Bot";
}

/** The comments that may be this token's sticky comment, oldest first (all pages). */
export async function findStickies(port: CommentsPort, target: StickyTarget): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  for (let page = 1; ; page++) {
    const comments = await port.listComments(target.issue, page, PER_PAGE);
    found.push(...comments.filter((c) => isOurs(c, target)));
    if (target.author && found.length > 0) return found;
    if (comments.length < PER_PAGE) return found;
  }
}

export async function findSticky(port: CommentsPort, target: StickyTarget): Promise<IssueComment | undefined> {
  return (await findStickies(port, target))[0];
}

/**
 * Creates the one perf-gate comment or edits it in place; leaves an identical
 * body alone. Creating is not idempotent, so a server error on create is not
 * retried blindly: the comments are listed again first, in case it went through.
 */
export async function upsertSticky(port: CommentsPort, target: StickyTarget, markdown: string): Promise<UpsertResult> {
  const body = commentBody(markdown, target.id);
  for (let attempt = 1; ; attempt++) {
    // With the author unknown, another app's bot may hold a marked comment: editing it is refused, so the next one is tried.
    for (const existing of await findStickies(port, target)) {
      if (existing.body === body) return { action: "unchanged", url: existing.html_url, id: existing.id };
      try {
        const updated = await port.updateComment(existing.id, body);
        return { action: "updated", url: updated.html_url, id: updated.id };
      } catch (error) {
        const status = httpStatusOf(error);
        if (target.author || (status !== 403 && status !== 404)) throw error;
      }
    }
    try {
      const created = await port.createComment(target.issue, body);
      return { action: "created", url: created.html_url, id: created.id };
    } catch (error) {
      const status = httpStatusOf(error);
      if (attempt >= 2 || status === undefined || status < 500) throw error;
    }
  }
}
