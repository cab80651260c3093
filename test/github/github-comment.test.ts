import { describe, expect, it } from "vitest";
import { type CommentsPort, commentBody, type IssueComment, marker, upsertSticky } from "../../src/github/comment.ts";
import { GITHUB_COMMENT_LIMIT } from "../../src/render/markdown.ts";

/** An issue's comments behind Octokit-like paged calls, recording every call. */
function fakeIssue(initial: Array<{ body: string; login: string }>, options: { failCreate?: number[] } = {}) {
  let id = 1000;
  const comments: IssueComment[] = initial.map((c) => ({ id: id++, body: c.body, user: { login: c.login }, html_url: `https://github.test/c/${id}` }));
  const calls: string[] = [];
  const failCreate = [...(options.failCreate ?? [])];
  const port: CommentsPort = {
    async listComments(_issue, page, perPage) {
      calls.push(`list ${page}`);
      return comments.slice((page - 1) * perPage, page * perPage).map((c) => ({ ...c }));
    },
    async createComment(_issue, body) {
      calls.push("create");
      const comment = { id: id++, body, user: { login: "github-actions[bot]" }, html_url: `https://github.test/c/${id}` };
      comments.push(comment);
      const status = failCreate.shift();
      // The comment went through, but the response was lost.
      if (status) throw Object.assign(new Error(`HTTP ${status}`), { status });
      return comment;
    },
    async updateComment(commentId, body) {
      calls.push(`update ${commentId}`);
      const comment = comments.find((c) => c.id === commentId);
      if (!comment) throw Object.assign(new Error("not found"), { status: 404 });
      comment.body = body;
      return { ...comment };
    },
  };
  return { port, comments, calls };
}

const bot = { issue: 1, author: "github-actions[bot]" };

describe("sticky comment", () => {
  it("creates one comment with the hidden marker, then edits it in place", async () => {
    const issue = fakeIssue([{ body: "LGTM", login: "alice" }]);
    const first = await upsertSticky(issue.port, bot, "### first");
    expect(first.action).toBe("created");
    expect(issue.comments[1]?.body).toBe("<!-- perf-gate -->\n### first");
    const second = await upsertSticky(issue.port, bot, "### second");
    expect(second).toMatchObject({ action: "updated", id: first.id });
    expect(issue.comments).toHaveLength(2);
    expect(issue.comments[1]?.body).toBe("<!-- perf-gate -->\n### second");
  });

  it("skips the edit when the body is identical", async () => {
    const issue = fakeIssue([{ body: commentBody("### same"), login: "github-actions[bot]" }]);
    const result = await upsertSticky(issue.port, bot, "### same");
    expect(result.action).toBe("unchanged");
    expect(issue.calls).toEqual(["list 1"]);
  });

  it("matches the marker AND the author: a quoted marker by someone else is left alone", async () => {
    const issue = fakeIssue([
      { body: "<!-- perf-gate -->\nquoted by a person", login: "mallory" },
      { body: "mentions <!-- perf-gate --> later", login: "github-actions[bot]" },
    ]);
    const result = await upsertSticky(issue.port, bot, "### mine");
    expect(result.action).toBe("created");
    expect(issue.comments.map((c) => c.body)).toEqual(["<!-- perf-gate -->\nquoted by a person", "mentions <!-- perf-gate --> later", "<!-- perf-gate -->\n### mine"]);
  });

  it("pages through long threads to find its comment", async () => {
    const chatter = Array.from({ length: 230 }, (_, i) => ({ body: `comment ${i}`, login: "alice" }));
    const issue = fakeIssue([...chatter, { body: "<!-- perf-gate -->\nold", login: "github-actions[bot]" }]);
    const result = await upsertSticky(issue.port, bot, "new");
    expect(result.action).toBe("updated");
    expect(issue.calls).toEqual(["list 1", "list 2", "list 3", `update ${issue.comments[230]?.id}`]);
    expect(issue.comments).toHaveLength(231);
  });

  it("keeps separate comments per id", async () => {
    const issue = fakeIssue([]);
    await upsertSticky(issue.port, { ...bot, id: "api" }, "api table");
    await upsertSticky(issue.port, { ...bot, id: "web" }, "web table");
    await upsertSticky(issue.port, { ...bot, id: "api" }, "api table 2");
    expect(issue.comments.map((c) => c.body)).toEqual([`${marker("api")}\napi table 2`, `${marker("web")}\nweb table`]);
    expect(marker("api")).toBe("<!-- perf-gate:api -->");
  });

  it("after a server error on create, lists again instead of posting twice", async () => {
    const issue = fakeIssue([], { failCreate: [502] });
    const result = await upsertSticky(issue.port, bot, "### once");
    expect(issue.comments).toHaveLength(1);
    expect(result.action).toBe("unchanged");
    expect(issue.calls).toEqual(["list 1", "create", "list 1"]);
  });

  it("passes a refusal (403) through to the caller", async () => {
    const issue = fakeIssue([]);
    issue.port.createComment = async () => {
      throw Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
    };
    await expect(upsertSticky(issue.port, bot, "x")).rejects.toMatchObject({ status: 403 });
  });

  it("caps the body at GitHub's limit", () => {
    expect(commentBody("x".repeat(70_000)).length).toBe(GITHUB_COMMENT_LIMIT);
  });
});
