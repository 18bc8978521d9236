/**
 * The one place Plinth turns names and values into SQL text, for the statements that
 * cannot take bind parameters (DDL, generated SQL over a schema's names). Identifiers go
 * through `pg`'s own escapeIdentifier; what it does not check is refused here first.
 * It imports nothing but `pg`, so pure packages (e.g. @plinth/rest) can use it through
 * `@plinth/db/sql-text` without loading the embedded server.
 */
import pg from "pg";

/** Postgres silently truncates longer names, which could make two objects collide. */
export const MAX_IDENTIFIER_BYTES = 63;

/** A quoted identifier, e.g. "deals"; refuses an empty name, a NUL byte and a name Postgres would truncate. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes("\0")) throw new Error(`not a usable SQL identifier: ${JSON.stringify(name)}`);
  if (Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) {
    throw new Error(`SQL identifier longer than ${MAX_IDENTIFIER_BYTES} bytes: ${JSON.stringify(name)}`);
  }
  return pg.escapeIdentifier(name);
}

/** A qualified name, e.g. "app_1a2b"."deals". */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A literal for SQL text (only where bind parameters cannot be used); refuses NUL. */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new Error("a SQL literal cannot contain a NUL character");
  const body = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${body.replaceAll("\\", "\\\\")}'` : `'${body}'`;
}
