/**
 * Which of the changed rows a viewer may see, read in one read-only transaction as the
 * viewer's app role with their claims: the same grants and row-level security that
 * answer their /rest/v1 reads decide what a live update carries.
 */
import { quoteIdent } from "@plinth/db";
import { withRequestContext } from "@plinth/provision";
import type { Pool } from "pg";
import { appUserContext } from "../auth/app-user-context.js";
import type { AppUserClaims } from "../auth/tokens.js";

export type Row = Record<string, unknown>;

export async function visibleRows(
  pool: Pool,
  viewer: { appId: string; claims: AppUserClaims },
  target: { schema: string; table: string; ids: string[] },
  statementTimeoutMs: number,
): Promise<Row[]> {
  return withRequestContext(
    pool,
    appUserContext(viewer.appId, viewer.claims, { readOnly: true, statementTimeoutMs }),
    async (client) => {
      const { rows } = await client.query<{ row: Row }>(
        `select row_to_json(t) as row from ${quoteIdent(target.schema)}.${quoteIdent(target.table)} t
         where t.id = any($1::uuid[])`,
        [target.ids],
      );
      return rows.map((r) => r.row);
    },
  );
}

/** Whether the viewer's role may read the table at all (before any row filter). */
export async function maySelect(
  pool: Pool,
  viewer: { appId: string; claims: AppUserClaims },
  target: { schema: string; table: string },
): Promise<boolean> {
  return withRequestContext(pool, appUserContext(viewer.appId, viewer.claims, { readOnly: true }), async (client) => {
    const { rows } = await client.query<{ allowed: boolean }>(
      "select has_table_privilege(current_user, format('%I.%I', $1::text, $2::text), 'SELECT') as allowed",
      [target.schema, target.table],
    );
    return rows[0]?.allowed === true;
  });
}
