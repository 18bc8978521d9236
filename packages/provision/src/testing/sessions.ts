/**
 * Rows written past row-level security and statements run as an app's user, for tests that
 * compare what a role may do with what the database lets it do.
 */
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { withRequestContext } from "../request-context.js";
import { claimsOf, type Row, type User } from "./rows.js";

/** Inserts as the superuser (no row-level security), with created_by taken from `by`'s claims; the new id. */
export async function insertAsOwner(db: Pool, schema: string, table: string, row: Row, by: User): Promise<string> {
  const id = randomUUID();
  const values = { id, ...row };
  const columns = Object.keys(values);
  const client = await db.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(by))]);
    await client.query(
      `insert into "${schema}"."${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      Object.values(values),
    );
    await client.query("commit");
    return id;
  } finally {
    client.release();
  }
}

/** Runs `sql` as `user` with `role` in the app: the rows and their count, or the error's SQLSTATE. */
export async function runAs(
  db: Pool,
  appId: string,
  role: string,
  user: User,
  sql: string,
  params: unknown[] = [],
): Promise<{ rows: Row[]; count: number | null; code: string | null }> {
  try {
    const result = await withRequestContext(db, { appId, role, claims: claimsOf(user) }, (c) => c.query(sql, params));
    return { rows: result.rows as Row[], count: result.rowCount, code: null };
  } catch (error) {
    return { rows: [], count: 0, code: (error as { code?: string }).code ?? "no code" };
  }
}
