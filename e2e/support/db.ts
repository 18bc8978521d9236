/**
 * Looks at the database the servers use, to check what a founder cannot see in the
 * browser: that an app's schema and tables exist, and that nothing is left after delete.
 * On the embedded database (no DATABASE_URL) the API owns the only connection, so
 * these checks go through what the API reports instead.
 */
import { createPool } from "@plinth/db";
import { inject } from "vitest";

export const hasDirectDatabase = () => inject("databaseUrl") !== "";

export async function catalog(schema: string): Promise<{ tables: string[]; roles: string[] }> {
  const pool = createPool(inject("databaseUrl"), { max: 1 });
  try {
    const tables = await pool.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = $1 order by 1",
      [schema],
    );
    const roles = await pool.query<{ name: string }>(
      "select rolname as name from pg_roles where starts_with(rolname, $1) order by 1",
      [`${schema}_`],
    );
    return { tables: tables.rows.map((r) => r.name), roles: roles.rows.map((r) => r.name) };
  } finally {
    await pool.end();
  }
}
