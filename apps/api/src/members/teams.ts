/**
 * The app's teams as its owner picks them for a member: the rows of the blueprint's
 * security.teamTable, each with the column that names it. Read as the owner acts in
 * the app (its first role, with the owner's own claims), so the app's grants and
 * row-level security decide what is listed, exactly as in the runtime.
 */
import { type BlueprintV2, defaultLabelColumn, founderRole } from "@plinth/blueprint";
import type { AppTeams } from "@plinth/contract";
import { quoteIdent } from "@plinth/db";
import { schemaName, withRequestContext } from "@plinth/provision";
import type { Pool } from "pg";

/** More teams than anyone picks from one list: the first ones by name are listed. */
export const MAX_TEAMS_LISTED = 500;

/** The column naming a team: the one links to the table show, else the table's own best name. */
export function teamLabelColumn(blueprint: BlueprintV2, table: string): string {
  const linked = blueprint.data.relationships.find(
    (r) => (r.type === "many_to_one" ? r.toTable : r.fromTable) === table && r.ui?.lookupLabelColumn,
  );
  return linked?.ui?.lookupLabelColumn ?? defaultLabelColumn(blueprint.data.tables.find((t) => t.name === table));
}

export async function teamsOf(
  restPool: Pool,
  app: { id: string; owner_user_id: string },
  blueprint: BlueprintV2,
  statementTimeoutMs: number,
): Promise<AppTeams> {
  const table = blueprint.security.teamTable;
  if (!table) return { table: null, table_label: null, teams: [] };
  const label = teamLabelColumn(blueprint, table);
  const role = founderRole(blueprint);
  const rows = await withRequestContext(
    restPool,
    {
      appId: app.id,
      role,
      claims: { sub: app.owner_user_id, app_id: app.id, app_role: role, team_ids: [] },
      readOnly: true,
      statementTimeoutMs,
    },
    async (client) =>
      (
        await client.query<{ id: string; label: string | null }>(
          `select id::text as id, ${quoteIdent(label)}::text as label
           from ${quoteIdent(schemaName(app.id))}.${quoteIdent(table)}
           order by 2 nulls last, 1 limit ${MAX_TEAMS_LISTED}`,
        )
      ).rows,
  );
  const tableLabel = blueprint.data.tables.find((t) => t.name === table)?.label ?? table;
  return { table, table_label: tableLabel, teams: rows.map((r) => ({ id: r.id, label: r.label ?? r.id })) };
}
