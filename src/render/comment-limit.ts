/**
 * GitHub's limit on a comment body, as GitHub counts it: 65,536 characters,
 * where a character is a Unicode code point (its Ruby String#length). An
 * emoji outside the Basic Multilingual Plane is one character there, but two
 * UTF-16 units in a JavaScript string's `length`.
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Length of `text` in code points, as GitHub measures a comment. */
export function commentLength(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** The longest prefix of `text` of at most `limit` code points; never splits a surrogate pair. */
export function truncateToLimit(text: string, limit = GITHUB_COMMENT_LIMIT): string {
  if (text.length <= limit) return text;
  let points = 0;
  let i = 0;
  while (i < text.length && points < limit) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    i += pair ? 2 : 1;
    points++;
  }
  return text.slice(0, i);
}
