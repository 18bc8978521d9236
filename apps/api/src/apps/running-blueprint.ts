import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { LRUCache } from "lru-cache";
import type { Pool } from "pg";
import { Conflict } from "../domain/errors.js";
import { findBlueprint, latestVersionNumber } from "./store.js";

/**
 * Validated blueprints by app and version. A stored version never changes, so it is
 * read and validated once, not on every runtime, member or sign-in request (a large
 * blueprint takes a noticeable while to validate). Bounded by the blueprints' size.
 */
const validated = new LRUCache<string, BlueprintV2>({
  maxSize: 64 * 1024 * 1024,
  sizeCalculation: (blueprint) => JSON.stringify(blueprint).length,
});

/** The blueprint an app currently runs (the latest version until runtime config says otherwise). */
export async function runningBlueprint(pool: Pool, appId: string, version?: number | null): Promise<BlueprintV2> {
  const at = version ?? (await latestVersionNumber(pool, appId));
  if (at === null) throw new Conflict("no_blueprint", "This app has no blueprint yet; generate it first.");
  const key = `${appId}:${at}`;
  const cached = validated.get(key);
  if (cached) return cached;
  const row = await findBlueprint(pool, appId, at);
  if (!row) throw new Conflict("no_blueprint", "This app has no blueprint yet; generate it first.");
  const result = validateBlueprint(row.blueprint_json);
  if (!result.ok) throw new Conflict("invalid_blueprint", "This app's stored blueprint is not valid.");
  validated.set(key, result.blueprint);
  return result.blueprint;
}

/** The app owner acts with the blueprint's first (most privileged) role. */
export const ownerRole = (blueprint: BlueprintV2): string => blueprint.security.roles[0]?.name as string;
