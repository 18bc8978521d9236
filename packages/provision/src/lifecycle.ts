/**
 * Start, stop and delete at the database level. Stopping revokes USAGE on the schema
 * from the app's roles, so no token can read or write a stopped app's data whatever
 * serves the HTTP; starting grants it back.
 */

import { type Database, inTransaction } from "@plinth/db";
import type { AppManifest } from "./apply.js";
import { quoteIdent } from "./sql.js";

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
 * Drops the schema and every role of the app in one transaction. Roles are found both
 * in the manifest and by the app's name prefix, so a role added by a later blueprint
 * version is not left behind. A role can only be dropped once nothing in the database
 * refers to it, hence DROP OWNED (it also revokes what was granted to it). Roles are
 * cluster-wide but Plinth only grants them privileges in this database.
 */
export async function deleteApp(db: Database, app: AppManifest): Promise<void> {
  await inTransaction(db, TIMEOUTS, async (client) => {
    await client.query(`drop schema if exists ${quoteIdent(app.schema)} cascade`);
    const { rows } = await client.query<{ rolname: string }>(
      "select rolname from pg_roles where rolname = any($1::text[]) or starts_with(rolname, $2) order by rolname",
      [[...app.roles, app.ownerRole], `${app.schema}_`],
    );
    const roles = rows.map((r) => r.rolname);
    if (roles.length === 0) return;
    await client.query(`drop owned by ${roleList(roles)}`);
    for (const role of roles) await client.query(`drop role ${quoteIdent(role)}`);
  });
}
