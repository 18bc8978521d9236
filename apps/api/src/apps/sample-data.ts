/**
 * Sample data for a running app: the rows `@plinth/generate/sample` makes for its
 * blueprint, written through the data API's translator as the app's owner (their role,
 * their claims) in one transaction — so grants, checks and row-level security apply
 * exactly as to anything a user adds — and remembered in control_plane.sample_rows so
 * "remove sample data" deletes those rows and nothing else.
 */

import { ApiError } from "@plinth/contract";
import { sampleData } from "@plinth/generate/sample";
import { roleName, withRequestContext } from "@plinth/provision";
import { handleRequest, type PlanOptions } from "@plinth/rest";
import type { Pool, PoolClient } from "pg";
import type { AppUserClaims } from "../auth/tokens.js";
import type { ServerRegistry } from "../placements/registry.js";
import type { DirectoryEntry } from "../rest/app-directory.js";
import { memberHandleContext } from "../rest/member-context.js";

export interface SampleDeps {
  pool: Pool;
  /** The app's rows are written on the server holding it, through its data-API pool. */
  servers: ServerRegistry;
  statementTimeoutMs: number;
  planOptions: Omit<PlanOptions, "estimatesAllowed">;
}

export interface SampleState {
  rows: number;
  tables: number;
}

/** What the app holds now. */
export async function sampleState(pool: Pool, appId: string): Promise<SampleState> {
  const { rows } = await pool.query<{ rows: string; tables: string }>(
    `select count(*) as rows, count(distinct table_name) as tables from control_plane.sample_rows where app_id = $1`,
    [appId],
  );
  return { rows: Number(rows[0]?.rows ?? 0), tables: Number(rows[0]?.tables ?? 0) };
}

/** Fills every table with sample rows as the owner; refuses when the app already has sample rows. */
export async function fillSampleData(
  deps: SampleDeps,
  entry: DirectoryEntry,
  owner: { id: string; email: string },
  today = new Date(),
): Promise<SampleState> {
  if ((await sampleState(deps.pool, entry.appId)).rows > 0) {
    throw new ApiError(
      409,
      "sample_data_present",
      "This app already has sample data; remove it first to add it again.",
    );
  }
  const people = await membersByRole(deps.pool, entry.appId);
  const tables = sampleData(entry.blueprint, { today, people, ownerId: owner.id });
  const claims = ownerClaims(entry, owner);
  await withRequestContext(
    await deps.servers.rest(entry.server),
    { appId: entry.appId, role: claims.app_role, claims: { ...claims }, statementTimeoutMs: deps.statementTimeoutMs },
    async (client) => {
      // The ids the database gave each sample row, so links point at rows as written.
      const written = new Map<string, string>();
      for (const sample of tables) {
        if (sample.rows.length === 0) continue;
        const rows = sample.rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [k, k !== "id" && typeof v === "string" ? (written.get(v) ?? v) : v]),
          ),
        );
        const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
        const response = await handleRequest(
          {
            method: "POST",
            table: sample.table,
            query: `columns=${columns.map(encodeURIComponent).join(",")}&select=id`,
            headers: { "content-type": "application/json", prefer: "return=representation, missing=default" },
            body: JSON.stringify(rows),
          },
          memberHandleContext(entry, claims, client, deps.planOptions),
        );
        if (response.status >= 400) {
          throw new ApiError(
            422,
            "sample_data_refused",
            `The app refused the sample ${sample.table} (${reasonOf(response.body)}); nothing was added. Add rows by hand, or report this as a Plinth bug.`,
          );
        }
        const back = JSON.parse(response.body ?? "[]") as { id: string }[];
        sample.rows.forEach((row, i) => {
          const id = back[i]?.id;
          if (id) {
            written.set(String(row.id), id);
            row.id = id;
          }
        });
      }
    },
  );
  await remember(deps.pool, entry.appId, tables);
  return sampleState(deps.pool, entry.appId);
}

/** Deletes the sample rows (children first) as the owner; rows users added stay. */
export async function removeSampleData(
  deps: SampleDeps,
  entry: DirectoryEntry,
  owner: { id: string; email: string },
): Promise<SampleState> {
  const { rows } = await deps.pool.query<{ table_name: string; ids: string[] }>(
    `select table_name, array_agg(row_id) as ids, max(position) as last
       from control_plane.sample_rows where app_id = $1 group by table_name order by last desc`,
    [entry.appId],
  );
  const claims = ownerClaims(entry, owner);
  const known = new Set(entry.blueprint.data.tables.map((t) => t.name));
  await withRequestContext(
    await deps.servers.rest(entry.server),
    { appId: entry.appId, role: claims.app_role, claims: { ...claims }, statementTimeoutMs: deps.statementTimeoutMs },
    async (client: PoolClient) => {
      for (const { table_name: table, ids } of rows) {
        // A table a later version dropped took its rows with it.
        if (!known.has(table)) continue;
        for (let i = 0; i < ids.length; i += 500) {
          const response = await handleRequest(
            {
              method: "DELETE",
              table,
              query: `id=in.(${ids.slice(i, i + 500).join(",")})`,
              headers: { prefer: "return=minimal" },
            },
            memberHandleContext(entry, claims, client, deps.planOptions),
          );
          if (response.status >= 400) {
            throw new ApiError(
              422,
              "sample_data_refused",
              `The app refused to delete the sample ${table} (${reasonOf(response.body)}); nothing was removed.`,
            );
          }
        }
      }
    },
  );
  await deps.pool.query("delete from control_plane.sample_rows where app_id = $1", [entry.appId]);
  return sampleState(deps.pool, entry.appId);
}

/**
 * The owner acts with the app's first (most privileged) role and no teams, as when they
 * open the app; no token is issued, so there is no session version to carry.
 */
function ownerClaims(entry: DirectoryEntry, owner: { id: string; email: string }): Omit<AppUserClaims, "sv"> {
  const role = entry.blueprint.security.roles[0]?.name ?? "";
  return {
    sub: owner.id,
    email: owner.email,
    role: roleName(entry.appId, role),
    app_id: entry.appId,
    app_role: role,
    team_ids: [],
  };
}

async function membersByRole(pool: Pool, appId: string): Promise<Record<string, string[]>> {
  const { rows } = await pool.query<{ role: string; ids: string[] }>(
    `select role, array_agg(user_id order by created_at) as ids from control_plane.app_members
      where app_id = $1 and user_id is not null group by role`,
    [appId],
  );
  return Object.fromEntries(rows.map((r) => [r.role, r.ids]));
}

async function remember(pool: Pool, appId: string, tables: { table: string; rows: { id?: unknown }[] }[]) {
  const names: string[] = [];
  const ids: string[] = [];
  const positions: number[] = [];
  tables.forEach(({ table, rows }, position) => {
    for (const row of rows) {
      names.push(table);
      ids.push(String(row.id));
      positions.push(position);
    }
  });
  await pool.query(
    `insert into control_plane.sample_rows (app_id, table_name, row_id, position)
     select $1, t, r::uuid, p from unnest($2::text[], $3::text[], $4::int[]) as u(t, r, p)`,
    [appId, names, ids, positions],
  );
}

function reasonOf(body: string | undefined): string {
  try {
    return String((JSON.parse(body ?? "") as { message?: unknown }).message ?? "no reason given");
  } catch {
    return "no reason given";
  }
}
