/**
 * Every data access of an app runs through here: one transaction in which the
 * connection acts as the app's role for the request and carries the verified JWT
 * claims, so the schema's grants and row-level security policies decide what happens.
 */
import { identifierProblem } from "@plinth/blueprint";
import {
  type Database,
  inTransaction,
  singleStatementTransaction,
  type TransactionEnd,
  type TransactionOptions,
  TransactionSetupError,
} from "@plinth/db";
import type { PoolClient } from "pg";
import { appKey, roleName } from "./names.js";

export interface RequestContext {
  /** The app's UUID (or its 12-hex key). */
  appId: string;
  /** The blueprint role the request acts as, e.g. "sales_rep". */
  role: string;
  /** The claims of a token the caller has already verified; `sub` is the user id. */
  claims: Record<string, unknown>;
  /** Reads only: the transaction refuses every write. */
  readOnly?: boolean;
  statementTimeoutMs?: number;
}

/**
 * The request's transaction could not be set up, so nothing ran. `sqlState` is the
 * database's SQLSTATE when it refused (e.g. 22023 for a role that no longer exists),
 * "42501" when the token cannot act as the role, and null when no answer came (the
 * connection was lost).
 */
export class RequestContextError extends Error {
  override name = "RequestContextError";

  constructor(
    message: string,
    readonly sqlState: string | null = "42501",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export async function withRequestContext<T>(
  db: Database,
  context: RequestContext,
  fn: (client: PoolClient, end: TransactionEnd) => Promise<T>,
): Promise<T> {
  const options = transactionOptions(context);
  try {
    return await inTransaction(db, options, fn);
  } catch (error) {
    throw setupRefusal(error, context);
  }
}

/**
 * One read statement in its own request context, written whole with its settings
 * (singleStatementTransaction): reads written so on one pipelining connection
 * follow each other without overlapping, each under its own role and claims. The
 * statement runs prepared (@plinth/db's prepared.ts): a data API's reads repeat a few
 * shapes, and planning them on every request costs the database more than running them.
 */
export async function singleReadInRequestContext(
  client: PoolClient,
  context: RequestContext,
  text: string,
  values: unknown[],
): Promise<Record<string, unknown>[]> {
  const options = { ...transactionOptions(context), readOnly: true };
  try {
    return (await singleStatementTransaction(client, options, text, values, true)).rows;
  } catch (error) {
    throw setupRefusal(error, context);
  }
}

function transactionOptions(context: RequestContext): TransactionOptions {
  return {
    readOnly: context.readOnly,
    statementTimeoutMs: context.statementTimeoutMs,
    settings: { role: requestRole(context), "request.jwt.claims": JSON.stringify(context.claims) },
  };
}

/** A failed setup becomes the RequestContextError it is; any other error passes through. */
function setupRefusal(error: unknown, context: RequestContext): unknown {
  if (!(error instanceof TransactionSetupError)) return error;
  return new RequestContextError(
    `cannot act as role "${context.role}" of app ${appKey(context.appId)}: ${error.message}`,
    sqlStateOf(error.cause),
    { cause: error },
  );
}

/** The database role for the request, refusing anything that is not a role of this app. */
function requestRole(context: RequestContext): string {
  const problem = identifierProblem(context.role);
  if (problem) throw new RequestContextError(`"${context.role}" is not a role of this app: ${problem}`);
  const dbRole = roleName(context.appId, context.role);
  const { role, app_id: appId, app_role: appRole } = context.claims;
  if (appId !== undefined && (typeof appId !== "string" || !sameApp(appId, context.appId))) {
    throw new RequestContextError(`the token is for app ${String(appId)}, not app ${context.appId}`);
  }
  if (role !== undefined && role !== dbRole) {
    throw new RequestContextError(`the token's role ${String(role)} does not match ${dbRole}`);
  }
  if (appRole !== undefined && appRole !== context.role) {
    throw new RequestContextError(`the token's app_role ${String(appRole)} does not match "${context.role}"`);
  }
  return dbRole;
}

function sqlStateOf(error: unknown): string | null {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof severity === "string" && typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

function sameApp(a: string, b: string): boolean {
  try {
    return appKey(a) === appKey(b);
  } catch {
    return false;
  }
}
