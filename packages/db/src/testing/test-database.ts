/**
 * The database a test runs against: the server at DATABASE_URL when it is set (CI uses
 * a real PostgreSQL), otherwise a fresh in-memory embedded PGlite server.
 */
import { startEmbeddedPostgres } from "../embedded.js";
import { createPool, type Pool } from "../pool.js";

export interface TestDatabase {
  connectionString: string;
  pool: Pool;
  /** True when this is the embedded PGlite server rather than DATABASE_URL. */
  embedded: boolean;
  /** The server's version string, e.g. "PostgreSQL 15.20" or "PostgreSQL 18.6 (PGlite 0.5.14)". */
  version: string;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pool = createPool(url, { applicationName: "plinth-test" });
    return {
      connectionString: url,
      pool,
      embedded: false,
      version: await serverVersion(pool),
      close: () => pool.end(),
    };
  }
  const server = await startEmbeddedPostgres();
  const pool = createPool(server.connectionString, { applicationName: "plinth-test" });
  return {
    connectionString: server.connectionString,
    pool,
    embedded: true,
    version: server.version,
    async close() {
      await pool.end();
      await server.stop();
    },
  };
}

async function serverVersion(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ version: string }>("select version()");
  return /^PostgreSQL [0-9.]+( \(PGlite [0-9.]+\))?/.exec(rows[0]?.version ?? "")?.[0] ?? "PostgreSQL";
}
