/**
 * Plan + the statement's single result row → PostgREST's response: status,
 * Content-Range, Location, Preference-Applied and the JSON body (Response.hs).
 */
import {
  maxAffectedViolation,
  outOfBounds,
  type PostgrestError,
  singularityError,
  toPostgrestError,
} from "./errors.js";
import type { Plan, ReadPlan } from "./plan.js";
import type { Preferences } from "./prefer.js";
import type { Media } from "./request.js";

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON or CSV text, or undefined when the response has no body. */
  body: string | undefined;
}

/** The row every statement from buildSql returns. */
export interface ResultRow {
  total_result_set: unknown;
  page_total: unknown;
  body: unknown;
  inserted: unknown;
}

export interface QueryResult {
  row: ResultRow;
  /** The planner's estimate, from running `plannedCount` (count=planned only). */
  plannedTotal?: number;
}

/** Content-Type, and Content-Profile naming the schema when the client chose it by profile (Response.hs). */
function contentHeaders(plan: Plan): Record<string, string> {
  return {
    "Content-Type": contentType(plan.media),
    ...(plan.contentProfile !== undefined && { "Content-Profile": plan.contentProfile }),
  };
}

/** The Content-Type PostgREST answers with for each negotiated media type. */
function contentType({ kind, stripNulls }: Media): string {
  const nulls = stripNulls ? ";nulls=stripped" : "";
  switch (kind) {
    case "csv":
      return "text/csv; charset=utf-8";
    case "object":
      return `application/vnd.pgrst.object+json${nulls}; charset=utf-8`;
    case "array":
      return stripNulls ? `application/vnd.pgrst.array+json${nulls}; charset=utf-8` : "application/json; charset=utf-8";
  }
}

function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function bodyText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value ?? []);
}

export function contentRange(lower: number, upper: number, total: number | undefined): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : "*";
  return `${range}/${total ?? "*"}`;
}

type Applicable = "resolution" | "missing" | "return" | "count" | "tx" | "handling" | "maxAffected";

/** Preference-Applied in PostgREST's order; max-affected is applied only under handling=strict. */
function preferenceApplied(prefs: Preferences, include: Applicable[]): Record<string, string> {
  const order: Applicable[] = ["resolution", "missing", "return", "count", "tx", "handling", "maxAffected"];
  const applied = order
    .filter((k) => include.includes(k) && prefs[k] !== undefined)
    .filter((k) => k !== "maxAffected" || prefs.handling === "strict")
    .map((k) => `${k === "maxAffected" ? "max-affected" : k}=${prefs[k]}`);
  return applied.length > 0 ? { "Preference-Applied": applied.join(", ") } : {};
}

function errorAsResponse(err: PostgrestError): RestResponse {
  const { status, headers, body } = err.toResponse();
  return { status, headers, body: JSON.stringify(body) };
}

function singularBody(body: string): string {
  const rows = JSON.parse(body) as unknown[];
  return JSON.stringify(rows[0]);
}

function readResponse(plan: ReadPlan, result: QueryResult): RestResponse {
  const pageTotal = toNumber(result.row.page_total) ?? 0;
  if (plan.singular && pageTotal !== 1) return errorAsResponse(singularityError(pageTotal));
  const total = plan.count === "planned" ? result.plannedTotal : toNumber(result.row.total_result_set);
  const lower = plan.root.range.offset;
  const upper = lower + pageTotal - 1;
  let status = 200;
  if (total !== undefined) {
    if (lower > total) return errorAsResponse(outOfBounds(lower, total));
    if (1 + upper - lower < total) status = 206;
  }
  const query = plan.canonicalQuery === "" ? "" : `?${plan.canonicalQuery}`;
  const headers: Record<string, string> = {
    ...contentHeaders(plan),
    "Content-Range": contentRange(lower, upper, total),
    "Content-Location": `/${plan.table.name}${query}`,
    ...preferenceApplied(plan.preferences, ["count", "tx", "handling"]),
  };
  if (plan.headersOnly) return { status, headers, body: undefined };
  const body = bodyText(result.row.body);
  return { status, headers, body: plan.singular ? singularBody(body) : body };
}

function location(plan: Plan, body: string): Record<string, string> {
  if (plan.action !== "insert" || plan.returning !== "headers-only" || plan.primaryKey.length === 0) return {};
  const first = (JSON.parse(body) as Record<string, unknown>[])[0];
  if (!first) return {};
  const query = plan.primaryKey
    .map((c) => `${encodeURIComponent(c.name)}=${encodeURIComponent(`eq.${String(first[c.name])}`)}`)
    .join("&");
  return { Location: `/${plan.table.name}?${query}` };
}

export function formatResponse(plan: Plan, result: QueryResult): RestResponse {
  if (plan.action === "read") return readResponse(plan, result);

  const affected = toNumber(result.row.page_total) ?? 0;
  if (plan.singular && affected !== 1) return errorAsResponse(singularityError(affected));
  const { maxAffected, handling } = plan.preferences;
  if (plan.action !== "insert" && handling === "strict" && maxAffected !== undefined && affected > maxAffected) {
    return errorAsResponse(maxAffectedViolation(affected, maxAffected));
  }
  const total = plan.count ? affected : undefined;
  const representation = plan.returning === "representation";
  const body = bodyText(result.row.body);
  const headers: Record<string, string> = {};
  let status: number;

  if (plan.action === "insert") {
    Object.assign(headers, location(plan, body));
    headers["Content-Range"] = contentRange(1, 0, total);
    Object.assign(
      headers,
      preferenceApplied(plan.preferences, [
        ...(plan.conflict ? (["resolution"] as const) : []),
        "missing",
        "return",
        "count",
        "tx",
        "handling",
      ]),
    );
    const inserted = toNumber(result.row.inserted) ?? 0;
    status = inserted <= 0 && plan.conflict?.resolution === "merge-duplicates" ? 200 : 201;
  } else if (plan.action === "update") {
    headers["Content-Range"] = contentRange(0, affected - 1, total);
    Object.assign(
      headers,
      preferenceApplied(plan.preferences, ["missing", "return", "count", "tx", "handling", "maxAffected"]),
    );
    status = representation ? 200 : 204;
  } else {
    headers["Content-Range"] = contentRange(1, 0, total);
    Object.assign(headers, preferenceApplied(plan.preferences, ["return", "count", "tx", "handling", "maxAffected"]));
    status = representation ? 200 : 204;
  }
  if (!representation) return { status, headers, body: undefined };
  Object.assign(headers, contentHeaders(plan));
  return { status, headers, body: plan.singular ? singularBody(body) : body };
}

/** The response for an error thrown anywhere in the pipeline (see toPostgrestError). */
export function errorResponse(err: unknown, authenticated: boolean): RestResponse {
  const { status, headers, body } = toPostgrestError(err, { authenticated });
  return { status, headers, body: JSON.stringify(body) };
}
