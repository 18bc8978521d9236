/**
 * Looks at the database the servers use, to check what a founder cannot see in the
 * browser: that an app's schema and tables exist, and that nothing is left after delete.
 * On the embedded database (no DATABASE_URL) the API owns the only connection, so
 * these checks go through what the API reports instead.
 */
import type { TestPlinth } from "@plinth/api/testing";
import { createPool, type Pool } from "@plinth/db";
import { madeForFile } from "@plinth/db/testing";
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

/**
 * The suite's API as the API's own test helpers take it (they need only its address and
 * its database), to provision example apps straight into it; made in beforeAll, its pool
 * closed in afterAll.
 */
export const suiteApiForFile = (): { api: TestPlinth; pool: Pool } =>
  madeForFile(
    "the suite's API",
    async () => {
      const pool = createPool(inject("databaseUrl"), { max: 2 });
      return { pool, api: { url: inject("apiUrl"), plinth: { database: { pool } } } as unknown as TestPlinth };
    },
    ({ pool }) => pool.end(),
  );
