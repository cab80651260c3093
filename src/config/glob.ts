/**
 * Metric-id globs: `*` matches any run of characters (slashes included, since
 * ids look like `suite/benchmark.stat`), `?` one character. Everything else is literal.
 *
 * Matched by a wildcard scan, not a regular expression: `*a*a*a*a*b` as a
 * backtracking regex takes exponential time on a long id of `a`s; the scan
 * takes at most (id length × pattern length) steps.
 */
export interface Glob {
  test(id: string): boolean;
}

export function compileGlob(pattern: string): Glob {
  // Runs of stars are one star.
  const p = pattern.replace(/\*+/g, "*");
  return {
    test(id: string): boolean {
      let i = 0;
      let j = 0;
      let star = -1;
      let resume = 0;
      while (i < id.length) {
        if (j < p.length && (p[j] === "?" || (p[j] !== "*" && p[j] === id[i]))) {
          i++;
          j++;
        } else if (j < p.length && p[j] === "*") {
          star = j++;
          resume = i;
        } else if (star >= 0) {
          j = star + 1;
          i = ++resume;
        } else {
          return false;
        }
      }
      while (j < p.length && p[j] === "*") j++;
      return j === p.length;
    },
  };
}

export function matchesGlob(id: string, pattern: string): boolean {
  return compileGlob(pattern).test(id);
}

/** Specificity for "most specific pattern wins": more literal characters first. */
export function globSpecificity(pattern: string): number {
  return pattern.replace(/[*?]/g, "").length;
}
