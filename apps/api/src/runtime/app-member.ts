/**
 * The app user behind a runtime request that acts in the app's data (imports, saved
 * views): an app token for the app at `slug`, whose role and teams are still what the
 * member holds now — the same test the data API applies on every request.
 */

import { ApiError } from "@plinth/contract";
import type { FastifyRequest } from "fastify";
import type { Pool } from "pg";
import { findAppBySlug } from "../apps/store.js";
import type { AppUserClaims, TokenService } from "../auth/tokens.js";
import { bearerToken } from "../http/bearer.js";
import type { AppDirectory, DirectoryEntry } from "../rest/app-directory.js";

export interface AppMember {
  entry: DirectoryEntry;
  claims: AppUserClaims;
}

export async function appMemberOf(
  request: FastifyRequest,
  deps: { pool: Pool; tokens: TokenService; directory: AppDirectory },
  slug: string,
): Promise<AppMember> {
  const bearer = bearerToken(request.headers.authorization);
  if (!bearer) throw new ApiError(401, "unauthenticated", "Sign in to this app to continue.");
  const claims = await deps.tokens.verifyAppUser(bearer).catch(() => undefined);
  if (!claims) throw new ApiError(401, "session_expired", "Your sign-in has expired; sign in to the app again.");
  const found = await findAppBySlug(deps.pool, slug);
  if (!found || found.status === "DELETING" || !found.db_schema)
    throw new ApiError(404, "not_found", "There is no app here.");
  if (found.id !== claims.app_id) {
    throw new ApiError(401, "session_expired", "Your sign-in is for another app; sign in to this one.");
  }
  const entry = await deps.directory.bySchema(found.db_schema);
  if (!entry) throw new ApiError(404, "not_found", "There is no app here.");
  if (!entry.running)
    throw new ApiError(503, "app_stopped", "This app is stopped; try again once its owner starts it.");
  if (!(await deps.directory.holdsCurrentAccess(entry, claims))) {
    throw new ApiError(
      401,
      "access_changed",
      "Your access to this app has changed since you signed in; sign in again.",
    );
  }
  return { entry, claims };
}
