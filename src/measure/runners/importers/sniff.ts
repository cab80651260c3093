/**
 * What format detection looks at: the text, and the JSON it holds (one
 * document, or one document per line as `go test -json` and cargo-criterion
 * write). Parsed once, shared by every format's test.
 */
export interface Sniffed {
  text: string;
  json?: unknown;
  jsonLines?: unknown[];
}

/**
 * How well a file fits a format: 1 is the format's signature, 0 nothing of
 * it; in between, the parts that fit, with `misfit` saying what did not.
 */
export interface Fit {
  score: number;
  misfit?: string;
}

export const NO_FIT: Fit = { score: 0 };
export const FITS: Fit = { score: 1 };

export function sniff(text: string): Sniffed {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { text, json: JSON.parse(trimmed) as unknown };
    } catch {
      const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "");
      try {
        return { text, jsonLines: lines.map((l) => JSON.parse(l) as unknown) };
      } catch {
        return { text };
      }
    }
  }
  return { text };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value` is an object with every one of `keys`. */
export function hasKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  return isObject(value) && keys.every((k) => k in value);
}

/**
 * The fit of JSON whose entries should carry `keys`: 1 when the first entry has
 * all, else a partial score naming the first missing key.
 */
export function entriesFit(entries: unknown, keys: readonly string[], where: string, base = 0.4): Fit {
  if (!Array.isArray(entries) || entries.length === 0) return { score: base, misfit: `${where} is not a non-empty list` };
  const first: unknown = entries[0];
  if (!isObject(first)) return { score: base, misfit: `${where}[0] is not an object` };
  const missing = keys.filter((k) => !(k in first));
  if (missing.length === 0) return FITS;
  return { score: base + (0.5 * (keys.length - missing.length)) / keys.length, misfit: `${where}[0] has no "${missing[0]}"` };
}

/** The fit of text by the share of signature patterns found in it. */
export function textFit(text: string, required: RegExp, what: string): Fit {
  return required.test(text) ? FITS : { score: 0, misfit: `no ${what}` };
}
