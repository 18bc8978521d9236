/**
 * What every founder route on one app starts with: the app, if it is the founder's. Any
 * other app is answered as not there at all, so nobody learns which ids exist.
 */
import type { Pool } from "pg";
import { notFound } from "../http/errors.js";
import { type AppRow, findOwnedApp } from "./store.js";

export async function ownedApp(pool: Pool, ownerId: string, appId: string): Promise<AppRow> {
  const found = await findOwnedApp(pool, ownerId, appId);
  if (!found) throw notFound("This app");
  return found;
}
