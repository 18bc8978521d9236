/**
 * The embedded default database: PGlite (Postgres compiled to WASM) served over the
 * Postgres wire protocol on a local port, so code written for `pg` runs unchanged.
 *
 * PGlite is ONE Postgres backend. The socket server multiplexes many connections onto
 * it: queries run one at a time, and while one connection is inside a transaction the
 * others wait until it ends. Session-level state (`SET`, `set_config(..., false)`,
 * `SET ROLE`) is therefore shared by every connection — use transaction-local settings
 * only. Every connection is the superuser `postgres`, whatever user it names.
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgresOptions {
  /** Folder that keeps the data between runs; omit for an in-memory database. */
  dataDir?: string;
  /** Port to listen on; 0 (the default) lets the OS choose a free one. */
  port?: number;
  host?: string;
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  connectionString: string;
  /** "PostgreSQL 18.6 (PGlite 0.5.14)" — for logs and benchmark results. */
  version: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ?? "memory://");
  const server = new PGLiteSocketServer({
    db,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 100,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new Error(
      `could not start the embedded database on port ${options.port ?? 0}: ${(error as Error).message}. Choose another port or set DATABASE_URL.`,
      { cause: error },
    );
  }
  const { rows } = await db.query<{ version: string }>("select version()");
  // version() reads e.g. "PostgreSQL 18.6 (PGlite 0.5.14) on wasm32-unknown-emscripten, …".
  const version = /^PostgreSQL [0-9.]+ \(PGlite [0-9.]+\)/.exec(rows[0]?.version ?? "")?.[0] ?? "PGlite";
  return {
    connectionString: `postgres://postgres@${server.getServerConn()}/postgres`,
    version,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
