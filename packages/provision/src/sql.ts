/**
 * How provisioning turns a blueprint value into SQL text. DDL takes no bind parameters,
 * so every identifier goes through @plinth/db's quoteIdent and every value through
 * typedLiteral; nothing from a blueprint is ever pasted in as SQL.
 */
import type { ColumnType } from "@plinth/blueprint";
import { quoteLiteral } from "@plinth/db";

/** The Postgres type each blueprint column type is stored as. */
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
