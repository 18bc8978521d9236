/**
 * Refine and restore: moves a built app to a new blueprint in place with the
 * provisioning package's migration planner. The new version and manifest are recorded
 * in the same transaction as the schema change, so the two never disagree.
 */
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import {
  applyMigration,
  countConsequences,
  DestructiveMigrationError,
  MigrationCheckError,
  type MigrationPlan,
  type MigrationPreview,
  ProvisionError,
  planMigration,
  previewMigration,
} from "@plinth/provision";
import type { Pool, PoolClient } from "pg";
import { Conflict, Invalid, NotFound } from "../domain/errors.js";
import { hashBlueprint } from "../jobs/blueprint-hash.js";
import { listMembers } from "../members/store.js";
import type { ServerRegistry } from "../placements/registry.js";
import { placementOf } from "../placements/store.js";
import { liveBlueprint } from "./running-blueprint.js";
import { liveVersion, setLiveVersion } from "./runtime-config.js";
import { type AppRow, findBlueprint, insertBlueprintVersion, lockAppForChange, recordEvent } from "./store.js";

export interface MigrationOutcome {
  version: number;
  /** Plain-language consequences, e.g. "adds column Priority to Tickets". */
  summary: string[];
}

export class AppMigrator {
  constructor(
    private readonly pool: Pool,
    private readonly servers: ServerRegistry,
  ) {}

  /** What moving the app to `blueprint` would do, without doing it; `accessChanges` need confirming like data loss. */
  async preview(
    app: AppRow,
    blueprint: BlueprintV2,
  ): Promise<{ fromVersion: number; preview: MigrationPreview; accessChanges: string[] }> {
    const { version, blueprint: running } = await liveBlueprint(this.pool, app.id);
    const plan = this.plan(running, blueprint, app.id);
    // Figures are counted on the live app for the members who hold each role today.
    const members = (await listMembers(this.pool, app.id)).flatMap((m) =>
      m.user_id ? [{ userId: m.user_id, role: m.role, teamIds: m.team_ids }] : [],
    );
    const preview = previewMigration(plan, await countConsequences(this.pool, plan, members));
    return { fromVersion: version, preview, accessChanges: preview.access };
  }

  /** What restoring `version` would do, with figures, before the founder confirms it. */
  async previewRestore(app: AppRow, version: number) {
    const target = await findBlueprint(this.pool, app.id, version);
    if (!target) throw new NotFound("not_found", `Version ${version} of this app's blueprint was not found.`);
    const parsed = validateBlueprint(target.blueprint_json);
    if (!parsed.ok) throw new Conflict("invalid_blueprint", `Version ${version} no longer passes verification.`);
    return this.preview(app, parsed.blueprint);
  }

  async migrateTo(
    app: AppRow,
    blueprint: BlueprintV2,
    options: {
      source: "refine" | "restore";
      note: string | null;
      actorId: string | null;
      /** Data loss and changes to who can see or change what happen only when confirmed. */
      confirmDestructive: boolean;
      /** The version the change was made from (by a preview, or the model): refused once another version is live. */
      basedOn?: { version: number; preview: boolean };
    },
  ): Promise<MigrationOutcome> {
    if (app.status !== "RUNNING" && app.status !== "STOPPED") {
      throw new Conflict("not_migratable", `This app is ${app.status.toLowerCase()}; only a built app can change.`);
    }
    const { version: plannedFrom, blueprint: running } = await liveBlueprint(this.pool, app.id);
    const basedOn = options.basedOn ?? { version: plannedFrom, preview: false };
    if (basedOn.version !== plannedFrom) throw staleRefusal(basedOn.version, plannedFrom, basedOn.preview);
    const plan = this.plan(running, blueprint, app.id);
    const summary = previewMigration(plan).consequences;
    const access = accessChanges(plan);
    if (access.length > 0 && !options.confirmDestructive) {
      throw new Conflict(
        "needs_confirmation",
        `This change alters who can see or change what: ${access.join(" ")} Review it and apply again with confirm_destructive to go ahead.`,
        { access_changes: access },
      );
    }
    let version = 0;
    const { server } = await placementOf(this.pool, app.id);
    try {
      await applyMigration(await this.servers.ddl(server), plan, {
        confirmDestructive: options.confirmDestructive,
        appRunning: app.status === "RUNNING",
        beforeCommit: (serverClient: PoolClient) =>
          this.servers.record(server, serverClient, async (client) => {
            await lockAppForChange(client, app.id);
            // A move copies the app as it is: a change made to the copy's source meanwhile would be lost.
            const placement = await placementOf(client, app.id);
            if (placement.server !== server || placement.movingTo) throw movingRefusal();
            // The plan is a diff from the version that was live when it was made; another change may have gone live since.
            const live = await liveVersion(client, app.id);
            if (live !== plannedFrom) throw staleRefusal(plannedFrom, live ?? 0, basedOn.preview);
            version = await insertBlueprintVersion(client, {
              appId: app.id,
              blueprint,
              hash: hashBlueprint(blueprint),
              source: options.source,
              note: options.note,
              createdBy: options.actorId,
            });
            await setLiveVersion(client, app.id, version, manifestAfter(plan));
            await recordEvent(client, app.id, "version_added", options.actorId, { version, source: options.source });
            await recordEvent(client, app.id, "migrated", options.actorId, {
              version,
              steps: plan.steps.length,
              summary,
            });
          }),
      });
    } catch (error) {
      throw refusal(error);
    }
    return { version, summary };
  }

  async restore(app: AppRow, version: number, actorId: string, confirmDestructive: boolean): Promise<number> {
    const target = await findBlueprint(this.pool, app.id, version);
    if (!target) throw new NotFound("not_found", `Version ${version} of this app's blueprint was not found.`);
    const parsed = validateBlueprint(target.blueprint_json);
    if (!parsed.ok) throw new Conflict("invalid_blueprint", `Version ${version} no longer passes verification.`);
    const outcome = await this.migrateTo(app, parsed.blueprint, {
      source: "restore",
      note: `restored from version ${version}`,
      actorId,
      confirmDestructive,
    });
    return outcome.version;
  }

  private plan(running: BlueprintV2, next: BlueprintV2, appId: string): MigrationPlan {
    try {
      return planMigration(running, next, appId);
    } catch (error) {
      throw refusal(error);
    }
  }
}

/** Changes to roles, permissions and row filters, in the founder's words. */
function accessChanges(plan: MigrationPlan): string[] {
  return plan.consequences.filter((c) => c.kind === "access").map((c) => c.message);
}

/** A change prepared from a version that is no longer live would silently undo what went live since. */
export function staleRefusal(from: number, live: number, previewed: boolean): Conflict {
  return new Conflict(
    "stale_preview",
    previewed
      ? `This preview was made from version ${from}, but version ${live} is live now; preview the change again.`
      : `Version ${live} went live while this change was prepared from version ${from}; make the change again.`,
    { from_version: from, live_version: live },
  );
}

function movingRefusal(): Conflict {
  return new Conflict(
    "app_moving",
    "This app is being moved to another database server; make the change again once the move has finished.",
  );
}

function manifestAfter(plan: MigrationPlan) {
  return {
    appKey: plan.appKey,
    schema: plan.schema,
    ownerRole: plan.ownerRole,
    roles: plan.roles.map((r) => r.dbRole),
  };
}

/** The migration planner's and applier's refusals, as answers a founder can act on. */
function refusal(error: unknown): unknown {
  if (error instanceof DestructiveMigrationError) {
    return new Conflict("needs_confirmation", `${capitalize(error.message)}.`, { steps: error.steps });
  }
  if (error instanceof MigrationCheckError) {
    return new Conflict(
      "existing_rows_conflict",
      `${capitalize(error.message)}. Fix those rows first or keep the old rule.`,
      {
        step: error.step,
        count: error.count,
      },
    );
  }
  if (error instanceof ProvisionError) {
    return new Invalid("invalid_blueprint", error.message, error.problems);
  }
  return error;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
