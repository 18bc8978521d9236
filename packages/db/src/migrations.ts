/**
 * Applies the control-plane migrations in supabase/migrations/*.sql in name order,
 * each once, each in its own transaction. Replicas starting together serialize on an
 * advisory lock, so each migration runs exactly once however many start.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Pool } from "pg";

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../../supabase/migrations", import.meta.url));
/** Any constant works; it only has to be the same for every replica. */
const MIGRATION_LOCK_KEY = 7_204_118_301;

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

/** Returns the names of the migrations this call applied (empty when up to date). */
export async function migrate(pool: Pool, migrations = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  // Each step holds the lock for its own transaction and re-reads what is applied under it,
  // which is also correct on the embedded server, where every connection shares one session.
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    await client.query("begin");
    try {
      await client.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      const result = await fn();
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  };
  try {
    await locked(() =>
      client.query(
        `create table if not exists public.plinth_migrations (
           name text primary key,
           applied_at timestamptz not null default now()
         )`,
      ),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      const ran = await locked(async () => {
        const { rowCount } = await client.query("select 1 from public.plinth_migrations where name = $1", [
          migration.name,
        ]);
        if (rowCount) return false;
        try {
          await client.query(migration.sql);
        } catch (error) {
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        await client.query("insert into public.plinth_migrations (name) values ($1)", [migration.name]);
        return true;
      });
      if (ran) applied.push(migration.name);
    }
    return applied;
  } finally {
    client.release();
  }
}
