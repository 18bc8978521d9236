/**
 * The control plane's SQL for `app_runtime_config`: where an app's data lives (schema,
 * public path), whether it is enabled, which blueprint version is live and the
 * manifest of everything provisioning created. Only this module reads or writes it.
 */
import type { AppManifest } from "@plinth/provision";
import type { Pool, PoolClient } from "pg";

type Db = Pool | PoolClient;

/** Records a freshly provisioned app as enabled at `version` (again, when it is provisioned anew). */
export async function saveRuntimeConfig(
  db: Db,
  input: { appId: string; manifest: AppManifest; publicPath: string; version: number },
): Promise<void> {
  await db.query(
    `insert into control_plane.app_runtime_config
       (app_id, db_schema, public_base_path, enabled, blueprint_version, manifest)
     values ($1, $2, $3, true, $4, $5)
     on conflict (app_id) do update set db_schema = excluded.db_schema,
       public_base_path = excluded.public_base_path, enabled = true,
       blueprint_version = excluded.blueprint_version, manifest = excluded.manifest`,
    [input.appId, input.manifest.schema, input.publicPath, input.version, JSON.stringify(input.manifest)],
  );
}

export async function setRuntimeEnabled(db: Db, appId: string, enabled: boolean): Promise<void> {
  await db.query("update control_plane.app_runtime_config set enabled = $2 where app_id = $1", [appId, enabled]);
}

/** Makes `version` the live one, with the manifest of what its migration left in the database. */
export async function setLiveVersion(db: Db, appId: string, version: number, manifest: AppManifest): Promise<void> {
  await db.query(
    "update control_plane.app_runtime_config set blueprint_version = $2, manifest = $3 where app_id = $1",
    [appId, version, JSON.stringify(manifest)],
  );
}

/** The blueprint version an app runs (null before it was provisioned). */
export async function liveVersion(db: Db, appId: string): Promise<number | null> {
  const { rows } = await db.query<{ blueprint_version: number | null }>(
    "select blueprint_version from control_plane.app_runtime_config where app_id = $1",
    [appId],
  );
  return rows[0]?.blueprint_version ?? null;
}

/** What provisioning recorded it created (null before it was provisioned). */
export async function runtimeManifest(db: Db, appId: string): Promise<AppManifest | null> {
  const { rows } = await db.query<{ manifest: AppManifest | null }>(
    "select manifest from control_plane.app_runtime_config where app_id = $1",
    [appId],
  );
  return rows[0]?.manifest ?? null;
}

/** The app whose data lives in `schema`, and the database server holding it, for the data API. */
export async function appOfSchema(
  db: Db,
  schema: string,
): Promise<{ appId: string; ownerId: string; status: string; version: number | null; server: string } | null> {
  const { rows } = await db.query<{
    app_id: string;
    owner_user_id: string;
    status: string;
    version: number | null;
    server: string;
  }>(
    `select a.id as app_id, a.owner_user_id, a.status, rc.blueprint_version as version,
            coalesce(p.server, 'default') as server
     from control_plane.app_runtime_config rc join control_plane.apps a on a.id = rc.app_id
     left join control_plane.app_placements p on p.app_id = rc.app_id
     where rc.db_schema = $1`,
    [schema],
  );
  const row = rows[0];
  return row
    ? { appId: row.app_id, ownerId: row.owner_user_id, status: row.status, version: row.version, server: row.server }
    : null;
}
