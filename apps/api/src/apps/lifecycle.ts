/**
 * An app's lifecycle as the control plane drives it: provisioning a verified
 * blueprint, start, stop and delete. The database enforces each state (a stopped
 * app's roles lose USAGE on its schema); the control-plane rows follow it.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import {
  type AppManifest,
  appKey,
  applyPlan,
  deleteApp,
  manifestOf,
  ownerRoleName,
  planProvision,
  schemaName,
  startApp,
  stopApp,
} from "@plinth/provision";
import type { Pool } from "pg";
import { ApiError } from "../http/errors.js";
import { type AppRow, recordEvent, setAppStatus } from "./store.js";

/** Everything of an app in the database, derived from its id, so cleanup never depends on a row that may be gone. */
export function manifestForApp(appId: string, manifest?: AppManifest | null): AppManifest {
  return manifest ?? { appKey: appKey(appId), schema: schemaName(appId), ownerRole: ownerRoleName(appId), roles: [] };
}

export class Lifecycle {
  constructor(private readonly pool: Pool) {}

  /**
   * Creates the app's schema, roles and policies (provisioning grants USAGE, so the
   * app is started) and records it RUNNING at `version` in the same transaction.
   */
  async provision(appId: string, blueprint: BlueprintV2, version: number, slug: string, actorId: string | null) {
    const plan = planProvision(blueprint, appId);
    const manifest = manifestOf(plan);
    await applyPlan(this.pool, plan, {
      beforeCommit: async (client) => {
        await client.query(
          `insert into control_plane.app_runtime_config
             (app_id, db_schema, public_base_path, enabled, blueprint_version, manifest)
           values ($1, $2, $3, true, $4, $5)
           on conflict (app_id) do update set db_schema = excluded.db_schema,
             public_base_path = excluded.public_base_path, enabled = true,
             blueprint_version = excluded.blueprint_version, manifest = excluded.manifest`,
          [appId, manifest.schema, `/apps/${slug}`, version, JSON.stringify(manifest)],
        );
        await setAppStatus(client, appId, "RUNNING");
        await recordEvent(client, appId, "provisioned", actorId, {
          schema: manifest.schema,
          roles: manifest.roles,
          statements: plan.steps.length,
          version,
        });
      },
    });
    return { plan, manifest };
  }

  async start(app: AppRow, actorId: string): Promise<void> {
    if (app.status === "RUNNING") return;
    if (app.status !== "STOPPED") {
      throw new ApiError(409, "not_startable", startRefusal(app));
    }
    await startApp(this.pool, await this.manifest(app.id));
    await this.pool.query("update control_plane.app_runtime_config set enabled = true where app_id = $1", [app.id]);
    await setAppStatus(this.pool, app.id, "RUNNING");
    await recordEvent(this.pool, app.id, "started", actorId);
  }

  async stop(app: AppRow, actorId: string): Promise<void> {
    if (app.status === "STOPPED") return;
    if (app.status !== "RUNNING") {
      throw new ApiError(409, "not_running", `This app is ${app.status.toLowerCase()}, so there is nothing to stop.`);
    }
    await stopApp(this.pool, await this.manifest(app.id));
    await this.pool.query("update control_plane.app_runtime_config set enabled = false where app_id = $1", [app.id]);
    await setAppStatus(this.pool, app.id, "STOPPED");
    await recordEvent(this.pool, app.id, "stopped", actorId);
  }

  /** Marks the app DELETING, drops its schema and roles, then removes its records. */
  async delete(app: AppRow, actorId: string): Promise<void> {
    await setAppStatus(this.pool, app.id, "DELETING");
    await deleteApp(this.pool, await this.manifest(app.id));
    await recordEvent(this.pool, app.id, "deleted", actorId, { name: app.name, slug: app.slug });
    await this.pool.query("delete from control_plane.apps where id = $1", [app.id]);
  }

  private async manifest(appId: string): Promise<AppManifest> {
    const { rows } = await this.pool.query<{ manifest: AppManifest | null }>(
      "select manifest from control_plane.app_runtime_config where app_id = $1",
      [appId],
    );
    return manifestForApp(appId, rows[0]?.manifest);
  }
}

function startRefusal(app: AppRow): string {
  switch (app.status) {
    case "DRAFT":
      return "This app is still being generated; it starts by itself when it is ready.";
    case "ERROR":
      return `This app failed to build${app.status_reason ? ` (${app.status_reason})` : ""}; refine or regenerate it.`;
    default:
      return "This app is being deleted.";
  }
}
