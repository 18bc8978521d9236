/**
 * How the data API's translator runs for one member, inside their request context: their
 * app's schema model, estimates only where their role sees every row, and the server's
 * plan options. The data API and imports both write through it, so an import is planned
 * exactly as a data-API write is.
 *
 * `end` is given where the transaction serves this one request only: its last statement
 * of a read then carries the COMMIT with it (one round trip on a pipelining pool).
 */
import type { TransactionEnd } from "@plinth/db";
import type { HandleContext, PlanOptions } from "@plinth/rest";
import type { PoolClient } from "pg";
import type { AppUserClaims } from "../auth/tokens.js";
import type { DirectoryEntry } from "./app-directory.js";
import { estimatesAllowedFor } from "./planner-estimates.js";

/** What planning needs for a member: everything of the context but the database call. */
export function memberPlanContext(
  entry: DirectoryEntry,
  claims: AppUserClaims,
  planOptions: Omit<PlanOptions, "estimatesAllowed">,
): Omit<HandleContext, "query"> {
  return {
    model: entry.model,
    schema: entry.schema,
    authenticated: true,
    options: { ...planOptions, estimatesAllowed: estimatesAllowedFor(entry.blueprint, claims.app_role) },
  };
}

export function memberHandleContext(
  entry: DirectoryEntry,
  claims: AppUserClaims,
  client: PoolClient,
  planOptions: Omit<PlanOptions, "estimatesAllowed">,
  end?: TransactionEnd,
): HandleContext {
  return { ...memberPlanContext(entry, claims, planOptions), query: memberQuery(client, end) };
}

/** The member's statements on their transaction's connection; a read's final one commits with it when `end` is given. */
export function memberQuery(client: PoolClient, end?: TransactionEnd): HandleContext["query"] {
  return async (text, values, options) =>
    (options?.final && end ? await end.commitWith(text, values) : await client.query(text, values)).rows;
}
