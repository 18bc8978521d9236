/**
 * Makes a Postgres server ready to hold apps: the login role the data API connects as
 * (as control-plane migration 0002 does on the control plane's own database). App
 * schemas carry everything else they need, so nothing more is installed.
 */
import type { Pool } from "@plinth/db";
import { quoteIdent, quoteLiteral } from "@plinth/db";
import { AUTHENTICATOR_ROLE } from "@plinth/provision";

export async function prepareServer(pool: Pool, authenticatorPassword = ""): Promise<{ version: string }> {
  const { rows } = await pool.query<{ version: string; may: boolean }>(
    `select split_part(version(), ' ', 2) as version,
            (select rolsuper or rolcreaterole from pg_roles where rolname = current_user) as may`,
  );
  const row = rows[0];
  if (!row?.may) {
    throw new Error(
      "the server's connection must be a role that may create roles (a superuser or CREATEROLE): provisioning creates one role per app role",
    );
  }
  if (Number.parseInt(row.version, 10) < 15) {
    throw new Error(`PostgreSQL ${row.version} is too old to hold apps: use PostgreSQL 15 or newer`);
  }
  await pool.query(`do $$
    begin
      if not exists (select from pg_catalog.pg_roles where rolname = ${quoteLiteral(AUTHENTICATOR_ROLE)}) then
        create role ${quoteIdent(AUTHENTICATOR_ROLE)} login noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
      end if;
    end
    $$`);
  if (authenticatorPassword) {
    await pool.query(`alter role ${quoteIdent(AUTHENTICATOR_ROLE)} password ${quoteLiteral(authenticatorPassword)}`);
  }
  return { version: row.version };
}
