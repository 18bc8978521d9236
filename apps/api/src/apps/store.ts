/**
 * The control plane's SQL for apps, their blueprint versions and their event log.
 * Every read is scoped to the owner, so another founder's app is simply not found.
 */
import { isUuid } from "@plinth/blueprint";
import type { Pool, PoolClient } from "pg";

export type AppStatus = "DRAFT" | "RUNNING" | "STOPPED" | "ERROR" | "DELETING";
type Db = Pool | PoolClient;

export interface AppRow {
  id: string;
  owner_user_id: string;
  name: string;
  slug: string;
  status: AppStatus;
  status_reason: string | null;
  created_at: Date;
  updated_at: Date;
  latest_version: number | null;
  db_schema: string | null;
}

export type AppEvent =
  | "created"
  | "generated"
  | "version_added"
  | "provisioned"
  | "migrated"
  | "started"
  | "stopped"
  | "member_added"
  | "member_changed"
  | "member_removed"
  | "member_joined"
  | "deleted"
  | "failed";

const APP_COLUMNS = `a.*, rc.db_schema,
  (select max(version) from control_plane.app_blueprints b where b.app_id = a.id) as latest_version`;

export async function listApps(db: Db, ownerId: string): Promise<AppRow[]> {
  const { rows } = await db.query<AppRow>(
    `select ${APP_COLUMNS} from control_plane.apps a
     left join control_plane.app_runtime_config rc on rc.app_id = a.id
     where a.owner_user_id = $1 order by a.created_at desc`,
    [ownerId],
  );
  return rows;
}

export async function findOwnedApp(db: Db, ownerId: string, appId: string): Promise<AppRow | undefined> {
  if (!isUuid(appId)) return undefined;
  const { rows } = await db.query<AppRow>(
    `select ${APP_COLUMNS} from control_plane.apps a
     left join control_plane.app_runtime_config rc on rc.app_id = a.id
     where a.id = $1 and a.owner_user_id = $2`,
    [appId, ownerId],
  );
  return rows[0];
}

export function findAppById(db: Db, appId: string): Promise<AppRow | undefined> {
  return isUuid(appId) ? findAppWhere(db, "a.id = $1", appId) : Promise.resolve(undefined);
}

export function findAppBySlug(db: Db, slug: string): Promise<AppRow | undefined> {
  return findAppWhere(db, "a.slug = $1", slug);
}

async function findAppWhere(db: Db, condition: string, value: string): Promise<AppRow | undefined> {
  const { rows } = await db.query<AppRow>(
    `select ${APP_COLUMNS} from control_plane.apps a
     left join control_plane.app_runtime_config rc on rc.app_id = a.id where ${condition}`,
    [value],
  );
  return rows[0];
}

export async function insertDraftApp(db: Db, ownerId: string, name: string): Promise<AppRow> {
  const slug = `draft-${crypto.randomUUID().slice(0, 8)}`;
  const { rows } = await db.query<AppRow>(
    `insert into control_plane.apps (owner_user_id, name, slug) values ($1, $2, $3)
     returning *, null::int as latest_version, null::text as db_schema`,
    [ownerId, name, slug],
  );
  return rows[0] as AppRow;
}

export async function setAppStatus(db: Db, appId: string, status: AppStatus, reason: string | null = null) {
  await db.query("update control_plane.apps set status = $2, status_reason = $3, updated_at = now() where id = $1", [
    appId,
    status,
    reason,
  ]);
}

/** The app was deleted (or is being deleted) while something was still working on it. */
export class AppGoneError extends Error {
  override name = "AppGoneError";
  constructor() {
    super("The app was deleted.");
  }
}

const NAMING_ATTEMPTS = 5;

/** Names the app after its blueprint, keeping the slug unique across all apps. */
export async function nameApp(db: Db, appId: string, name: string, wantedSlug: string): Promise<string> {
  for (let attempt = 0; attempt < NAMING_ATTEMPTS; attempt++) {
    const slug = attempt === 0 ? wantedSlug : `${wantedSlug.slice(0, 40)}-${crypto.randomUUID().slice(0, 6)}`;
    const { rowCount } = await db.query(
      `update control_plane.apps set name = $2, slug = $3, updated_at = now()
       where id = $1 and status <> 'DELETING'
         and not exists (select 1 from control_plane.apps where slug = $3 and id <> $1)`,
      [appId, name, slug],
    );
    if (rowCount === 1) return slug;
    const app = await findAppById(db, appId);
    if (!app || app.status === "DELETING") throw new AppGoneError();
  }
  throw new Error(`no free address was found for "${wantedSlug}" after ${NAMING_ATTEMPTS} tries`);
}

/**
 * Locks the app's row until the caller's transaction ends, so a schema change and a
 * deletion of the same app happen one after the other; throws AppGoneError when the app
 * is gone or being deleted, so nothing is created for it any more.
 */
export async function lockAppForChange(client: PoolClient, appId: string): Promise<void> {
  const { rows } = await client.query<{ status: AppStatus }>(
    "select status from control_plane.apps where id = $1 for update",
    [appId],
  );
  if (!rows[0] || rows[0].status === "DELETING") throw new AppGoneError();
}

export interface BlueprintRow {
  version: number;
  blueprint_json: unknown;
  blueprint_hash: string;
  validation_status: "VALID" | "INVALID";
  validation_errors: unknown;
  source: "generate" | "refine" | "restore";
  note: string | null;
  created_at: Date;
}

export async function insertBlueprintVersion(
  db: Db,
  input: {
    appId: string;
    blueprint: unknown;
    hash: string;
    source: BlueprintRow["source"];
    note: string | null;
    createdBy: string | null;
  },
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `insert into control_plane.app_blueprints
       (app_id, version, blueprint_json, blueprint_hash, validation_status, source, note, created_by)
     select $1, coalesce(max(version), 0) + 1, $2, $3, 'VALID', $4, $5, $6
     from control_plane.app_blueprints where app_id = $1
     returning version`,
    [input.appId, JSON.stringify(input.blueprint), input.hash, input.source, input.note, input.createdBy],
  );
  return (rows[0] as { version: number }).version;
}

export async function findBlueprint(db: Db, appId: string, version?: number): Promise<BlueprintRow | undefined> {
  const { rows } = await db.query<BlueprintRow>(
    `select version, blueprint_json, blueprint_hash, validation_status, validation_errors, source, note, created_at
     from control_plane.app_blueprints where app_id = $1 and ($2::int is null or version = $2)
     order by version desc limit 1`,
    [appId, version ?? null],
  );
  return rows[0];
}

export async function listBlueprintVersions(db: Db, appId: string) {
  const { rows } = await db.query<Omit<BlueprintRow, "blueprint_json" | "validation_errors">>(
    `select version, blueprint_hash, validation_status, source, note, created_at
     from control_plane.app_blueprints where app_id = $1 order by version desc`,
    [appId],
  );
  return rows;
}

export async function recordEvent(
  db: Db,
  appId: string,
  event: AppEvent,
  actorUserId: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    "insert into control_plane.app_events (app_id, event, actor_user_id, detail) values ($1, $2, $3, $4)",
    [appId, event, actorUserId, JSON.stringify(detail)],
  );
}

export async function listEvents(db: Db, appId: string) {
  const { rows } = await db.query<{
    id: string;
    event: AppEvent;
    actor_email: string | null;
    detail: Record<string, unknown>;
    created_at: Date;
  }>(
    `select e.id, e.event, u.email as actor_email, e.detail, e.created_at
     from control_plane.app_events e left join control_plane.users u on u.id = e.actor_user_id
     where e.app_id = $1 order by e.id desc`,
    [appId],
  );
  return rows;
}
