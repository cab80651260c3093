import MarkdownIt from "markdown-it";

/**
 * Renders markdown the way GitHub would for these purposes (CommonMark, tables,
 * strikethrough, raw HTML allowed, bare URLs autolinked) and lists every live
 * construct it finds: links, images, HTML other than the renderer's own
 * folding tags, headings other than the title, mentions, issue references,
 * autolinkable URLs, invisible or line-breaking characters, and table rows
 * that do not have the table's six cells.
 */
const md = new MarkdownIt({ html: true, linkify: true });
// GitHub links bare URLs with a scheme or www. and e-mail addresses, not bare domains.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: true });

/** The tags the renderer itself writes around the unchanged rows and the footnote. */
const OWN_TAGS = new Set(["<details>", "<summary>", "</summary>", "</details>", "<sub>", "</sub>"]);

const MENTION = /(^|[^\w`])@[a-z0-9]/i;
const REFERENCE = /(^|[^\w&])(#|GH-)\d/i;
const URL = /([a-z][a-z0-9+.-]*:\/\/|www\.)/i;
/** Bidi controls and zero-width characters other than the zero-width space the renderer inserts itself. */
const INVISIBLE = /[\u200C-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u180E\u00AD]/;

type Token = ReturnType<typeof md.parse>[number];

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    if (t.children) walk(t.children, visit);
  }
}

export function liveConstructs(markdown: string): string[] {
  const problems: string[] = [];
  if (markdown.includes("\r")) problems.push("carriage return");
  if (markdown.includes("<!--")) problems.push("HTML comment");
  if (INVISIBLE.test(markdown)) problems.push("invisible character");
  const tokens = md.parse(markdown, {});
  let headings = 0;
  let cells = -1;
  walk(tokens, (t) => {
    switch (t.type) {
      case "link_open":
        problems.push(`link ${t.attrGet("href")}`);
        break;
      case "image":
        problems.push(`image ${t.attrGet("src")}`);
        break;
      case "html_inline":
      case "html_block":
        for (const tag of t.content.trim().split(/\s*\n\s*/)) {
          if (tag && !OWN_TAGS.has(tag) && !/^<details><summary>[^<]*<\/summary>$/.test(tag)) problems.push(`HTML ${tag.slice(0, 40)}`);
        }
        break;
      case "heading_open":
        headings += 1;
        if (headings > 1) problems.push("heading");
        break;
      case "tr_open":
        cells = 0;
        break;
      case "td_open":
      case "th_open":
        cells += 1;
        break;
      case "tr_close":
        if (cells !== 6) problems.push(`table row with ${cells} cells`);
        break;
      case "text":
      case "code_inline": {
        if (MENTION.test(t.content)) problems.push(`mention in "${t.content.slice(0, 60)}"`);
        if (REFERENCE.test(t.content)) problems.push(`reference in "${t.content.slice(0, 60)}"`);
        if (URL.test(t.content)) problems.push(`URL in "${t.content.slice(0, 60)}"`);
        break;
      }
    }
  });
  return problems;
}

/** The cells of each body row of the rendered tables, as plain text. */
export function tableCells(markdown: string): string[][] {
  const rows: string[][] = [];
  let row: string[] | undefined;
  let inBody = false;
  walk(md.parse(markdown, {}), (t) => {
    if (t.type === "tbody_open") inBody = true;
    if (t.type === "tbody_close") inBody = false;
    if (t.type === "tr_open" && inBody) rows.push((row = []));
    if (t.type === "inline" && row && inBody) row.push(t.children?.map((c) => c.content).join("") ?? "");
    if (t.type === "tr_close") row = undefined;
  });
  return rows;
}
