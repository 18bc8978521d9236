/**
 * Failing a data-API read where the server or the network would, for tests: a one-shot
 * read is one pg query object (the transaction's settings, then the statement, see
 * @plinth/db's implicit-transaction.ts), and it learns of a failure through the handlers
 * pg calls as the server's messages arrive. `at: "settings"` fails it before anything
 * ran; `at: "statement"` after the settings took effect.
 */
import type { PoolClient } from "pg";

interface QueryObject {
  submit: unknown;
  handleCommandComplete(message: unknown, connection: unknown): void;
  handleError(error: Error, connection: unknown): void;
}

export function isQueryObject(query: unknown): query is QueryObject {
  return typeof (query as { submit?: unknown } | null)?.submit === "function";
}

/** Delivers `error` to `query` as pg would, instead of sending it; returns what pg's client.query returns for it. */
export function failQueryObject(
  client: PoolClient,
  query: QueryObject,
  at: "settings" | "statement",
  error: Error,
): QueryObject {
  const connection = (client as unknown as { connection: unknown }).connection;
  process.nextTick(() => {
    if (at === "statement") query.handleCommandComplete({ command: "SELECT", rowCount: 1 }, connection);
    query.handleError(error, connection);
  });
  return query;
}
