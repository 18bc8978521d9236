/**
 * HTTP request → ApiRequest (the AST PostgREST calls ApiRequest): query string,
 * Prefer, Accept, Range and body, all validated without looking at the schema.
 */
import {
  invalidBody,
  invalidPreferences,
  invalidRange,
  mediaTypeError,
  PostgrestError,
  unsupportedMethod,
} from "./errors.js";
import {
  type Filter,
  type LogicTree,
  type OrderTerm,
  parseColumns,
  parseFilter,
  parseFilterKey,
  parseLogic,
  parseOrder,
  parseSelect,
  parseTreePath,
  type SelectItem,
} from "./grammar.js";
import { interpretPreferences, type Preferences } from "./prefer.js";

export type HeaderValue = string | string[] | undefined;

export interface RestRequest {
  method: string;
  /** The resource name from the path (`/rest/v1/<table>`), already URL-decoded. */
  table: string;
  /** The raw query string without the leading `?`, form-encoded (`+` is a space). */
  query: string;
  /** Header names in any case. */
  headers: Record<string, HeaderValue>;
  /** Raw body text, a Buffer, or an already parsed JSON value. */
  body?: unknown;
}

export interface Range {
  offset: number;
  /** null means no limit. */
  limit: number | null;
}

export interface PathFilter {
  path: string[];
  filter: Filter;
}
export interface PathLogic {
  path: string[];
  tree: LogicTree;
}
export interface PathOrder {
  path: string[];
  terms: OrderTerm[];
}
export interface PathRange {
  path: string[];
  range: Range;
}

export type Action = "read" | "insert" | "update" | "delete";

export interface Payload {
  rows: Record<string, unknown>[];
  /** Whether the body was a JSON array (decides nothing for the response, kept for columns=). */
  isArray: boolean;
}

export interface ApiRequest {
  action: Action;
  /** HEAD: same as GET without a body. */
  headersOnly: boolean;
  table: string;
  select: SelectItem[];
  filters: PathFilter[];
  logic: PathLogic[];
  order: PathOrder[];
  ranges: PathRange[];
  /** The top-level range after combining limit/offset with a Range header. */
  range: Range;
  columns?: string[];
  onConflict?: string[];
  preferences: Preferences;
  /** Accept: application/vnd.pgrst.object+json */
  singular: boolean;
  media: Media;
  /** Whether the client chose the schema by profile (Accept-Profile on reads, Content-Profile on writes). */
  profileNegotiated: boolean;
  payload?: Payload;
  /** Sorted query string, for Content-Location. */
  canonicalQuery: string;
}

function header(headers: Record<string, HeaderValue>, name: string): HeaderValue {
  const wanted = name.toLowerCase();
  // Node's headers arrive lower-cased: found directly, without listing them all.
  if (Object.hasOwn(headers, wanted)) return headers[wanted];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function firstHeader(headers: Record<string, HeaderValue>, name: string): string | undefined {
  const value = header(headers, name);
  return Array.isArray(value) ? value[0] : value;
}

function actionFor(method: string): { action: Action; headersOnly: boolean } {
  switch (method.toUpperCase()) {
    case "GET":
      return { action: "read", headersOnly: false };
    case "HEAD":
      return { action: "read", headersOnly: true };
    case "POST":
      return { action: "insert", headersOnly: false };
    case "PATCH":
      return { action: "update", headersOnly: false };
    case "DELETE":
      return { action: "delete", headersOnly: false };
    default:
      throw unsupportedMethod(method.toUpperCase());
  }
}

/** What the response body is, from the Accept header (PostgREST's MediaType.hs). */
export interface Media {
  /** A JSON array (the default), one object (`vnd.pgrst.object+json`) or CSV (`text/csv`). */
  kind: "array" | "object" | "csv";
  /** `;nulls=stripped` on the vendored JSON types: keys whose value is null are left out. */
  stripNulls: boolean;
}

interface AcceptEntry {
  type: string;
  params: Map<string, string>;
  q: number;
}

function acceptEntries(accept: string): AcceptEntry[] {
  const entries: AcceptEntry[] = [];
  for (const part of accept.split(",")) {
    const [type = "", ...rawParams] = part.split(";").map((p) => p.trim());
    if (type === "") continue;
    const params = new Map<string, string>();
    for (const param of rawParams) {
      const eq = param.indexOf("=");
      if (eq > 0)
        params.set(
          param.slice(0, eq).trim().toLowerCase(),
          param
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, ""),
        );
    }
    const q = params.has("q") ? Number(params.get("q")) : 1;
    if (Number.isFinite(q) && q > 0) entries.push({ type: type.toLowerCase(), params, q });
  }
  // Highest quality first; equal qualities keep the client's order.
  return entries.sort((a, b) => b.q - a.q);
}

function negotiate(accept: string | undefined): Media {
  if (accept === undefined || accept.trim() === "") return { kind: "array", stripNulls: false };
  const entries = acceptEntries(accept);
  for (const { type, params } of entries) {
    const stripNulls = params.get("nulls") === "stripped";
    switch (type) {
      case "application/vnd.pgrst.object+json":
      case "application/vnd.pgrst.object":
        return { kind: "object", stripNulls };
      case "application/vnd.pgrst.array+json":
      case "application/vnd.pgrst.array":
        return { kind: "array", stripNulls };
      case "text/csv":
        return { kind: "csv", stripNulls: false };
      case "application/json":
      case "*/*":
      case "application/*":
        return { kind: "array", stripNulls: false };
    }
  }
  throw mediaTypeError(entries.map((e) => e.type));
}

const reserved = new Set(["select", "columns", "on_conflict"]);
const reservedEmbeddable = new Set(["order", "limit", "offset", "and", "or"]);

function lastSegment(key: string): string {
  const parts = key.split(".");
  return parts[parts.length - 1] as string;
}

function parseNonNegativeInt(value: string): number | undefined {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

function pathKey(path: string[]): string {
  return JSON.stringify(path);
}

function parseRangeHeader(value: string | undefined): Range | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(?:items=)?\s*(\d+)-(\d*)\s*$/.exec(value);
  if (!match) return undefined;
  const lower = Number(match[1]);
  if (match[2] === "") return { offset: lower, limit: null };
  const upper = Number(match[2]);
  if (lower > upper) {
    throw invalidRange("The lower boundary must be lower than or equal to the upper boundary in the Range header.");
  }
  return { offset: lower, limit: upper - lower + 1 };
}

/** Intersection of two ranges, as PostgREST restricts the Range header by limit/offset. */
function intersect(a: Range, b: Range): Range {
  const offset = Math.max(a.offset, b.offset);
  const ends = [a, b].filter((r) => r.limit !== null).map((r) => r.offset + (r.limit as number));
  if (ends.length === 0) return { offset, limit: null };
  return { offset, limit: Math.max(0, Math.min(...ends) - offset) };
}

/** Deeper JSON than any table value needs; Postgres and JSON.stringify recurse per level. */
const MAX_JSON_DEPTH = 100;

/**
 * Refuses, before parsing, what valid JSON may hold but no row can: nesting past
 * MAX_JSON_DEPTH (it would exhaust a stack further on) and `\u0000`, which Postgres
 * text and jsonb cannot store.
 */
function checkJsonText(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") {
        if (text.startsWith("u0000", i + 1)) {
          throw invalidBody(
            "The JSON body holds a NUL character (\\u0000), which Postgres cannot store in text or jsonb; remove it",
          );
        }
        i++;
      } else if (ch === '"') {
        inString = false;
      }
    } else if (ch === '"') {
      inString = true;
    } else if (ch === "[" || ch === "{") {
      if (++depth > MAX_JSON_DEPTH) {
        throw invalidBody(
          `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep; flatten it to at most ${MAX_JSON_DEPTH} levels`,
        );
      }
    } else if (ch === "]" || ch === "}") {
      depth--;
    }
  }
}

function decodeBody(body: unknown): unknown {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) {
    const text = typeof body === "string" ? body : new TextDecoder().decode(body);
    if (text.trim() === "") return undefined;
    checkJsonText(text);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw invalidBody(`Empty or invalid json${err instanceof Error ? `: ${err.message}` : ""}`);
    }
  }
  return body;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parsePayload(body: unknown, hasColumns: boolean, action: Action): Payload {
  const value = decodeBody(body);
  if (value === undefined) {
    if (action === "update") return { rows: [{}], isArray: false };
    throw invalidBody("Empty or invalid json");
  }
  if (isPlainObject(value)) return { rows: [value], isArray: false };
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw invalidBody("Empty or invalid json");
  }
  if (action === "update" && value.length !== 1) {
    throw invalidBody("A PATCH body must be a single JSON object");
  }
  if (!hasColumns && value.length > 1) {
    const keys = Object.keys(value[0] as object)
      .sort()
      .join("\u0000");
    if (value.some((row) => Object.keys(row).sort().join("\u0000") !== keys)) {
      throw invalidBody("All object keys must match");
    }
  }
  return { rows: value, isArray: true };
}

export function parseRequest(req: RestRequest): ApiRequest {
  const { action, headersOnly } = actionFor(req.method);
  const preferences = interpretPreferences(header(req.headers, "prefer"));
  if (preferences.handling === "strict" && preferences.invalid.length > 0) {
    throw invalidPreferences(preferences.invalid);
  }
  const media = negotiate(firstHeader(req.headers, "accept"));
  const profileNegotiated =
    firstHeader(req.headers, action === "read" ? "accept-profile" : "content-profile") !== undefined;
  const singular = media.kind === "object";

  const params = [...new URLSearchParams(req.query)];
  const canonicalQuery = new URLSearchParams([...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
  const lookup = (name: string) => params.find(([k]) => k === name)?.[1];

  const selectParam = lookup("select");
  const select =
    selectParam === undefined || selectParam === "" ? [{ kind: "star" as const }] : parseSelect(selectParam);
  const columnsParam = lookup("columns");
  const onConflictParam = lookup("on_conflict");

  const filters: PathFilter[] = [];
  const logic: PathLogic[] = [];
  const order: PathOrder[] = [];
  const limits = new Map<string, { path: string[]; limit?: number; offset?: number }>();

  for (const [key, value] of params) {
    if (reserved.has(key)) continue;
    const last = lastSegment(key);
    if (reservedEmbeddable.has(last)) {
      if (value === "") continue;
      const segments = parseTreePath(key);
      if (last === "and" || last === "or") {
        const negate = segments.includes("not");
        const path = segments.slice(0, -1).filter((s) => s !== "not");
        logic.push({ path, tree: parseLogic(last, negate, value) });
      } else if (last === "order") {
        order.push({ path: segments.slice(0, -1), terms: parseOrder(value) });
      } else {
        const path = segments.slice(0, -1);
        const entry = limits.get(pathKey(path)) ?? { path };
        const n = parseNonNegativeInt(value);
        if (last === "limit" && /^\s*-\d+\s*$/.test(value)) {
          throw invalidRange("Limit should be greater than or equal to zero.");
        }
        // PostgREST ignores a limit/offset that is not a number.
        if (n !== undefined) entry[last as "limit" | "offset"] = n;
        limits.set(pathKey(path), entry);
      }
      continue;
    }
    // Every other parameter is a filter, as PostgREST parses them on tables: one that does
    // not parse is refused, never ignored, since a dropped filter widens a PATCH or DELETE.
    const target = parseFilterKey(key);
    const filter = parseFilter(target.column, value);
    filters.push({ path: target.path, filter: target.jsonPath ? { ...filter, jsonPath: target.jsonPath } : filter });
  }

  const ranges: PathRange[] = [...limits.values()].map(({ path, limit, offset }) => ({
    path,
    range: { offset: offset ?? 0, limit: limit ?? null },
  }));
  let range = ranges.find((r) => r.path.length === 0)?.range ?? { offset: 0, limit: null };
  if (action === "read") {
    const fromHeader = parseRangeHeader(firstHeader(req.headers, "range"));
    if (fromHeader) range = intersect(range, fromHeader);
  }

  const columns =
    columnsParam !== undefined && columnsParam !== "" ? parseColumns("columns parameter", columnsParam) : undefined;
  const onConflict =
    onConflictParam !== undefined && onConflictParam !== ""
      ? parseColumns("on_conflict parameter", onConflictParam)
      : undefined;
  const payload =
    action === "insert" || action === "update" ? parsePayload(req.body, columns !== undefined, action) : undefined;

  return {
    action,
    headersOnly,
    table: req.table,
    select,
    filters,
    logic,
    order,
    ranges,
    range,
    ...(columns && { columns }),
    ...(onConflict && { onConflict }),
    preferences,
    singular,
    media,
    profileNegotiated,
    ...(payload && { payload }),
    canonicalQuery,
  };
}

/** Parses without throwing: the AST, or the PostgREST error response. */
export function tryParseRequest(
  req: RestRequest,
): { ok: true; request: ApiRequest } | { ok: false; error: PostgrestError } {
  try {
    return { ok: true, request: parseRequest(req) };
  } catch (err) {
    if (err instanceof PostgrestError) return { ok: false, error: err };
    throw err;
  }
}
