/**
 * Rows written past row-level security and statements run as an app's user, for tests that
 * compare what a role may do with what the database lets it do.
 */
import { randomUUID } from "node:crypto";
import { type Database, inTransaction } from "@plinth/db";
import { type AppManifest, applyPlan } from "../apply.js";
import { planProvision } from "../plan.js";
import { withRequestContext } from "../request-context.js";
import { claimsOf, type Row, type User } from "./rows.js";

/** Inserts as the superuser (no row-level security), with created_by taken from `by`'s claims; the new id. */
async function insertAsOwner(db: Database, schema: string, table: string, row: Row, by: User): Promise<string> {
  const id = randomUUID();
  const values = { id, ...row };
  const columns = Object.keys(values);
  const claims = { "request.jwt.claims": JSON.stringify(claimsOf(by)) };
  await inTransaction(db, { settings: claims }, (client) =>
    client.query(
      `insert into "${schema}"."${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      Object.values(values),
    ),
  );
  return id;
}

/** Runs `sql` as `user` with `role` in the app: the rows and their count, or the error's SQLSTATE. */
async function runAs(
  db: Database,
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

/** Provisions `blueprint` as a new app and adds its manifest to `cleanup`, for deleteApp after the tests. */
async function provisionApp(
  db: Database,
  blueprint: unknown,
  cleanup: AppManifest[],
): Promise<{ appId: string; schema: string }> {
  const appId = randomUUID();
  const app = await applyPlan(db, planProvision(blueprint, appId));
  cleanup.push(app);
  return { appId, schema: app.schema };
}

/**
 * The helpers above on a test file's database (read when called: it may open in beforeAll);
 * `cleanup` holds every app `provision` made, for deleteApp after the tests.
 */
export function appSessions(db: () => Database) {
  const cleanup: AppManifest[] = [];
  return {
    cleanup,
    provision: (blueprint: unknown) => provisionApp(db(), blueprint, cleanup),
    insert: (schema: string, table: string, row: Row, by: User) => insertAsOwner(db(), schema, table, row, by),
    as: (appId: string, role: string, user: User, sql: string, params: unknown[] = []) =>
      runAs(db(), appId, role, user, sql, params),
  };
}
