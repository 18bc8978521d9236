/**
 * The control plane's SQL for database servers and app placements. Only this module
 * reads or writes `database_servers` and `app_placements`.
 */
import type { Pool, PoolClient } from "pg";
import { Conflict, Invalid, NotFound } from "../domain/errors.js";
import { chooseServer, type ServerLoad } from "./policy.js";

type Db = Pool | PoolClient;

/** The control plane's own database, where every app lived before placement existed. */
export const CONTROL_PLANE_SERVER = "default";

export type ServerState = ServerLoad["state"];

export interface ServerRecord {
  name: string;
  /** Null for the control plane's own server, whose connections the API already has. */
  ddlUrl: string | null;
  restUrl: string | null;
  /** Another data API serving this server's apps (a hosted Supabase project), when set. */
  dataApiUrl: string | null;
  capacity: number;
  state: ServerState;
}

export interface Placement {
  server: string;
  /** The server a move in progress is copying the app to. */
  movingTo: string | null;
}

const SERVER_COLUMNS = `name, ddl_url as "ddlUrl", rest_url as "restUrl", data_api_url as "dataApiUrl", capacity, state`;

export async function listServers(db: Db): Promise<ServerRecord[]> {
  const { rows } = await db.query<ServerRecord>(
    `select ${SERVER_COLUMNS} from control_plane.database_servers order by name`,
  );
  return rows;
}

export async function findServer(db: Db, name: string): Promise<ServerRecord | undefined> {
  const { rows } = await db.query<ServerRecord>(
    `select ${SERVER_COLUMNS} from control_plane.database_servers where name = $1`,
    [name],
  );
  return rows[0];
}

/** Each server with the apps placed on it, counting apps being moved onto it. */
export async function serverLoads(db: Db): Promise<ServerLoad[]> {
  const { rows } = await db.query<ServerLoad>(
    `select s.name, s.state, s.capacity,
            (select count(*)::int from control_plane.app_placements p
              where p.server = s.name or p.moving_to = s.name) as apps
       from control_plane.database_servers s order by s.name`,
  );
  return rows;
}

/** Where the app's schema lives; an app never placed (a draft) counts as on the control plane's server. */
export async function placementOf(db: Db, appId: string): Promise<Placement> {
  const { rows } = await db.query<{ server: string; moving_to: string | null }>(
    "select server, moving_to from control_plane.app_placements where app_id = $1",
    [appId],
  );
  const row = rows[0];
  return row ? { server: row.server, movingTo: row.moving_to } : { server: CONTROL_PLANE_SERVER, movingTo: null };
}

/**
 * The app's server, choosing one by the placement policy the first time the app is
 * provisioned. Recorded before anything is created there, so a provisioning that fails
 * half-way is cleaned up on the right server.
 */
export async function placeApp(db: Db, appId: string): Promise<string> {
  const { rows } = await db.query<{ server: string }>(
    "select server from control_plane.app_placements where app_id = $1",
    [appId],
  );
  if (rows[0]) return rows[0].server;
  const server = chooseServer(await serverLoads(db));
  if (!server) {
    throw new Conflict(
      "no_database_room",
      "Every database server is full, draining or closed, so no new app can be built right now. An operator must add a server or raise a server's capacity (npm run servers -- add / capacity).",
    );
  }
  const inserted = await db.query<{ server: string }>(
    `insert into control_plane.app_placements (app_id, server) values ($1, $2)
     on conflict (app_id) do update set app_id = excluded.app_id returning server`,
    [appId, server],
  );
  return (inserted.rows[0] as { server: string }).server;
}

export async function addServer(
  db: Db,
  input: { name: string; ddlUrl: string; restUrl?: string; dataApiUrl?: string; capacity?: number },
): Promise<void> {
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(input.name)) {
    throw new Invalid(
      "invalid_server_name",
      `"${input.name}" cannot name a server: use up to 40 lowercase letters, digits and hyphens, starting with a letter.`,
    );
  }
  const { rowCount } = await db.query(
    `insert into control_plane.database_servers (name, ddl_url, rest_url, data_api_url, capacity)
     values ($1, $2, $3, $4, $5) on conflict (name) do nothing`,
    [input.name, input.ddlUrl, input.restUrl ?? null, input.dataApiUrl ?? null, input.capacity ?? 1000],
  );
  if (rowCount !== 1) {
    throw new Conflict("server_exists", `A server named "${input.name}" exists already; choose another name.`);
  }
}

export async function setServerState(db: Db, name: string, state: ServerState): Promise<void> {
  if (state === "closed") {
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from control_plane.app_placements where server = $1 or moving_to = $1",
      [name],
    );
    const held = rows[0]?.n ?? 0;
    if (held > 0) {
      throw new Conflict(
        "server_not_empty",
        `Server "${name}" still holds ${held} app(s); drain it first (npm run servers -- drain ${name}).`,
      );
    }
  }
  const { rowCount } = await db.query("update control_plane.database_servers set state = $2 where name = $1", [
    name,
    state,
  ]);
  if (rowCount !== 1) throw new NotFound("not_found", `There is no server named "${name}".`);
}

export async function setServerCapacity(db: Db, name: string, capacity: number): Promise<void> {
  const { rowCount } = await db.query("update control_plane.database_servers set capacity = $2 where name = $1", [
    name,
    capacity,
  ]);
  if (rowCount !== 1) throw new NotFound("not_found", `There is no server named "${name}".`);
}

/** The apps on a server, for draining it. */
export async function appsOn(db: Db, server: string): Promise<string[]> {
  const { rows } = await db.query<{ app_id: string }>(
    "select app_id from control_plane.app_placements where server = $1 order by placed_at",
    [server],
  );
  return rows.map((r) => r.app_id);
}

/** Marks the app as being copied to `target`; refused when another move of it is under way. */
export async function beginMove(db: Db, appId: string, source: string, target: string): Promise<void> {
  const { rowCount } = await db.query(
    `insert into control_plane.app_placements (app_id, server, moving_to) values ($1, $2, $3)
     on conflict (app_id) do update set moving_to = excluded.moving_to
       where app_placements.moving_to is null and app_placements.server = excluded.server`,
    [appId, source, target],
  );
  if (rowCount !== 1) {
    throw new Conflict("app_moving", "This app is being moved to another server already; wait for that to finish.");
  }
}

/** The move ended without switching: the app stays where it is. */
export async function abandonMove(db: Db, appId: string): Promise<void> {
  await db.query("update control_plane.app_placements set moving_to = null where app_id = $1", [appId]);
}

/** The switch: from this commit on the app is served from `target`. */
export async function switchPlacement(db: Db, appId: string, target: string): Promise<void> {
  await db.query(
    "update control_plane.app_placements set server = $2, moving_to = null, placed_at = now() where app_id = $1",
    [appId, target],
  );
}

/** Moves that did not finish (the process died during them): their copies are to be removed. */
export async function unfinishedMoves(db: Db): Promise<{ appId: string; server: string; movingTo: string }[]> {
  const { rows } = await db.query<{ appId: string; server: string; movingTo: string }>(
    `select app_id as "appId", server, moving_to as "movingTo"
       from control_plane.app_placements where moving_to is not null`,
  );
  return rows;
}
