/**
 * An app's lifecycle as the control plane drives it: provisioning a verified
 * blueprint, start, stop and delete, each on the database server the app is placed on.
 * The database enforces each state (a stopped app's roles lose USAGE on its schema);
 * the control-plane rows follow it.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { inTransaction } from "@plinth/db";
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
import type { Pool, PoolClient } from "pg";
import { Conflict, NotFound } from "../domain/errors.js";
import { cancelUnfinishedJobs } from "../jobs/store.js";
import type { ServerRegistry } from "../placements/registry.js";
import { placeApp, placementOf } from "../placements/store.js";
import { runtimeManifest, saveRuntimeConfig, setRuntimeEnabled } from "./runtime-config.js";
import { type AppRow, findAppById, lockAppForChange, recordEvent, setAppStatus } from "./store.js";

export const APP_DELETED = "The app was deleted while this job was running.";

/** Everything of an app in the database, derived from its id, so cleanup never depends on a row that may be gone. */
export function manifestForApp(appId: string, manifest?: AppManifest | null): AppManifest {
  return manifest ?? { appKey: appKey(appId), schema: schemaName(appId), ownerRole: ownerRoleName(appId), roles: [] };
}

export class Lifecycle {
  constructor(
    private readonly pool: Pool,
    private readonly servers: ServerRegistry,
  ) {}

  /**
   * Places the app on a server (the first time), creates its schema, roles and policies
   * there (provisioning grants USAGE, so the app is started) and records it RUNNING at
   * `version` as that commits.
   */
  async provision(appId: string, blueprint: BlueprintV2, version: number, slug: string, actorId: string | null) {
    const plan = planProvision(blueprint, appId);
    const manifest = manifestOf(plan);
    const server = await placeApp(this.pool, appId);
    await applyPlan(await this.servers.ddl(server), plan, {
      beforeCommit: (client) =>
        this.servers.record(server, client, async (control) => {
          await lockAppForChange(control, appId);
          await saveRuntimeConfig(control, { appId, manifest, publicPath: `/apps/${slug}`, version });
          await setAppStatus(control, appId, "RUNNING");
          await recordEvent(control, appId, "provisioned", actorId, {
            schema: manifest.schema,
            roles: manifest.roles,
            statements: plan.steps.length,
            version,
            server,
          });
        }),
    });
    return { plan, manifest, server };
  }

  /**
   * Removes whatever a provisioning that did not finish may have left (its schema and
   * roles, found from the app's id alone); the app's records stay, for its owner to see.
   */
  async cleanup(appId: string): Promise<void> {
    const { server } = await placementOf(this.pool, appId);
    await deleteApp(await this.servers.ddl(server), manifestForApp(appId));
  }

  async start(app: AppRow, actorId: string): Promise<void> {
    await this.exclusively(app, async (client, current) => {
      if (current.status === "RUNNING") return;
      if (current.status !== "STOPPED") throw new Conflict("not_startable", startRefusal(current));
      await startApp(await this.servers.on(current.server, client), await this.manifest(app.id));
      await setRuntimeEnabled(client, app.id, true);
      await setAppStatus(client, app.id, "RUNNING");
      await recordEvent(client, app.id, "started", actorId);
    });
  }

  async stop(app: AppRow, actorId: string): Promise<void> {
    await this.exclusively(app, async (client, current) => {
      if (current.status === "STOPPED") return;
      if (current.status !== "RUNNING") {
        throw new Conflict("not_running", `This app is ${current.status.toLowerCase()}, so there is nothing to stop.`);
      }
      await stopApp(await this.servers.on(current.server, client), await this.manifest(app.id));
      await setRuntimeEnabled(client, app.id, false);
      await setAppStatus(client, app.id, "STOPPED");
      await recordEvent(client, app.id, "stopped", actorId);
    });
  }

  /**
   * Marks the app DELETING and ends its jobs (their workers stop at their next step and
   * create nothing more), drops its schema and roles, then removes its records.
   */
  async delete(app: AppRow, actorId: string): Promise<void> {
    await this.exclusively(app, async (client, current) => {
      await inTransaction(client, {}, async (tx) => {
        await setAppStatus(tx, app.id, "DELETING");
        await cancelUnfinishedJobs(tx, app.id, APP_DELETED);
      });
      await deleteApp(await this.servers.on(current.server, client), await this.manifest(app.id));
      // A move that died part-way may have left a copy on its target.
      if (current.movingTo) await deleteApp(await this.servers.on(current.movingTo, client), manifestForApp(app.id));
      await recordEvent(client, app.id, "deleted", actorId, { name: app.name, slug: app.slug });
      await client.query("delete from control_plane.apps where id = $1", [app.id]);
    });
  }

  /** One start, stop, delete or move of the app at a time (see holdingAppLock); the action sees the app as it is then. */
  private async exclusively(
    app: AppRow,
    action: (client: PoolClient, current: AppRow & { server: string; movingTo: string | null }) => Promise<void>,
  ) {
    await holdingAppLock(this.pool, app.id, async (client) => {
      const current = await findAppById(client, app.id);
      if (!current) throw new NotFound("not_found", "This app was not found.");
      const { server, movingTo } = await placementOf(client, app.id);
      await action(client, { ...current, server, movingTo });
    });
  }

  private async manifest(appId: string): Promise<AppManifest> {
    return manifestForApp(appId, await runtimeManifest(this.pool, appId));
  }
}

/**
 * Runs one start, stop, delete or move of the app at a time, across requests and
 * replicas: GRANT and REVOKE on the same schema at once fail in Postgres, a start racing
 * a stop would leave the recorded status and the database disagreeing, and a move must
 * copy an app nobody is changing. `action` gets the connection holding the lock.
 */
export async function holdingAppLock<T>(pool: Pool, appId: string, action: (client: PoolClient) => Promise<T>) {
  const client = await pool.connect();
  const key = `plinth.app-lifecycle:${appId}`;
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "select pg_try_advisory_lock(hashtextextended($1, 0)) as locked",
      [key],
    );
    if (!rows[0]?.locked) {
      throw new Conflict(
        "app_busy",
        "This app is already starting, stopping, moving or being deleted; wait a moment and try again.",
      );
    }
    try {
      return await action(client);
    } finally {
      await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch((error: Error) => {
        broken = error;
      });
    }
  } finally {
    // A connection that could not let go of its lock must not go back to the pool holding it.
    client.release(broken);
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
