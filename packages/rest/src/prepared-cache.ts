/**
 * Reads repeat a few shapes with different values (GET one row by id, a list filtered
 * by a parent): parsing, planning and building SQL again for each costs the API more
 * than running the statement. A read's shape is its query string with the values of
 * simple comparisons (`col=eq.<value>`, neq, gt, gte, lt, lte) taken out, plus what else
 * planning reads (method, table, model, options, the Accept, Accept-Profile, Prefer and
 * Range headers). Its template is the request prepared once with a marker for each such
 * value; a request of the same shape reuses it with its own values put where the markers
 * are. A shape is cached only when every marker came out as exactly one whole bind
 * parameter and once in the canonical query, so the SQL never depends on the value;
 * otherwise, and for anything but a plain one-shot read, the request is prepared afresh.
 */
import type { PrepareContext, PreparedRequest } from "./handle.js";
import { prepareRequest } from "./handle.js";
import type { SchemaModel } from "./model.js";
import type { ReadPlan } from "./plan.js";
import type { RestRequest } from "./request.js";
import type { RestResponse } from "./response.js";

const COMPARISON = /^(not\.)?(eq|neq|gt|gte|lt|lte)\.([A-Za-z0-9._-]+)$/;
/** Parameters that are not filters on a column. */
const NOT_FILTERS = new Set(["select", "order", "limit", "offset", "columns", "on_conflict", "and", "or", "not"]);
/** The headers planning reads (parseRequest). */
const HEADERS = new Set(["accept", "accept-profile", "content-profile", "prefer", "range"]);
/** Shapes remembered per schema model; past this they start afresh. */
const SHAPES_PER_MODEL = 1_000;

interface Template {
  prepared: PreparedRequest;
  plan: ReadPlan;
  /** Where each marked value goes among the statement's values. */
  positions: number[];
  /** The canonical query split around its markers: values go between the pieces. */
  canonicalPieces: string[];
  /** Which marked value each gap between the pieces takes (the canonical query sorts by name). */
  canonicalOrder: number[];
}

const marker = (i: number) => `\u0001${i}\u0001`;

export class PreparedRequests {
  /** Per model (a migration brings a new one); null for a shape found not to be reusable. */
  readonly #shapes = new WeakMap<SchemaModel, Map<string, Template | null>>();

  prepare(request: RestRequest, ctx: PrepareContext): PreparedRequest | { response: RestResponse } {
    const shape = shapeOf(request, ctx);
    if (!shape) return prepareRequest(request, ctx);
    let shapes = this.#shapes.get(ctx.model);
    if (!shapes) {
      shapes = new Map();
      this.#shapes.set(ctx.model, shapes);
    }
    let template = shapes.get(shape.key);
    if (template === undefined) {
      template = templateFor(request, shape, ctx);
      if (shapes.size >= SHAPES_PER_MODEL) shapes.clear();
      shapes.set(shape.key, template);
    }
    return template ? filled(template, shape.values) : prepareRequest(request, ctx);
  }
}

interface Shape {
  key: string;
  /** The marked values, in query-string order. */
  values: string[];
  /** The query string with marker i (percent-encoded) where value i was. */
  markedQuery: string;
}

function shapeOf(request: RestRequest, ctx: PrepareContext): Shape | null {
  if ((request.method !== "GET" && request.method !== "HEAD") || request.body !== undefined) return null;
  let key = `${request.method}\n${request.table}\n${ctx.schema}\n${ctx.authenticated}\n${JSON.stringify(ctx.options ?? {})}`;
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (!HEADERS.has(lower)) continue;
    const value = request.headers[name];
    if (value !== undefined && typeof value !== "string") return null;
    // A count may be estimated, which depends on who asks, not only on the shape.
    if (lower === "prefer" && value?.includes("count")) return null;
    key += `\n${lower}:${value ?? ""}`;
  }
  const values: string[] = [];
  const pieces = request.query === "" ? [] : request.query.split("&");
  const marked = pieces.map((piece) => {
    const equals = piece.indexOf("=");
    const name = piece.slice(0, equals);
    const match = equals > 0 && !NOT_FILTERS.has(name) ? COMPARISON.exec(piece.slice(equals + 1)) : null;
    if (!match) return piece;
    values.push(match[3] ?? "");
    return `${name}=${match[1] ?? ""}${match[2]}.${encodeURIComponent(marker(values.length - 1))}`;
  });
  if (values.length === 0) return null;
  const markedQuery = marked.join("&");
  return { key: `${key}\n${markedQuery}`, values, markedQuery };
}

function templateFor(request: RestRequest, shape: Shape, ctx: PrepareContext): Template | null {
  const prepared = prepareRequest({ ...request, query: shape.markedQuery }, ctx);
  if ("response" in prepared || !prepared.oneShot || prepared.sql.plannedCount) return null;
  const { plan } = prepared;
  if (plan.action !== "read") return null;
  if (prepared.sql.text.includes("\u0001")) return null;
  const positions: number[] = [];
  for (let i = 0; i < shape.values.length; i++) {
    const at = prepared.sql.values.indexOf(marker(i));
    if (at < 0 || prepared.sql.values.lastIndexOf(marker(i)) !== at) return null;
    positions.push(at);
  }
  const others = prepared.sql.values.filter((_value, at) => !positions.includes(at));
  if (others.some((value) => value?.includes("\u0001"))) return null;
  const canonicalPieces = plan.canonicalQuery.split(/%01\d+%01/);
  const canonicalOrder = [...plan.canonicalQuery.matchAll(/%01(\d+)%01/g)].map((m) => Number(m[1]));
  if (canonicalOrder.length !== shape.values.length || new Set(canonicalOrder).size !== canonicalOrder.length) {
    return null;
  }
  return { prepared, plan, positions, canonicalPieces, canonicalOrder };
}

function filled(template: Template, values: string[]): PreparedRequest {
  const { prepared, plan, positions, canonicalPieces, canonicalOrder } = template;
  const sqlValues = [...prepared.sql.values];
  positions.forEach((at, i) => {
    sqlValues[at] = values[i] ?? null;
  });
  let canonicalQuery = canonicalPieces[0] ?? "";
  canonicalOrder.forEach((value, i) => {
    canonicalQuery += (values[value] ?? "") + (canonicalPieces[i + 1] ?? "");
  });
  return {
    ...prepared,
    plan: { ...plan, canonicalQuery },
    sql: { ...prepared.sql, values: sqlValues },
  };
}
