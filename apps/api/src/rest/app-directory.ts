/**
 * Finds the app behind a schema name for the data API, with its live blueprint turned
 * into the translator's schema model, and what a user may be in it. Entries live a
 * couple of seconds: a stopped app is refused by the database itself (USAGE revoked)
 * the moment it stops, so the cache only ever delays the friendlier message; a removed
 * member or changed role is refused within that time, whatever token they hold.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import type { SchemaModel } from "@plinth/rest";
import { LRUCache } from "lru-cache";
import type { Pool } from "pg";
import { blueprintAt } from "../apps/running-blueprint.js";
import { appOfSchema } from "../apps/runtime-config.js";
import { Conflict } from "../domain/errors.js";
import { accessIn } from "../runtime/access.js";
import { schemaModelOf } from "./schema-model.js";

export interface DirectoryEntry {
  appId: string;
  ownerId: string;
  schema: string;
  /** The database server holding the app's schema (the registry gives its pools). */
  server: string;
  running: boolean;
  /** The live blueprint version the entry was read at. */
  version: number;
  blueprint: BlueprintV2;
  model: SchemaModel;
}

export interface UserAccess {
  role: string;
  teamIds: string[];
  sessionVersion: number;
}

const TTL_MS = 2_000;
/**
 * Keys come from verified tokens only, but a bound keeps memory flat whatever happens;
 * past it the least recently used entries go, not every entry at once.
 */
const MAX_ENTRIES = 10_000;

/** lru-cache holds no null; a missing app or member is cached too, as an empty box. */
interface Box<V> {
  value: V | null;
}

/**
 * Entries live TTL_MS; concurrent misses of one key share one load (fetchMethod), so a
 * burst of requests for an app whose entry just expired asks the database once.
 * `context` is what a load needs besides the key.
 */
function shortCache<V, C = unknown>(load: (key: string, context: C) => Promise<V | null>): LRUCache<string, Box<V>, C> {
  return new LRUCache<string, Box<V>, C>({
    max: MAX_ENTRIES,
    ttl: TTL_MS,
    fetchMethod: async (key, _stale, { context }) => ({ value: await load(key, context) }),
  });
}

/** Turning a blueprint into the translator's model is kept per blueprint object (one per app version). */
const models = new WeakMap<BlueprintV2, SchemaModel>();

function modelOf(blueprint: BlueprintV2): SchemaModel {
  let model = models.get(blueprint);
  if (!model) {
    model = schemaModelOf(blueprint);
    models.set(blueprint, model);
  }
  return model;
}

export class AppDirectory {
  readonly #apps = shortCache<DirectoryEntry>((schema) => this.#load(schema));
  readonly #access = shortCache<UserAccess, { entry: DirectoryEntry; userId: string }>(
    async (_key, { entry, userId }) => {
      const access = await accessIn(this.pool, entry, userId);
      return access?.roleExists
        ? { role: access.role, teamIds: access.teamIds, sessionVersion: access.sessionVersion }
        : null;
    },
  );

  constructor(private readonly pool: Pool) {}

  async bySchema(schema: string): Promise<DirectoryEntry | null> {
    return (await this.#apps.fetch(schema))?.value ?? null;
  }

  /** What the user is in the app now: the owner has the first role; others need an accepted membership. */
  async accessOf(entry: DirectoryEntry, userId: string): Promise<UserAccess | null> {
    return (await this.#access.fetch(`${entry.appId}:${userId}`, { context: { entry, userId } }))?.value ?? null;
  }

  /**
   * Whether a token's role and teams are still what its user is in the app, and its
   * session still the account's: a removed, demoted or moved member's token, or one
   * issued before a password reset, stops working at once, wherever it is presented
   * (the data API, storage, live updates, the runtime's own routes).
   */
  async holdsCurrentAccess(
    entry: DirectoryEntry,
    claims: { sub: string; app_role: string; team_ids: string[]; sv: number },
  ): Promise<boolean> {
    const access = await this.accessOf(entry, claims.sub);
    if (!access || access.role !== claims.app_role || access.sessionVersion !== claims.sv) return false;
    const [now, held] = [[...access.teamIds].sort(), [...claims.team_ids].sort()];
    return now.length === held.length && now.every((team, i) => team === held[i]);
  }

  /** The app's status now, past the cache: asked only when the database has just refused a request. */
  async isRunning(appId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ status: string }>("select status from control_plane.apps where id = $1", [
      appId,
    ]);
    return rows[0]?.status === "RUNNING";
  }

  /**
   * The app's entry afresh when a move has put it on another server since `entry` was
   * cached (asked only when the database has just refused a request); null otherwise.
   */
  movedSince(entry: DirectoryEntry): Promise<DirectoryEntry | null> {
    return this.#reloadWhen(entry, (fresh) => fresh.server !== entry.server);
  }

  /**
   * The app's entry afresh when its live version changed since `entry` was cached (asked
   * only when the database has just refused a column or table the cached model named, as
   * right after a migration); null otherwise.
   */
  changedSince(entry: DirectoryEntry): Promise<DirectoryEntry | null> {
    return this.#reloadWhen(entry, (fresh) => fresh.version !== entry.version);
  }

  /** The app's entry read afresh, cached and returned when it differs from `entry` as `differs` says. */
  async #reloadWhen(
    entry: DirectoryEntry,
    differs: (fresh: DirectoryEntry) => boolean,
  ): Promise<DirectoryEntry | null> {
    const fresh = await this.#load(entry.schema);
    if (!fresh || !differs(fresh)) return null;
    this.#apps.set(entry.schema, { value: fresh });
    return fresh;
  }

  async #load(schema: string): Promise<DirectoryEntry | null> {
    const app = await appOfSchema(this.pool, schema);
    if (!app || app.status === "DELETING" || app.version === null) return null;
    const blueprint = await blueprintAt(this.pool, app.appId, app.version).catch((error: unknown) => {
      if (error instanceof Conflict) return null;
      throw error;
    });
    if (!blueprint) return null;
    return {
      appId: app.appId,
      ownerId: app.ownerId,
      schema,
      server: app.server,
      running: app.status === "RUNNING",
      version: app.version,
      blueprint,
      model: modelOf(blueprint),
    };
  }
}
