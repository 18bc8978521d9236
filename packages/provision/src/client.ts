import type { Pool, PoolClient } from "pg";

/** Where provisioning runs: a pool (a client is borrowed) or a client the caller holds. */
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
}

/** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(
  db: Database,
  options: TransactionOptions,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return withClient(db, async (client) => {
    await client.query(options.readOnly ? "begin read only" : "begin");
    try {
      if (options.statementTimeoutMs !== undefined || options.lockTimeoutMs !== undefined) {
        await client.query("select set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true)", [
          `${options.statementTimeoutMs ?? 0}ms`,
          `${options.lockTimeoutMs ?? 0}ms`,
        ]);
      }
      const result = await fn(client);
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    }
  });
}
