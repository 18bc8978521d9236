import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import type { Pool } from "pg";
import { ApiError } from "../http/errors.js";
import { findBlueprint } from "./store.js";

/** The blueprint an app currently runs (the latest version until runtime config says otherwise). */
export async function runningBlueprint(pool: Pool, appId: string, version?: number | null): Promise<BlueprintV2> {
  const row = await findBlueprint(pool, appId, version ?? undefined);
  if (!row) throw new ApiError(409, "no_blueprint", "This app has no blueprint yet; generate it first.");
  const result = validateBlueprint(row.blueprint_json);
  if (!result.ok) throw new ApiError(409, "invalid_blueprint", "This app's stored blueprint is not valid.");
  return result.blueprint;
}

/** The app owner acts with the blueprint's first (most privileged) role. */
export const ownerRole = (blueprint: BlueprintV2): string => blueprint.security.roles[0]?.name as string;
