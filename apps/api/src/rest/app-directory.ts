/**
 * Finds the app behind a schema name for the data API, with its live blueprint turned
 * into the translator's schema model. Entries live a couple of seconds: a stopped
 * app is refused by the database itself (USAGE revoked) the moment it stops, so the
 * cache only ever delays the friendlier message, never the refusal.
 */
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import type { SchemaModel } from "@plinth/rest";
import type { Pool } from "pg";
import { schemaModelOf } from "./schema-model.js";

export interface DirectoryEntry {
  appId: string;
  schema: string;
  running: boolean;
  blueprint: BlueprintV2;
  model: SchemaModel;
}

const TTL_MS = 2_000;

export class AppDirectory {
  readonly #cache = new Map<string, { entry: DirectoryEntry | null; expires: number }>();

  constructor(private readonly pool: Pool) {}

  async bySchema(schema: string): Promise<DirectoryEntry | null> {
    const cached = this.#cache.get(schema);
    if (cached && cached.expires > Date.now()) return cached.entry;
    const entry = await this.#load(schema);
    this.#cache.set(schema, { entry, expires: Date.now() + TTL_MS });
    return entry;
  }

  /** The schema of an app, as a one-element list (empty when the app has none). */
  async schemaOf(appId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ db_schema: string }>(
      "select db_schema from control_plane.app_runtime_config where app_id::text = $1",
      [appId],
    );
    return rows.map((row) => row.db_schema);
  }

  async #load(schema: string): Promise<DirectoryEntry | null> {
    const { rows } = await this.pool.query<{ app_id: string; status: string; blueprint_json: unknown }>(
      `select a.id as app_id, a.status, b.blueprint_json
       from control_plane.app_runtime_config rc
       join control_plane.apps a on a.id = rc.app_id
       join control_plane.app_blueprints b on b.app_id = a.id
         and b.version = coalesce(rc.blueprint_version,
           (select max(version) from control_plane.app_blueprints where app_id = a.id))
       where rc.db_schema = $1`,
      [schema],
    );
    const row = rows[0];
    if (!row || row.status === "DELETING") return null;
    const parsed = validateBlueprint(row.blueprint_json);
    if (!parsed.ok) return null;
    return {
      appId: row.app_id,
      schema,
      running: row.status === "RUNNING",
      blueprint: parsed.blueprint,
      model: schemaModelOf(parsed.blueprint),
    };
  }
}
