import pg from "pg";

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /** Most connections the pool opens; the embedded server runs them one query at a time anyway. */
  max?: number;
  /** Name shown in pg_stat_activity, so an operator can tell Plinth's connections apart. */
  applicationName?: string;
  /**
   * Write statements without waiting for the answers of earlier ones (pg's pipeline
   * mode), so a transaction's BEGIN, settings, statement and COMMIT cost one round trip
   * (see inTransaction). Only for a real Postgres server.
   */
  pipeline?: boolean;
}

/** The one way Plinth opens connections, so every package talks to Postgres through `pg` alike. */
export function createPool(connectionString: string, options: PoolOptions = {}): Pool {
  // pg 8.23's pipeline option is not in @types/pg yet.
  const config: pg.PoolConfig & { pipeline?: boolean } = {
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "plinth",
    ...(options.pipeline && { pipeline: true }),
  };
  const pool = new pg.Pool(config);
  // An idle client that loses its server (restart, embedded server stopped) must not crash the process.
  pool.on("error", () => undefined);
  return pool;
}

/** Whether the pool's connections write statements without waiting for earlier answers (createPool's `pipeline`). */
export function poolPipelines(pool: Pool): boolean {
  return (pool as Pool & { options?: { pipeline?: boolean } }).options?.pipeline === true;
}
