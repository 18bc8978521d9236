/**
 * Transactions on a pool or a client the caller holds: the one way Plinth runs several
 * statements atomically.
 */
import type { Pool, PoolClient } from "pg";
import { quoteLiteral } from "./sql-text.js";

/** Where statements run: a pool (a client is borrowed) or a client the caller holds. */
export type Database = Pool | PoolClient;

export async function withClient<T>(db: Database, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  if (typeof (db as PoolClient).release === "function") return fn(db as PoolClient);
  const client = await (db as Pool).connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export interface TransactionOptions {
  readOnly?: boolean;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  /** Transaction-local settings (set_config(name, value, true)), applied in the same round trip as BEGIN. */
  settings?: Record<string, string>;
}

/**
 * Runs `fn` in one transaction: committed when it returns, rolled back when it throws.
 * BEGIN and every setting go to the server as one statement batch: this is on the data
 * API's hot path, where each round trip counts. Values are quoted literals, never SQL.
 */
export async function inTransaction<T>(
  db: Database,
  options: TransactionOptions,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const settings: Record<string, string> = { ...options.settings };
  if (options.statementTimeoutMs !== undefined) settings.statement_timeout = `${options.statementTimeoutMs}ms`;
  if (options.lockTimeoutMs !== undefined) settings.lock_timeout = `${options.lockTimeoutMs}ms`;
  const calls = Object.entries(settings).map(
    ([name, value]) => `set_config(${quoteLiteral(name)}, ${quoteLiteral(value)}, true)`,
  );
  const begin = options.readOnly ? "begin read only" : "begin";
  return withClient(db, async (client) => {
    try {
      await client.query(calls.length > 0 ? `${begin}; select ${calls.join(", ")}` : begin);
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw new TransactionSetupError((error as Error).message, { cause: error });
    }
    try {
      const result = await fn(client);
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    }
  });
}

/** BEGIN or one of the transaction's settings failed (e.g. a role that does not exist); nothing ran. */
export class TransactionSetupError extends Error {
  override name = "TransactionSetupError";
}
