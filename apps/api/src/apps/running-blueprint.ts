import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { LRUCache } from "lru-cache";
import type { Pool, PoolClient } from "pg";
import { Conflict } from "../domain/errors.js";
import { liveVersion } from "./runtime-config.js";
import { findBlueprint } from "./store.js";

type Db = Pool | PoolClient;

/**
 * Validated blueprints by app and version. A stored version never changes, so it is
 * read and validated once, not on every runtime, member or sign-in request (a large
 * blueprint takes a noticeable while to validate). Bounded by the blueprints' size.
 */
const validated = new LRUCache<string, BlueprintV2>({
  maxSize: 64 * 1024 * 1024,
  sizeCalculation: (blueprint) => JSON.stringify(blueprint).length,
});

export interface LiveBlueprint {
  version: number;
  blueprint: BlueprintV2;
}

/**
 * The blueprint an app runs: the version its runtime config names, never merely the
 * newest one (a version can be stored before it goes live, or without ever going live).
 */
export async function liveBlueprint(db: Db, appId: string): Promise<LiveBlueprint> {
  const version = await liveVersion(db, appId);
  if (version === null) throw new Conflict("no_blueprint", "This app has no blueprint yet; generate it first.");
  return { version, blueprint: await blueprintAt(db, appId, version) };
}

/** A stored version of the app's blueprint, validated; for callers that already know which version is live. */
export async function blueprintAt(db: Db, appId: string, version: number): Promise<BlueprintV2> {
  const key = `${appId}:${version}`;
  const cached = validated.get(key);
  if (cached) return cached;
  const row = await findBlueprint(db, appId, version);
  if (!row) throw new Conflict("no_blueprint", "This app has no blueprint yet; generate it first.");
  const result = validateBlueprint(row.blueprint_json);
  if (!result.ok) throw new Conflict("invalid_blueprint", "This app's stored blueprint is not valid.");
  validated.set(key, result.blueprint);
  return result.blueprint;
}
