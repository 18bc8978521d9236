/**
 * Applies a migration plan to the live app in one transaction, under the same
 * timeouts and self-check as provisioning. Destructive steps need an explicit
 * confirmation; every step that needs a check counts the rows that would break it
 * first and refuses when there are any. Any refusal or failure rolls everything back,
 * so the app is either on the new version or exactly as it was.
 */

import { type Database, quoteIdent } from "@plinth/db";
import type { PoolClient } from "pg";
import { type ApplyOptions, type AppManifest, inCheckedTransaction, stepFailed } from "../apply.js";
import type { MigrationPlan, MigrationStep } from "./plan.js";

export interface MigrationOptions extends ApplyOptions {
  /** Destructive steps (dropping columns, tables or roles; replacing a column) run only when this is true. */
  confirmDestructive?: boolean;
  /** Whether the app is running: a new role gets USAGE on the schema only then, so a stopped app stays stopped. */
  appRunning: boolean;
}

/** A needs-check step found existing rows that break its rule; nothing was changed. */
export class MigrationCheckError extends Error {
  override name = "MigrationCheckError";
  constructor(
    /** The refused step (0-based index into plan.steps). */
    readonly step: number,
    /** How many existing rows break it. */
    readonly count: number,
    /** What those rows are, e.g. "existing deals rows have no value in priority, …". */
    readonly detail: string,
    readonly description: string,
  ) {
    super(`the migration was not applied: ${count} ${detail} (step ${step + 1}: ${description}); nothing was changed`);
  }
}

/** The plan has destructive steps and the request did not confirm them; nothing was changed. */
export class DestructiveMigrationError extends Error {
  override name = "DestructiveMigrationError";
  constructor(
    /** The destructive steps (0-based indexes into plan.steps). */
    readonly steps: number[],
    descriptions: string[],
  ) {
    super(
      `the migration deletes data and was not confirmed: ${descriptions.join("; ")}. Review the preview and apply again with confirmDestructive to go ahead`,
    );
  }
}

/** Steps that would lose data. */
export function destructiveSteps(plan: MigrationPlan): { index: number; step: MigrationStep }[] {
  return plan.steps.flatMap((step, index) => (step.classification === "destructive" ? [{ index, step }] : []));
}

/** Returns the app's manifest after the migration (its role list may have changed): store it. */
export async function applyMigration(
  db: Database,
  plan: MigrationPlan,
  options: MigrationOptions,
): Promise<AppManifest> {
  const destructive = destructiveSteps(plan);
  if (destructive.length > 0 && !options.confirmDestructive) {
    throw new DestructiveMigrationError(
      destructive.map((d) => d.index),
      destructive.map((d) => d.step.description),
    );
  }
  return inCheckedTransaction(db, plan, options, "migrating", async (client) => {
    let actingAsOwner = false;
    for (const [index, step] of plan.steps.entries()) {
      if (step.onlyWhenRunning && !options.appRunning) continue;
      if (step.check) {
        const count = await countOffending(client, step.check.sql, actingAsOwner ? plan.ownerRole : null);
        if (count > 0) throw new MigrationCheckError(index, count, step.check.message, step.description);
      }
      await client.query(step.sql).catch((error: unknown) => {
        throw stepFailed(plan, index, error, "migrating", "nothing was changed");
      });
      if (step.sql.startsWith("set local role ")) actingAsOwner = true;
      if (step.sql === "reset role") actingAsOwner = false;
    }
  });
}

/**
 * Counts as the session user: every app table forces row-level security and the owner
 * has no policy, so counted as the owner every table would look empty.
 */
async function countOffending(client: PoolClient, sql: string, ownerRole: string | null): Promise<number> {
  if (ownerRole) await client.query("reset role");
  const { rows } = await client.query<{ count: number }>(sql);
  if (ownerRole) await client.query(`set local role ${quoteIdent(ownerRole)}`);
  return rows[0]?.count ?? 0;
}
