/**
 * Metric-id globs: `*` matches any run of characters (slashes included, since
 * ids look like `suite/benchmark.stat`), `?` one character. Everything else is literal.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

export function matchesGlob(id: string, pattern: string): boolean {
  return globToRegExp(pattern).test(id);
}

/** Specificity for "most specific pattern wins": more literal characters first. */
export function globSpecificity(pattern: string): number {
  return pattern.replace(/[*?]/g, "").length;
}
