/**
 * A problem found in a blueprint, worded for two readers: a model that must repair
 * the blueprint, and a founder who must understand why their app was refused.
 */
export interface Problem {
  /** JSON pointer into the blueprint, e.g. "/data/tables/0/columns/2/type". */
  path: string;
  /** Stable machine code, e.g. "unknown_column", "invalid_identifier". */
  code: string;
  message: string;
  /** What to change to fix it. */
  hint: string;
}

/** Turns a path of keys and indexes into a JSON pointer (RFC 6901). */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => `/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}
