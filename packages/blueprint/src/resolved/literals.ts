/**
 * Whether a JSON literal fits a column type. Shared by column defaults, min/max, enum
 * values and filter operands — in the verifier and in provisioning — because all of
 * them end up as typed values in SQL and Postgres would refuse a value of the wrong
 * type at run time. A literal is written in its JSON type: `"42"` is text, not an int.
 */
import type { ColumnType } from "../schema.js";

/** Postgres' integer. */
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
/** A UUID in its usual hyphenated form, unanchored, for composing larger patterns. */
export const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID = new RegExp(`^${UUID_PATTERN}$`, "i");

/** Whether a string is a UUID as Postgres' uuid type prints it (any letter case): the one UUID check in Plinth. */
export const isUuid = (value: string): boolean => UUID.test(value);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Looks like a Plinth variable such as `$user.id`; "$5 off" does not. */
const VARIABLE = /^\$[a-z_]+(\.[a-z_]+)*$/;

export const isVariable = (value: unknown): boolean => typeof value === "string" && VARIABLE.test(value);

export function isValidDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isValidTimestamp(value: string): boolean {
  return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** What a literal of `type` looks like, for messages. */
export function describeType(type: ColumnType): string {
  switch (type) {
    case "uuid":
      return 'a UUID such as "3f2b8c1e-0000-4000-8000-000000000000"';
    case "user":
      return 'a member\'s user id (a UUID), or "$user.id"';
    case "text":
      return "a string";
    case "int":
      return `a whole number from ${INT_MIN} to ${INT_MAX}`;
    case "float":
      return "a number";
    case "bool":
      return "true or false";
    case "date":
      return 'a date such as "2025-01-31"';
    case "timestamptz":
      return 'a date and time such as "2025-01-31T09:00:00Z"';
    case "jsonb":
      return "any JSON value";
    case "file":
    case "image":
      return "a file uploaded in the app";
  }
}

/** True when `value` (never a variable) is a literal of `type`. */
export function literalFits(type: ColumnType, value: unknown): boolean {
  switch (type) {
    case "uuid":
    case "user":
      return typeof value === "string" && UUID.test(value);
    case "text":
      return typeof value === "string";
    case "int":
      return typeof value === "number" && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "bool":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && isValidDate(value);
    case "timestamptz":
      return typeof value === "string" && isValidTimestamp(value);
    case "jsonb":
      return true;
    // A file column's value is a storage path Plinth writes on upload; no literal names a file.
    case "file":
    case "image":
      return false;
  }
}

/** Orders two literals of a numeric or temporal type; null when they cannot be compared. */
export function compareLiterals(type: ColumnType, a: unknown, b: unknown): number | null {
  if ((type === "int" || type === "float") && typeof a === "number" && typeof b === "number") return a - b;
  if ((type === "date" || type === "timestamptz") && typeof a === "string" && typeof b === "string") {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    return Number.isNaN(ta) || Number.isNaN(tb) ? null : ta - tb;
  }
  return null;
}
