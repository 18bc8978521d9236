/**
 * Runs a provisioning plan in one transaction, under statement and lock timeouts, and
 * self-checks the result before committing: the whole app exists afterwards, or
 * nothing of it does.
 */

import { type Database, inTransaction } from "@plinth/db";
import type { PoolClient } from "pg";
import type { ProvisionPlan } from "./plan.js";
import { type SelfCheckFinding, selfCheck } from "./self-check.js";

/** What provisioning created, for the control plane to keep: enough for deleteApp to undo it all. */
export interface AppManifest {
  appKey: string;
  schema: string;
  ownerRole: string;
  /** The app's database roles, one per blueprint role. */
  roles: string[];
}

export interface ApplyOptions {
  /** Longest any one statement may run (default 30 s). */
  statementTimeoutMs?: number;
  /** Longest any statement may wait for a lock (default 5 s): provisioning must not queue behind a long transaction. */
  lockTimeoutMs?: number;
  /**
   * Runs last, in the same transaction, after the self-check passed: the control plane
   * records what it applied (e.g. marks the app provisioned) so the record and the
   * schema commit together or not at all. Throwing rolls everything back.
   */
  beforeCommit?: (client: PoolClient) => Promise<void>;
}

export class ApplyError extends Error {
  constructor(
    message: string,
    /** The step that failed (0-based), when one did. */
    readonly step: number | null,
    /** What the self-check found, when it refused the app. */
    readonly findings: SelfCheckFinding[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ApplyError";
  }
}

export function manifestOf(plan: ProvisionPlan): AppManifest {
  return {
    appKey: plan.appKey,
    schema: plan.schema,
    ownerRole: plan.ownerRole,
    roles: plan.roles.map((r) => r.dbRole),
  };
}

export async function applyPlan(db: Database, plan: ProvisionPlan, options: ApplyOptions = {}): Promise<AppManifest> {
  return inCheckedTransaction(db, plan, options, "provisioning", async (client) => {
    for (const [index, step] of plan.steps.entries()) {
      await client.query(step.sql).catch((error: unknown) => {
        throw stepFailed(plan, index, error, "provisioning", "nothing was created");
      });
    }
  });
}

/** The database refused a step: which, why, and what that left (the transaction undid the rest). */
export function stepFailed(
  plan: ProvisionPlan,
  index: number,
  error: unknown,
  doing: string,
  outcome: string,
): ApplyError {
  const step = plan.steps[index];
  return new ApplyError(
    `${doing} ${plan.schema} failed at step ${index + 1} of ${plan.steps.length} (${step?.description}): ${(error as Error).message}; ${outcome}`,
    index,
    [],
    { cause: error },
  );
}

/**
 * Runs `change` in one transaction under the options' timeouts, then self-checks the app and
 * lets the caller record what it applied: the app as planned commits, or nothing of the change
 * does. `doing` names the change in the refusal ("provisioning", "migrating").
 */
export function inCheckedTransaction(
  db: Database,
  plan: ProvisionPlan,
  options: ApplyOptions,
  doing: string,
  change: (client: PoolClient) => Promise<void>,
): Promise<AppManifest> {
  const timeouts = {
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
  };
  return inTransaction(db, timeouts, async (client) => {
    await change(client);
    const findings = await selfCheck(client, plan);
    if (findings.length > 0) {
      throw new ApplyError(
        `${doing} ${plan.schema} was rolled back because the self-check found: ${findings.map((f) => f.message).join("; ")}`,
        null,
        findings,
      );
    }
    await options.beforeCommit?.(client);
    return manifestOf(plan);
  });
}
