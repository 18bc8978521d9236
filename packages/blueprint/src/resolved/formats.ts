/**
 * What a text column's format requires, as a regular expression that means the same
 * to Postgres (`~`, the column's CHECK constraint) and to JavaScript (a form's check
 * before it sends). Formats without an entry are presentation only.
 */
import type { Column } from "../schema.js";

export const FORMAT_PATTERNS: Partial<Record<NonNullable<Column["format"]>, string>> = {
  email: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
  url: "^https?://[^\\s]+$",
  color: "^#[0-9a-fA-F]{6}$",
};
