import { createHash } from "node:crypto";

/** The config path the action uses when the input is empty; it adds nothing to the names. */
const DEFAULT_CONFIG = "perf-gate.config.json";

const slug = (text: string): string => text.replace(/[^\w.-]+/g, "-").replace(/^[-.]+|-+$/g, "");

/**
 * What tells this job's artifacts and comment apart from other jobs of the same
 * run: the matrix values (the `matrix` input, `toJSON(matrix)` by default) and a
 * config other than the default. Empty for a single job with the default config,
 * so its names stay the plain input names. Stable across runs, so a pull
 * request's matrix job finds the baseline of the same matrix job on main.
 */
export function jobKey(matrixJson: string | undefined, config: string): string {
  const parts: string[] = [];
  const matrix = parseMatrix(matrixJson);
  for (const name of Object.keys(matrix).sort()) {
    const value = matrix[name];
    parts.push(typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value));
  }
  const configPath = config.replace(/^\.\//, "");
  if (configPath !== DEFAULT_CONFIG) parts.push(configPath.replace(/\.json$/i, ""));
  const key = slug(parts.join("-"));
  if (key.length <= 48) return key;
  // Long keys keep a readable head and a hash of the whole.
  return `${key.slice(0, 39)}-${createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 8)}`;
}

function parseMatrix(text: string | undefined): Record<string, unknown> {
  if (!text || text === "null") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    return value === null ? {} : { matrix: value };
  } catch {
    return { matrix: text };
  }
}

/** An artifact name for this job: the input's name, suffixed with the job key when there is one. */
export function keyedName(name: string, key: string): string {
  return key ? `${name}-${key}` : name;
}

/** The sticky comment's id for this job: the comment-id input and the job key, either or both. */
export function keyedCommentId(id: string | undefined, key: string): string | undefined {
  const joined = [id, key].filter(Boolean).join("-");
  return joined ? joined.slice(0, 64) : undefined;
}

/** The job key of an artifact called `name` when the base name is `base` (undefined when it is not one of them). */
export function keyOfName(name: string, base: string): string | undefined {
  if (name === base) return "";
  if (!name.startsWith(`${base}-`)) return undefined;
  const key = name.slice(base.length + 1);
  return /^[\w.-]{1,64}$/.test(key) ? key : undefined;
}
