/**
 * Refine and restore: moves a running app to a new blueprint in place with the
 * provisioning package's migration planner. The new version is recorded in the same
 * transaction as the schema change, so the two never disagree.
 */
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { applyMigration, planMigration } from "@plinth/provision";
import type { Pool } from "pg";
import { type AppRow, findBlueprint, insertBlueprintVersion, recordEvent } from "../apps/store.js";
import { ApiError } from "../http/errors.js";
import { hashBlueprint } from "./blueprint-hash.js";
import type { MigrationOutcome, Migrator } from "./migrator.js";

export class DatabaseMigrator implements Migrator {
  constructor(private readonly pool: Pool) {}

  async migrateTo(
    app: AppRow,
    blueprint: BlueprintV2,
    options: { source: "refine" | "restore"; note: string | null; actorId: string | null; confirmDestructive: boolean },
  ): Promise<MigrationOutcome> {
    if (app.status !== "RUNNING" && app.status !== "STOPPED") {
      throw new ApiError(
        409,
        "not_migratable",
        `This app is ${app.status.toLowerCase()}; only a built app can change.`,
      );
    }
    const running = await this.runningBlueprint(app.id);
    const plan = planMigration(running, blueprint, app.id);
    let version = 0;
    await applyMigration(this.pool, plan, {
      confirmDestructive: options.confirmDestructive,
      appRunning: app.status === "RUNNING",
      beforeCommit: async (client) => {
        version = await insertBlueprintVersion(client, {
          appId: app.id,
          blueprint,
          hash: hashBlueprint(blueprint),
          source: options.source,
          note: options.note,
          createdBy: options.actorId,
        });
        await client.query("update control_plane.app_runtime_config set blueprint_version = $2 where app_id = $1", [
          app.id,
          version,
        ]);
        await recordEvent(client, app.id, "version_added", options.actorId, { version, source: options.source });
        await recordEvent(client, app.id, "migrated", options.actorId, {
          version,
          steps: plan.steps.length,
          consequences: plan.consequences,
        });
      },
    });
    return { version, summary: plan.consequences };
  }

  async restore(app: AppRow, version: number, actorId: string, confirmDestructive: boolean): Promise<number> {
    const target = await findBlueprint(this.pool, app.id, version);
    if (!target) throw new ApiError(404, "not_found", `Version ${version} of this app's blueprint was not found.`);
    const parsed = validateBlueprint(target.blueprint_json);
    if (!parsed.ok) throw new ApiError(409, "invalid_blueprint", `Version ${version} no longer passes verification.`);
    const outcome = await this.migrateTo(app, parsed.blueprint, {
      source: "restore",
      note: `restored from version ${version}`,
      actorId,
      confirmDestructive,
    });
    return outcome.version;
  }

  private async runningBlueprint(appId: string): Promise<BlueprintV2> {
    const { rows } = await this.pool.query<{ blueprint_version: number | null }>(
      "select blueprint_version from control_plane.app_runtime_config where app_id = $1",
      [appId],
    );
    const row = await findBlueprint(this.pool, appId, rows[0]?.blueprint_version ?? undefined);
    const parsed = validateBlueprint(row?.blueprint_json);
    if (!parsed.ok) throw new ApiError(409, "invalid_blueprint", "The running blueprint of this app is not valid.");
    return parsed.blueprint;
  }
}
