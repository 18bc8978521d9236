/**
 * Who a Plinth account is in an app: its owner acts with the blueprint's first role;
 * anyone else only through a membership they accepted. Both token issuing and every
 * data-API request ask this, so removing a member or changing their role takes effect
 * at once, whatever tokens they still hold.
 */
import { type BlueprintV2, founderRole } from "@plinth/blueprint";
import type { Pool } from "pg";
import { liveBlueprint } from "../apps/running-blueprint.js";
import type { AppRow } from "../apps/store.js";
import { sessionVersion } from "../auth/users.js";
import { findMembership } from "../members/store.js";

export interface AppAccess {
  role: string;
  teamIds: string[];
  /** False when the running blueprint no longer has the role (the member must be given another). */
  roleExists: boolean;
  /** The account's session version now: tokens issued under an older one (before a password reset) are void. */
  sessionVersion: number;
}

export async function appAccess(
  pool: Pool,
  app: Pick<AppRow, "id" | "owner_user_id">,
  userId: string,
): Promise<AppAccess | null> {
  const { blueprint } = await liveBlueprint(pool, app.id);
  return accessIn(pool, { appId: app.id, ownerId: app.owner_user_id, blueprint }, userId);
}

/** The same answer for an app whose running blueprint the caller already holds (the data API's cache). */
export async function accessIn(
  pool: Pool,
  app: { appId: string; ownerId: string; blueprint: BlueprintV2 },
  userId: string,
): Promise<AppAccess | null> {
  const [member, version] = await Promise.all([
    userId === app.ownerId ? undefined : findMembership(pool, app.appId, userId),
    sessionVersion(pool, userId),
  ]);
  if (version === undefined) return null;
  if (userId === app.ownerId) {
    return { role: founderRole(app.blueprint), teamIds: [], roleExists: true, sessionVersion: version };
  }
  if (!member) return null;
  const roleExists = app.blueprint.security.roles.some((r) => r.name === member.role);
  return { role: member.role, teamIds: member.team_ids, roleExists, sessionVersion: version };
}
