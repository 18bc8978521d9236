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
  // An app member's user id.
  user: "uuid",
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

/** A literal with an explicit cast, e.g. '42'::integer; the value must already fit (`literalFits`). */
export function typedLiteral(value: unknown, type: ColumnType): string {
  const text = type === "jsonb" ? JSON.stringify(value) : String(value);
  return `${quoteLiteral(text)}::${SQL_TYPES[type]}`;
}
