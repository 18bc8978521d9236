/**
 * Opens the API's database: the Postgres server at DATABASE_URL, or the embedded
 * PGlite database kept under the data folder, served on a local port so every part
 * of Plinth talks `pg` alike. Control-plane migrations are applied before use.
 */
import { join } from "node:path";
import { createPool, migrate, type Pool, quoteIdent, quoteLiteral, startEmbeddedPostgres } from "@plinth/db";
import { AUTHENTICATOR_ROLE } from "@plinth/provision";

export interface ApiDatabase {
  /** Control plane, provisioning and jobs (a privileged role). */
  pool: Pool;
  /** The data API's connections, as the unprivileged authenticator role where the server allows it. */
  restPool: Pool;
  description: string;
  close(): Promise<void>;
}

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  authenticatorPassword?: string;
  restDatabaseUrl?: string;
}): Promise<ApiDatabase> {
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl, { max: 10 });
    const { rows } = await pool.query<{ version: string }>("select split_part(version(), ' ', 2) as version");
    const url = new URL(options.databaseUrl);
    await migrate(pool);
    const authenticatorPassword = options.authenticatorPassword ?? "";
    if (authenticatorPassword) {
      // Kept in step with the environment, so a server with password authentication (or PostgREST) can log in.
      await pool.query(`alter role ${quoteIdent(AUTHENTICATOR_ROLE)} password ${quoteLiteral(authenticatorPassword)}`);
    }
    const restUrl = new URL(options.databaseUrl);
    restUrl.username = AUTHENTICATOR_ROLE;
    restUrl.password = authenticatorPassword;
    const restPool = createPool(options.restDatabaseUrl ?? restUrl.toString(), {
      max: 20,
      applicationName: "plinth-rest",
      // A data-API read is BEGIN + settings, the statement and COMMIT: written at once, one round trip.
      pipeline: true,
    });
    await restPool.query("select 1").catch((error: Error) => {
      throw new Error(
        `the data API could not connect as ${AUTHENTICATOR_ROLE}: ${error.message}. Give the role a password and set PLINTH_AUTHENTICATOR_PASSWORD, or set PLINTH_REST_DATABASE_URL.`,
      );
    });
    return {
      pool,
      restPool,
      description: `PostgreSQL ${rows[0]?.version ?? "?"} at ${url.host}${url.pathname}`,
      async close() {
        await Promise.all([pool.end(), restPool.end()]);
      },
    };
  }
  const dataDir = join(options.dataDir, "pglite");
  const embedded = await startEmbeddedPostgres({ dataDir });
  // One connection: the embedded server interleaves the protocol messages of concurrent
  // connections outside a transaction (a Bind can meet another connection's Parse:
  // "unnamed prepared statement does not exist"), and PGlite runs one query at a time anyway.
  const pool = createPool(embedded.connectionString, { max: 1 });
  await migrate(pool);
  return {
    pool,
    // PGlite has one backend and every connection is its superuser; requests still switch role per transaction.
    restPool: pool,
    description: `embedded ${embedded.version} in ${dataDir}`,
    async close() {
      await pool.end();
      await embedded.stop();
    },
  };
}
