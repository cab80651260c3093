import type { MergedComparison } from "../report/merge.ts";
import { GITHUB_COMMENT_LIMIT } from "./comment-limit.ts";
import { headline } from "./labels.ts";
import { type MarkdownOptions, renderMarkdown } from "./markdown.ts";
import { renderTerminal } from "./terminal.ts";

/**
 * One comment for a merged check. Results from different environments (OS,
 * architecture, Node version) are separate comparisons, each with its own
 * table under its own heading, sharing the comment's length.
 */
export function renderMergedMarkdown(groups: readonly MergedComparison[], options: MarkdownOptions = {}): string {
  const only = groups.length === 1 ? groups[0] : undefined;
  if (only) return renderMarkdown(only.comparison, options);
  const max = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const failed = groups.filter((g) => g.comparison.verdict === "fail").length;
  const head = `### ${failed ? "❌" : "✅"} perf-gate: ${groups.length} environments compared apart, ${failed ? `${failed} with regressions` : "no regressions"}\n${options.links?.length ? `\n${options.links.join(" · ")}\n` : ""}`;
  const share = Math.floor((max - head.length) / groups.length) - 2;
  const sections = groups.map(({ key, comparison }) =>
    renderMarkdown(comparison, { ...options, links: undefined, maxLength: share, title: `${key}: ${options.title ?? headline(comparison)}` }).replace(/^### /, "#### "),
  );
  return [head, ...sections].join("\n");
}

/** The terminal table of each environment, headed by it when there are several. */
export function renderMergedTerminal(groups: readonly MergedComparison[], color: boolean): string {
  if (groups.length === 1) return renderTerminal(groups[0]!.comparison, { color });
  return groups.map(({ key, comparison }) => `== ${key} ==\n${renderTerminal(comparison, { color })}`).join("\n");
}
