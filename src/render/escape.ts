/**
 * Neutralising text that the renderers did not write themselves. Everything in
 * a Comparison may come from a fork's code (names, units, notes, environment),
 * so none of it may become live markdown, HTML, a link, a mention or a
 * terminal escape, and none of it may be long enough to crowd out the verdict.
 */

/** Caps, in characters, of untrusted strings as rendered. */
export const TEXT_CAP = { name: 120, unit: 16, env: 80, note: 600, budget: 60 } as const;

/**
 * Format characters (bidi overrides and isolates, zero-width joiners and
 * spaces, the byte-order mark, tag characters) are invisible and can reorder or
 * hide what is shown: removed. Control characters (ESC, CR, LF, tab, C1) and
 * line or paragraph separators end lines or drive terminals: each becomes a space.
 */
const INVISIBLE = /[\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu;
const LINE_BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]/gu;

/** Cuts to at most `max` code points, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Cheap first cut by code units (a 1 MB string is not split into code points whole).
  const points = Array.from(text.slice(0, max * 2 + 2));
  return points.length <= max ? points.join("") : points.slice(0, Math.max(0, max - 1)).join("") + "…";
}

/** One plain line: no invisible or control characters, trimmed, at most `max` characters. */
export function plainLine(text: string, max: number): string {
  // Cut first so that the regular expressions only ever see a bounded string.
  const bounded = text.length > max * 4 ? text.slice(0, max * 4) : text;
  return truncate(bounded.replace(INVISIBLE, "").replace(LINE_BREAKING, " ").replace(/ {2,}/g, " ").trim(), max);
}

/** A zero-width space written as an entity: it breaks what GitHub would link, and nothing else shows. */
const BREAK = "&#8203;";

/** Characters with a meaning anywhere in a line of markdown (emphasis, code, links, images, tables, math), escaped with a backslash. */
const MARKDOWN_PUNCTUATION = new Set("\\`*_~[]!|$".split(""));
const HTML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Untrusted text as inert inline markdown, safe in a table cell, a list item or
 * a heading: HTML escaped (so no tag, comment or entity), markdown punctuation
 * escaped (no link, image, emphasis, table break or block start), and a
 * zero-width break after `@` and `#` and inside `://` and `www.`, so GitHub
 * makes no mention, team mention, issue reference (or closing keyword) and no
 * autolinked URL or e-mail of it.
 */
export function inlineMarkdown(text: string, max: number): string {
  const line = plainLine(text, max);
  let out = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    const entity = HTML_ENTITY[ch];
    if (entity) out += entity;
    else if (ch === "@" || ch === "#") out += `\\${ch}${BREAK}`;
    else if (ch === ":" && line[i + 1] === "/") out += `\\:${BREAK}`;
    else if (ch === "." && /www$/i.test(line.slice(Math.max(0, i - 3), i))) out += `${BREAK}\\.`;
    else if (ch === "-" && /gh$/i.test(line.slice(Math.max(0, i - 2), i))) out += `-${BREAK}`;
    else if (MARKDOWN_PUNCTUATION.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  // A leading "1." or "1)", "-" or "+" would start a list inside a list item.
  return out.replace(/^(\d+)([.)])/, "$1\\$2").replace(/^[-+]/, "\\$&");
}

/** Untrusted text for a terminal: one line, no escape sequences or control characters. */
export function terminalText(text: string, max: number): string {
  return plainLine(text, max);
}

/** Text for a terminal stream that may hold several lines: only newlines and tabs survive of the control characters. */
export function terminalLines(text: string): string {
  return text.replace(INVISIBLE, "").replace(LINE_BREAKING, (ch) => (ch === "\n" || ch === "\t" ? ch : " "));
}
