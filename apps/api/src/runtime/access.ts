/**
 * Who a Plinth account is in an app: its owner acts with the blueprint's first role;
 * anyone else only through a membership they accepted. Both token issuing and every
 * data-API request ask this, so removing a member or changing their role takes effect
 * at once, whatever tokens they still hold.
 */
import type { Pool } from "pg";
import { ownerRole, runningBlueprint } from "../apps/running-blueprint.js";
import { type AppRow, liveVersion } from "../apps/store.js";
import { findMembership } from "../members/store.js";

export interface AppAccess {
  role: string;
  teamIds: string[];
  /** False when the running blueprint no longer has the role (the member must be given another). */
  roleExists: boolean;
}

export async function appAccess(
  pool: Pool,
  app: Pick<AppRow, "id" | "owner_user_id">,
  userId: string,
): Promise<AppAccess | null> {
  const blueprint = await runningBlueprint(pool, app.id, await liveVersion(pool, app.id));
  const roles = new Set(blueprint.security.roles.map((r) => r.name));
  if (userId === app.owner_user_id) return { role: ownerRole(blueprint), teamIds: [], roleExists: true };
  const member = await findMembership(pool, app.id, userId);
  if (!member) return null;
  return { role: member.role, teamIds: member.team_ids, roleExists: roles.has(member.role) };
}
