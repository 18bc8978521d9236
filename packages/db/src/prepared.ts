/**
 * Statements a connection is asked for again and again (the data API's GET of one row, a
 * list's page) are prepared: Postgres parses, analyses and plans the text once per
 * connection instead of on every request, and only Bind and Execute travel afterwards.
 * The plan stays right for every request: where row-level security applies Postgres
 * plans again for another role, claims are read when the statement runs, and a change
 * to the tables, the schema or its grants (stopping an app revokes USAGE) makes it
 * analyse the text afresh. Each connection keeps at most PREPARED_PER_CONNECTION, so a
 * client inventing new query shapes gets them unprepared and a backend's memory stays
 * bounded.
 */
import type { PoolClient } from "pg";

export const PREPARED_PER_CONNECTION = 200;
/** Texts remembered with their names; past this the names start afresh (never reused). */
const REMEMBERED_TEXTS = 5_000;

const nameOfText = new Map<string, string>();
let issued = 0;
const namesOn = new WeakMap<PoolClient, Set<string>>();

/** The name to run `text` under on `client`, or undefined when the connection holds its share already. */
export function preparedName(client: PoolClient, text: string): string | undefined {
  const onClient = namesOn.get(client) ?? new Set<string>();
  let name = nameOfText.get(text);
  if (name && onClient.has(name)) return name;
  if (onClient.size >= PREPARED_PER_CONNECTION) return undefined;
  if (!name) {
    if (nameOfText.size >= REMEMBERED_TEXTS) nameOfText.clear();
    name = `plinth_s${(issued++).toString(36)}`;
    nameOfText.set(text, name);
  }
  onClient.add(name);
  namesOn.set(client, onClient);
  return name;
}

/**
 * Postgres did not run a prepared statement: its preparation failed earlier on the
 * connection (26000: e.g. in a transaction written just before it that failed, on a
 * pipelining connection), or what it returns changed since (0A000). Running the text
 * unprepared gives its true answer.
 */
export function preparedStatementLost(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === "26000" || code === "0A000";
}
