import pg from "pg";

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /** Most connections the pool opens; the embedded server runs them one query at a time anyway. */
  max?: number;
  /** Name shown in pg_stat_activity, so an operator can tell Plinth's connections apart. */
  applicationName?: string;
  /** Longest a new connection may take before it fails (default: wait as long as the network does). */
  connectionTimeoutMs?: number;
}

/** The one way Plinth opens connections, so every package talks to Postgres through `pg` alike. */
export function createPool(connectionString: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "plinth",
    ...(options.connectionTimeoutMs !== undefined && { connectionTimeoutMillis: options.connectionTimeoutMs }),
  });
  // An idle client that loses its server (restart, embedded server stopped) must not crash the process.
  pool.on("error", () => undefined);
  return pool;
}
