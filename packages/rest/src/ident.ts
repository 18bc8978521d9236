/**
 * The one place identifiers are turned into SQL. Callers pass names taken from the
 * schema model only; a NUL byte can never be part of a Postgres identifier, so it is
 * refused rather than silently truncated.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes("\u0000")) {
    throw new Error(`invalid identifier ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
