/**
 * The whole pipeline for one request, with the database call injected: the API runs
 * it inside its per-request transaction and must roll back when status >= 400 (a
 * singular-object mismatch is detected only after the write ran, as in PostgREST).
 */
import { isDatabaseError, PostgrestError } from "./errors.js";
import type { SchemaModel } from "./model.js";
import { type Plan, type PlanOptions, planRequest } from "./plan.js";
import { parseRequest, type RestRequest } from "./request.js";
import { errorResponse, formatResponse, type RestResponse, type ResultRow } from "./response.js";
import { type BuiltSql, buildSql } from "./sql.js";

export interface QueryOptions {
  /**
   * Nothing runs after this statement and it only reads, so committing or rolling back
   * afterwards is all one: a caller whose transaction serves this request alone may end
   * it together with the statement, saving a round trip.
   */
  final?: boolean;
}

export type QueryFn = (
  text: string,
  values: (string | null)[],
  options?: QueryOptions,
) => Promise<Record<string, unknown>[]>;

export interface HandleContext {
  model: SchemaModel;
  /** The Postgres schema of the app (also named in error messages). */
  schema: string;
  /** Whether the caller presented a valid token (42501 → 403 instead of 401). */
  authenticated: boolean;
  query: QueryFn;
  /** The server's caps and estimate rule; PostgREST's defaults when absent. */
  options?: PlanOptions;
}

function plannedRows(rows: Record<string, unknown>[]): number | undefined {
  const cell = rows[0] ? Object.values(rows[0])[0] : undefined;
  const parsed = typeof cell === "string" ? JSON.parse(cell) : cell;
  const estimate = (parsed as { Plan?: { "Plan Rows"?: unknown } }[] | undefined)?.[0]?.Plan?.["Plan Rows"];
  return typeof estimate === "number" ? estimate : undefined;
}

/** A request parsed, planned and built: everything before its first statement runs. */
export interface PreparedRequest {
  plan: Plan;
  sql: BuiltSql;
  /**
   * A read whose one statement is all it runs: its transaction may end with that
   * statement (see QueryOptions.final).
   */
  oneShot: boolean;
}

export type PrepareContext = Pick<HandleContext, "model" | "schema" | "authenticated" | "options">;

/** Plans the request without touching the database; a request it cannot plan is answered here. */
export function prepareRequest(
  request: RestRequest,
  ctx: PrepareContext,
): PreparedRequest | { response: RestResponse } {
  try {
    const plan = planRequest(parseRequest(request), ctx.model, ctx.schema, ctx.options);
    const sql = buildSql(plan, ctx.schema);
    return { plan, sql, oneShot: plan.action === "read" && !plan.rollback && !sql.plannedCount };
  } catch (err) {
    if (err instanceof PostgrestError) return { response: errorResponse(err, ctx.authenticated) };
    throw err;
  }
}

/** Runs a prepared request through `ctx.query`, inside the caller's transaction. */
export async function runPrepared(prepared: PreparedRequest, ctx: HandleContext): Promise<RestResponse> {
  const { plan, sql } = prepared;
  try {
    // tx=rollback: the caller's transaction commits, so the request undoes its own work
    // once answered, after checking deferred constraints as a commit would (MainTx.hs).
    if (plan.rollback) await ctx.query("SAVEPOINT pgrst_tx_rollback", []);
    const rows = await ctx.query(sql.text, sql.values, { final: prepared.oneShot });
    const plannedTotal = sql.plannedCount
      ? plannedRows(await ctx.query(sql.plannedCount.text, sql.plannedCount.values))
      : undefined;
    if (plan.rollback) {
      await ctx.query("SET CONSTRAINTS ALL IMMEDIATE", []);
      await ctx.query("ROLLBACK TO SAVEPOINT pgrst_tx_rollback", []);
    }
    return formatResponse(plan, {
      row: rows[0] as unknown as ResultRow,
      ...(plannedTotal !== undefined && { plannedTotal }),
    });
  } catch (err) {
    if (err instanceof PostgrestError || isDatabaseError(err)) return errorResponse(err, ctx.authenticated);
    throw err;
  }
}

export async function handleRequest(request: RestRequest, ctx: HandleContext): Promise<RestResponse> {
  const prepared = prepareRequest(request, ctx);
  return "response" in prepared ? prepared.response : runPrepared(prepared, ctx);
}
