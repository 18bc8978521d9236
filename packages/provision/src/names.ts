/**
 * Names of an app's database objects. An app is known by the first 12 hex digits of
 * its UUID (48 random bits): schema `app_<key>`, roles `app_<key>_<blueprint role>`
 * and the owner `app_<key>__owner`. Blueprint identifiers start with a letter, so the
 * double underscore can never be a blueprint role, and every name stays under 63 bytes.
 */
import { createHash } from "node:crypto";
import { isUuid } from "@plinth/blueprint";
import { MAX_IDENTIFIER_BYTES } from "@plinth/db";

/** The login role the data API connects as; it is granted every app role and switches per request. */
export const AUTHENTICATOR_ROLE = "plinth_authenticator";

const KEY = /^[0-9a-f]{12}$/;

/** The short key of an app: accepts the app's UUID or an already short 12-hex key. */
export function appKey(appId: string): string {
  const id = appId.toLowerCase();
  if (KEY.test(id)) return id;
  if (!isUuid(id)) throw new Error(`app id ${JSON.stringify(appId)} is neither a UUID nor a 12-digit hex key`);
  return id.replace("-", "").slice(0, 12);
}

export function schemaName(appId: string): string {
  return `app_${appKey(appId)}`;
}

/** The schema of an app id taken from outside (a token's claim), or null when it cannot name one. */
export function schemaNameOrNull(appId: string): string | null {
  try {
    return schemaName(appId);
  } catch {
    return null;
  }
}

/** The database role of a blueprint role, e.g. app_1a2b3c4d5e6f_sales_rep. */
export function roleName(appId: string, blueprintRole: string): string {
  return `${schemaName(appId)}_${blueprintRole}`;
}

export function ownerRoleName(appId: string): string {
  return `${schemaName(appId)}__owner`;
}

/** The prefix every role of the app has, for finding them all in pg_roles. */
export function rolePrefix(appId: string): string {
  return `${schemaName(appId)}_`;
}

/**
 * A name for an index or constraint. Indexes share the schema's namespace with tables,
 * so they start with `plinth_`, a prefix no blueprint table may use. Too long a name
 * is shortened with a hash so two names never collide after truncation.
 */
export function objectName(kind: string, ...parts: string[]): string {
  const name = `plinth_${kind}_${parts.join("_")}`;
  if (name.length <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER_BYTES - 9)}_${hash}`;
}
