/**
 * The only two ways provisioning turns a value into SQL text. DDL takes no bind
 * parameters, so every identifier goes through quoteIdent and every value through
 * typedLiteral; nothing from a blueprint is ever pasted in as SQL.
 */
import type { ColumnType } from "@plinth/blueprint";
import { quoteLiteral } from "@plinth/db";

export { quoteLiteral };

/** Postgres silently truncates longer names, which could make two objects collide. */
export const MAX_IDENTIFIER_BYTES = 63;

export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes("\0")) throw new Error(`not a usable SQL identifier: ${JSON.stringify(name)}`);
  if (Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) {
    throw new Error(`SQL identifier longer than ${MAX_IDENTIFIER_BYTES} bytes: ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** A qualified name, e.g. "app_1a2b"."deals". */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A string literal that means the same whatever standard_conforming_strings says. */

export const SQL_TYPES: Record<ColumnType, string> = {
  uuid: "uuid",
  text: "text",
  int: "integer",
  float: "double precision",
  bool: "boolean",
  date: "date",
  timestamptz: "timestamptz",
  jsonb: "jsonb",
  // The file's storage path; the file itself is kept by the API's storage service.
  file: "text",
  image: "text",
};

/** A literal with an explicit cast, e.g. '42'::integer; the value must already be checked with literalProblem. */
export function typedLiteral(value: unknown, type: ColumnType): string {
  const text = type === "jsonb" ? JSON.stringify(value) : String(value);
  return `${quoteLiteral(text)}::${SQL_TYPES[type]}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const INTEGER_RANGE = 2_147_483_647;

/**
 * Why `value` is not a valid literal of `type`, or null. Checked before planning so a
 * bad literal is reported against the blueprint instead of failing half-way through DDL.
 */
export function literalProblem(value: unknown, type: ColumnType): string | null {
  switch (type) {
    case "jsonb":
      return null;
    case "file":
    case "image":
      return "a file column's value is set by uploading a file, not written in the blueprint";
    case "text":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? null
        : "expected a text value";
    case "int": {
      const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
      return typeof n === "number" && Number.isInteger(n) && Math.abs(n) <= INTEGER_RANGE
        ? null
        : "expected a whole number between -2147483647 and 2147483647";
    }
    case "float": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      return typeof n === "number" && Number.isFinite(n) ? null : "expected a number";
    }
    case "bool":
      return typeof value === "boolean" ? null : "expected true or false";
    case "uuid":
      return typeof value === "string" && UUID.test(value) ? null : "expected a UUID";
    case "date":
      return typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : "expected a date such as 2024-01-31";
    case "timestamptz":
      return typeof value === "string" && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : "expected an ISO 8601 timestamp such as 2024-01-31T09:00:00Z";
  }
}
