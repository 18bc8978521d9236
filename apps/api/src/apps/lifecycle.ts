/**
 * An app's lifecycle as the control plane drives it: provisioning a verified
 * blueprint, start, stop and delete. The database enforces each state (a stopped
 * app's roles lose USAGE on its schema); the control-plane rows follow it.
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
import { runtimeManifest, saveRuntimeConfig, setRuntimeEnabled } from "./runtime-config.js";
import { type AppRow, findAppById, lockAppForChange, recordEvent, setAppStatus } from "./store.js";

export const APP_DELETED = "The app was deleted while this job was running.";

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
        await lockAppForChange(client, appId);
        await saveRuntimeConfig(client, { appId, manifest, publicPath: `/apps/${slug}`, version });
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

  /**
   * Removes whatever a provisioning that did not finish may have left (its schema and
   * roles, found from the app's id alone); the app's records stay, for its owner to see.
   */
  async cleanup(appId: string): Promise<void> {
    await deleteApp(this.pool, manifestForApp(appId));
  }

  async start(app: AppRow, actorId: string): Promise<void> {
    await this.exclusively(app, async (client, current) => {
      if (current.status === "RUNNING") return;
      if (current.status !== "STOPPED") throw new Conflict("not_startable", startRefusal(current));
      await startApp(client, await this.manifest(app.id));
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
      await stopApp(client, await this.manifest(app.id));
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
    await this.exclusively(app, async (client) => {
      await inTransaction(client, {}, async (tx) => {
        await setAppStatus(tx, app.id, "DELETING");
        await cancelUnfinishedJobs(tx, app.id, APP_DELETED);
      });
      await deleteApp(client, await this.manifest(app.id));
      await recordEvent(client, app.id, "deleted", actorId, { name: app.name, slug: app.slug });
      await client.query("delete from control_plane.apps where id = $1", [app.id]);
    });
  }

  /**
   * Runs one start, stop or delete of the app at a time, across requests and replicas:
   * GRANT and REVOKE on the same schema at once fail in Postgres, and a start racing a
   * stop would leave the recorded status and the database disagreeing. The action sees
   * the app as it is once the lock is held.
   */
  private async exclusively(app: AppRow, action: (client: PoolClient, current: AppRow) => Promise<void>) {
    const client = await this.pool.connect();
    const key = `plinth.app-lifecycle:${app.id}`;
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        "select pg_try_advisory_lock(hashtextextended($1, 0)) as locked",
        [key],
      );
      if (!rows[0]?.locked) {
        throw new Conflict(
          "app_busy",
          "This app is already starting, stopping or being deleted; wait a moment and try again.",
        );
      }
      try {
        const current = await findAppById(client, app.id);
        if (!current) throw new NotFound("not_found", "This app was not found.");
        await action(client, current);
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

  private async manifest(appId: string): Promise<AppManifest> {
    return manifestForApp(appId, await runtimeManifest(this.pool, appId));
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
