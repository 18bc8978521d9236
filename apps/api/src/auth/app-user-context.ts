/**
 * The database context an app user's request runs in: their app, the role their token
 * names and their verified claims, which the schema's grants and row-level security read.
 */
import type { RequestContext } from "@plinth/provision";
import type { AppUserClaims } from "./tokens.js";

export function appUserContext(
  appId: string,
  claims: AppUserClaims,
  options: { readOnly: boolean; statementTimeoutMs?: number },
): RequestContext {
  return { appId, role: claims.app_role, claims: { ...claims }, ...options };
}
