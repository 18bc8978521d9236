/**
 * Start, stop and delete at the database level. Stopping revokes USAGE on the schema
 * from the app's roles, so no token can read or write a stopped app's data whatever
 * serves the HTTP; starting grants it back.
 */

import { type Database, inTransaction, qualified, quoteIdent } from "@plinth/db";
import type { PoolClient } from "pg";
import type { AppManifest } from "./apply.js";
import { AUTHENTICATOR_ROLE } from "./names.js";

const TIMEOUTS = { statementTimeoutMs: 30_000, lockTimeoutMs: 5_000 };

function roleList(roles: readonly string[]): string {
  return roles.map(quoteIdent).join(", ");
}

export async function startApp(db: Database, app: AppManifest): Promise<void> {
  await inTransaction(db, TIMEOUTS, async (client) => {
    await client.query(`grant usage on schema ${quoteIdent(app.schema)} to ${roleList(app.roles)}`);
  });
}

export async function stopApp(db: Database, app: AppManifest): Promise<void> {
  await inTransaction(db, TIMEOUTS, async (client) => {
    await client.query(`revoke usage on schema ${quoteIdent(app.schema)} from ${roleList(app.roles)}`);
  });
}

/**
 * Deletes the app's schema and roles in steps small enough for any app Plinth can
 * provision: one transaction dropping a 60-table app whole takes a lock on every
 * table, index, constraint and policy and runs the server out of lock memory.
 *
 * 1. Cut off: the app's roles lose USAGE on the schema and the API's login role loses
 *    them, so from this commit on no request reaches the app's data.
 * 2. Drop the tables a few at a time, one transaction per batch, children before
 *    their parents.
 * 3. Drop the now empty schema, whatever the roles still own or were granted, and the
 *    roles, in one transaction.
 *
 * Every step reads what is left from the catalogs, so running deleteApp again after a
 * crash (or a failure) at any point finishes the job. Roles are found both in the
 * manifest and by the app's name prefix, so a role added by a later blueprint version
 * is not left behind. Roles are cluster-wide but Plinth only grants them privileges in
 * this database.
 */
export async function deleteApp(db: Database, app: AppManifest): Promise<void> {
  const roles = await appRoles(db, app);
  await inTransaction(db, TIMEOUTS, async (client) => {
    const members = roles.filter((role) => role !== app.ownerRole);
    if (members.length === 0) return;
    if (await schemaExists(client, app.schema))
      await client.query(`revoke usage on schema ${quoteIdent(app.schema)} from ${roleList(members)}`);
    const authenticator = await client.query("select from pg_roles where rolname = $1", [AUTHENTICATOR_ROLE]);
    if (authenticator.rowCount === 1)
      await client.query(`revoke ${roleList(members)} from ${quoteIdent(AUTHENTICATOR_ROLE)}`);
  });
  for (const batch of await dropBatches(db, app.schema)) {
    await inTransaction(db, TIMEOUTS, async (client) => {
      await client.query(`drop table if exists ${batch.map((t) => qualified(app.schema, t)).join(", ")} cascade`);
    });
  }
  await inTransaction(db, TIMEOUTS, async (client) => {
    await client.query(`drop schema if exists ${quoteIdent(app.schema)} cascade`);
    if (roles.length === 0) return;
    await client.query(`drop owned by ${roleList(roles)}`);
    for (const role of roles) await client.query(`drop role if exists ${quoteIdent(role)}`);
  });
}

async function appRoles(db: Database, app: AppManifest): Promise<string[]> {
  const { rows } = await db.query<{ rolname: string }>(
    "select rolname from pg_roles where rolname = any($1::text[]) or starts_with(rolname, $2) order by rolname",
    [[...app.roles, app.ownerRole], `${app.schema}_`],
  );
  return rows.map((r) => r.rolname);
}

async function schemaExists(client: PoolClient, schema: string): Promise<boolean> {
  return (await client.query("select from pg_namespace where nspname = $1", [schema])).rowCount === 1;
}

/**
 * How many objects (and so locks) one drop transaction may take at most. Postgres has
 * room for max_locks_per_transaction (64) × max_connections (100) locks shared by all
 * sessions; a batch a sixth of that leaves plenty for everyone else.
 */
const LOCKS_PER_BATCH = 1_000;

/**
 * The schema's tables in batches, every table after the tables that link to it: a
 * parent dropped after its children takes no locks on them (their links and policies
 * are gone), so a batch costs about what its own tables depend on. Tables in a cycle
 * come in name order.
 */
async function dropBatches(db: Database, schema: string): Promise<string[][]> {
  const { rows: tables } = await db.query<{ name: string; objects: number }>(
    `select c.relname as name,
            (select count(*)::int from pg_depend d where d.refclassid = 'pg_class'::regclass and d.refobjid = c.oid) as objects
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p') order by 1`,
    [schema],
  );
  const { rows: links } = await db.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent
       from pg_constraint f join pg_class c on c.oid = f.conrelid join pg_class p on p.oid = f.confrelid
       join pg_namespace n on n.oid = f.connamespace
      where n.nspname = $1 and f.contype = 'f' and f.conrelid <> f.confrelid`,
    [schema],
  );
  const batches: string[][] = [];
  let batch: string[] = [];
  let objects = 0;
  let remaining = tables;
  while (remaining.length > 0) {
    const names = remaining.map((t) => t.name);
    const unreferenced = remaining.filter((t) => !links.some((l) => l.parent === t.name && names.includes(l.child)));
    const next = unreferenced.length > 0 ? unreferenced : remaining.slice(0, 1);
    for (const table of next) {
      if (batch.length > 0 && objects + table.objects > LOCKS_PER_BATCH) {
        batches.push(batch);
        batch = [];
        objects = 0;
      }
      batch.push(table.name);
      objects += table.objects;
    }
    remaining = remaining.filter((t) => !next.includes(t));
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
