import { closest, distance } from "fastest-levenshtein";

/** One candidate of an ambiguous embed, as PostgREST lists it in PGRST201's details. */
export interface RelationshipDetail {
  cardinality: string;
  embedding: string;
  relationship: string;
}

export type ErrorDetails = string | RelationshipDetail[] | null;

export interface PostgrestErrorBody {
  code: string;
  message: string;
  details: ErrorDetails;
  hint: string | null;
}

export interface PostgrestErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: PostgrestErrorBody;
}

/** An error a client caused, carried as the exact response PostgREST would send. */
export class PostgrestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetails;
  readonly hint: string | null;
  /** Headers the answer needs beyond the usual ones, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ErrorDetails = null,
    hint: string | null = null,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "PostgrestError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.hint = hint;
    this.headers = headers;
  }

  toResponse(): PostgrestErrorResponse {
    return render(
      this.status,
      { code: this.code, message: this.message, details: this.details, hint: this.hint },
      this.headers,
    );
  }
}

/** The one place a PostgREST error becomes status, headers and body. */
function render(
  status: number,
  body: PostgrestErrorBody,
  extraHeaders: Record<string, string> = {},
): PostgrestErrorResponse {
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "Proxy-Status": `PostgREST; error=${body.code}`,
  };
  if (status === 401) headers["WWW-Authenticate"] = "Bearer";
  return { status, headers: { ...headers, ...extraHeaders }, body };
}

// --- constructors for the errors PostgREST itself raises -------------------------------

export function queryParamError(what: string, input: string, column: number, details: string): PostgrestError {
  return new PostgrestError(
    400,
    "PGRST100",
    `"failed to parse ${what} (${input})" (line 1, column ${column})`,
    details,
  );
}

export function invalidBody(message: string): PostgrestError {
  return new PostgrestError(400, "PGRST102", message);
}

/** A body with more rows than one request may write; refused before any SQL runs. */
export function tooManyRows(rows: number, max: number): PostgrestError {
  return new PostgrestError(
    413,
    "PGRST413",
    `The request body has ${rows} rows; one request may write at most ${max}`,
    null,
    `Send the rows in batches of at most ${max}.`,
  );
}

export function invalidRange(details: string): PostgrestError {
  return new PostgrestError(416, "PGRST103", "Requested range not satisfiable", details);
}

export function outOfBounds(offset: number, total: number): PostgrestError {
  return invalidRange(`An offset of ${offset} was requested, but there are only ${total} rows.`);
}

export function mediaTypeError(types: string[]): PostgrestError {
  return new PostgrestError(406, "PGRST107", `None of these media types are available: ${types.join(", ")}`);
}

export function notEmbedded(resource: string): PostgrestError {
  return new PostgrestError(
    400,
    "PGRST108",
    `'${resource}' is not an embedded resource in this request`,
    null,
    `Verify that '${resource}' is included in the 'select' query parameter.`,
  );
}

export function relatedOrderNotToOne(origin: string, target: string): PostgrestError {
  return new PostgrestError(
    400,
    "PGRST118",
    `A related order on '${target}' is not possible`,
    `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`,
    `Order by '${target}' inside the embed instead, with ${target}.order=…`,
  );
}

export function singularityError(rows: number): PostgrestError {
  return new PostgrestError(
    406,
    "PGRST116",
    "Cannot coerce the result to a single JSON object",
    `The result contains ${rows} rows`,
  );
}

/** PGRST124: a PATCH or DELETE under `max-affected=N` with handling=strict touched more rows; nothing is kept. */
export function maxAffectedViolation(affected: number, max: number): PostgrestError {
  return new PostgrestError(
    400,
    "PGRST124",
    "Query result exceeds max-affected preference constraint",
    `The query affects ${affected} rows`,
    `Narrow the filters to at most ${max} rows, or raise max-affected.`,
  );
}

export function unsupportedMethod(method: string): PostgrestError {
  return new PostgrestError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
}

export function invalidPreferences(prefs: string[]): PostgrestError {
  return new PostgrestError(
    400,
    "PGRST122",
    "Invalid preferences given with handling=strict",
    `Invalid preferences: ${prefs.join(", ")}`,
  );
}

export function aggregatesNotAllowed(): PostgrestError {
  return new PostgrestError(
    400,
    "PGRST123",
    "Use of aggregate functions is not allowed",
    null,
    "Aggregates (count(), col.sum(), …) are turned off on this server; select the rows and add them up, or ask its operator to enable them.",
  );
}

export function noRelationship(
  parent: string,
  child: string,
  embedHint: string | null,
  schema: string,
  hint: string | null,
): PostgrestError {
  return new PostgrestError(
    400,
    "PGRST200",
    `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
    `Searched for a foreign key relationship between '${parent}' and '${child}'${embedHint === null ? "" : ` using the hint '${embedHint}'`} in the schema '${schema}', but no matches were found.`,
    hint,
  );
}

/** PGRST201: the details list every candidate, the hint how to name each one. */
export function ambiguousRelationship(
  parent: string,
  child: string,
  candidates: (RelationshipDetail & { hint: string })[],
): PostgrestError {
  return new PostgrestError(
    300,
    "PGRST201",
    `Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
    candidates.map(({ cardinality, embedding, relationship }) => ({ cardinality, embedding, relationship })),
    `Try changing '${child}' to one of the following: ${candidates.map((c) => `'${c.hint}'`).join(", ")}. Find the desired relationship in the 'details' key.`,
  );
}

/**
 * Two embeds under one name: PostgREST names each embed's subquery `<parent>_<name>_<depth>`
 * and lets Postgres' duplicate alias error through.
 */
export function duplicateEmbed(alias: string): PostgrestError {
  return new PostgrestError(
    400,
    "42712",
    `table name "${alias}" specified more than once`,
    null,
    "Give each embed of the same table its own alias, e.g. a:table!hint(…),b:table!other_hint(…).",
  );
}

export function columnNotFound(table: string, column: string): PostgrestError {
  return new PostgrestError(400, "PGRST204", `Could not find the '${column}' column of '${table}' in the schema cache`);
}

export function tableNotFound(schema: string, table: string, hint: string | null): PostgrestError {
  return new PostgrestError(
    404,
    "PGRST205",
    `Could not find the table '${schema}.${table}' in the schema cache`,
    null,
    hint,
  );
}

/** What Postgres answers for a column it does not know; raised before SQL so the name never reaches it. */
export function undefinedColumn(table: string, column: string, candidates: string[]): PostgrestError {
  const suggestion = suggest(column, candidates, 0.5);
  return new PostgrestError(
    400,
    "42703",
    `column ${table}.${column} does not exist`,
    null,
    suggestion ? `Perhaps you meant to reference the column "${table}.${suggestion}".` : null,
  );
}

export function undefinedType(type: string): PostgrestError {
  return new PostgrestError(400, "42704", `type "${type}" does not exist`);
}

// --- errors of the server in front of the database: tokens, profiles, limits, app state ---

/** A request without a bearer token: every app's data is behind its users' sign-in. */
export function anonymousDisabled(): PostgrestError {
  return new PostgrestError(
    401,
    "PGRST302",
    "Anonymous access is disabled",
    null,
    "Sign in to the app and send its token as Authorization: Bearer <token>.",
  );
}

export function jwtInvalid(): PostgrestError {
  return invalidToken(
    "PGRST301",
    "JWT could not be verified",
    "Send a token issued by this Plinth server for this app.",
  );
}

export function jwtExpired(): PostgrestError {
  return invalidToken("PGRST303", "JWT expired", "Sign in again to get a fresh token.");
}

/** A valid token whose role or teams no longer match the user's membership. */
export function accessChanged(): PostgrestError {
  return new PostgrestError(
    401,
    "PGRST301",
    "Your access to this app has changed since you signed in",
    null,
    "Sign in to the app again.",
    { "WWW-Authenticate": 'Bearer error="invalid_token", error_description="access changed"' },
  );
}

function invalidToken(code: string, message: string, hint: string): PostgrestError {
  return new PostgrestError(401, code, message, null, hint, {
    "WWW-Authenticate": `Bearer error="invalid_token", error_description="${message}"`,
  });
}

/** A schema other than the token's own app's was asked for (or none at all). */
export function wrongProfile(schema: string, header: "Accept-Profile" | "Content-Profile"): PostgrestError {
  return new PostgrestError(
    406,
    "PGRST106",
    `The schema must be one of the following: ${schema}`,
    null,
    `Send the ${header} header with your app's schema.`,
  );
}

/** Plinth's own: a stopped app's data can be neither read nor changed. */
export function appStopped(): PostgrestError {
  return new PostgrestError(
    503,
    "PGRST503",
    "This app is stopped, so its data cannot be read or changed.",
    null,
    "Ask the app's owner to start it again.",
  );
}

/** The database no longer lets the token's role act in the app (the role was dropped or renamed). */
export function roleRevoked(): PostgrestError {
  return new PostgrestError(
    403,
    "42501",
    "Your role cannot act in this app any more.",
    null,
    "Sign in to the app again; its owner may have changed your role.",
  );
}

/** The connection failed before the request's transaction began, so nothing ran. */
export function databaseUnavailable(): PostgrestError {
  return new PostgrestError(
    503,
    "PGRST000",
    "The connection to the database was lost before your request could run; nothing was changed.",
    null,
    "Retry the request in a moment.",
  );
}

export function bodyTooLarge(limitBytes: number): PostgrestError {
  return new PostgrestError(
    413,
    "PGRST413",
    `The request body is larger than this server accepts (${limitBytes} bytes).`,
    null,
    "Send fewer rows per request, in several requests.",
  );
}

/** Which budget a request went over: the user's or the whole app's, per minute or at once. */
export type RateLimitReason = "user-rate" | "app-rate" | "user-busy" | "app-busy";

const RATE_LIMITS: Record<RateLimitReason, { message: string; hint: string }> = {
  "user-rate": {
    message: "You have sent too many requests to this app's data API in the last minute.",
    hint: "Wait for the time in the Retry-After header, then try again.",
  },
  "app-rate": {
    message: "This app has received too many data API requests in the last minute.",
    hint: "Wait for the time in the Retry-After header, then try again; the app's owner can ask for a higher limit.",
  },
  "user-busy": {
    message: "You have too many data API requests running at once.",
    hint: "Wait for your running requests to finish before sending more, e.g. fewer in parallel.",
  },
  "app-busy": {
    message: "This app has too many data API requests running at once.",
    hint: "Try again in a moment; its users are sending more requests than it may run in parallel.",
  },
};

export function tooManyRequests(reason: RateLimitReason, retryAfterSeconds: number): PostgrestError {
  const { message, hint } = RATE_LIMITS[reason];
  return new PostgrestError(429, "PGRST429", message, null, hint, { "Retry-After": String(retryAfterSeconds) });
}

/** The closest candidate when it is similar enough to be a likely typo, else null. */
export function suggest(input: string, candidates: string[], minSimilarity: number): string | null {
  if (candidates.length === 0 || input.length === 0) return null;
  const best = closest(input, candidates);
  const similarity = 1 - distance(input, best) / Math.max(input.length, best.length);
  return similarity >= minSimilarity ? best : null;
}

// --- database errors ------------------------------------------------------------------

export interface DatabaseErrorLike {
  code: string;
  message: string;
  severity: string;
  detail?: string | null;
  hint?: string | null;
}

/**
 * An error the database server sent (pg's and PGlite's DatabaseError): it has a
 * severity and a five-character SQLSTATE. A Node.js system error also has a string
 * `code` (`ECONNRESET`), but it says the connection failed, not what the query did.
 */
export function isDatabaseError(err: unknown): err is DatabaseErrorLike {
  if (typeof err !== "object" || err === null) return false;
  const e = err as Record<string, unknown>;
  return (
    typeof e.severity === "string" &&
    typeof e.code === "string" &&
    /^[0-9A-Z]{5}$/.test(e.code) &&
    typeof e.message === "string"
  );
}

/** SQLSTATEs with a status of their own, before the class (first two characters) decides. */
const EXACT_STATUS = new Map<string, number>([
  ["23503", 409],
  ["23505", 409],
  ["25006", 405],
  ["53400", 500],
  ["57P01", 503],
  // A statement cancelled by statement_timeout: the client asked for more than the server
  // allows per request. PostgREST answers 500; a gateway timeout says what happened.
  ["57014", 504],
  ["P0001", 400],
  ["42P01", 404],
  ["42P17", 500],
]);

/** PostgREST's SQLSTATE → HTTP status table (Error.hs `mapSQLtoHTTP`). */
export function statusForSqlState(code: string, message: string, authenticated: boolean): number {
  // Four codes answer by what the message says or who asked.
  if (code === "21000") return message.endsWith("requires a WHERE clause") ? 400 : 500;
  if (code === "22023") return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
  if (code === "42883") return message.startsWith("function xmlagg(") ? 406 : 404;
  if (code === "42501") return authenticated ? 403 : 401;
  const exact = EXACT_STATUS.get(code);
  if (exact !== undefined) return exact;
  const prefixStatus: Record<string, number> = {
    "08": 503,
    "09": 500,
    "0L": 403,
    "0P": 403,
    "25": 500,
    "28": 403,
    "2D": 500,
    "38": 500,
    "39": 500,
    "3B": 500,
    "40": 500,
    "53": 503,
    "54": 500,
    "55": 500,
    "57": 500,
    "58": 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  const byPrefix = prefixStatus[code.slice(0, 2)];
  if (byPrefix !== undefined) return byPrefix;
  if (code.startsWith("PT")) {
    const custom = Number(code.slice(2));
    return Number.isInteger(custom) && custom >= 100 && custom <= 599 ? custom : 500;
  }
  return 400;
}

export interface ErrorContext {
  /** Whether the request carried a valid token; decides 401 vs 403 for 42501. */
  authenticated: boolean;
}

/**
 * A constraint violation's detail without the values of any row: Postgres omits them
 * itself under row-level security, but only on tables where RLS is enabled, so a
 * detail naming values (`Key (id)=(…) already exists.`) is rewritten to name only the
 * columns and a detail quoting a whole row (`Failing row contains (…)`) is dropped.
 * Other details are Postgres' own and carry no row data.
 */
function withoutRowValues(code: string, detail: string | null): string | null {
  if (detail === null || !code.startsWith("23")) return detail;
  if (!detail.includes(")=(") && !detail.startsWith("Failing row contains")) return detail;
  const key = /^Key \((.+?)\)=\(/s.exec(detail);
  if (!key) return null;
  const columns = key[1];
  const referenced = /\) (is not present in table "[^"]*"|is still referenced from table "[^"]*")\.$/.exec(detail);
  if (referenced) return `Key (${columns}) ${referenced[1]}.`;
  if (detail.endsWith(" already exists.")) return `Key (${columns}) already exists.`;
  if (detail.includes(" conflicts with existing key ")) return `Key (${columns}) conflicts with an existing key.`;
  return null;
}

/**
 * Turns anything thrown while answering a request into PostgREST's error response:
 * our own PostgrestErrors as they are, Postgres errors (pg or PGlite) through the
 * SQLSTATE table, and anything else as a 500 that does not leak internals.
 */
export function toPostgrestError(err: unknown, ctx: ErrorContext = { authenticated: true }): PostgrestErrorResponse {
  if (err instanceof PostgrestError) return err.toResponse();
  if (isDatabaseError(err)) {
    return render(statusForSqlState(err.code, err.message, ctx.authenticated), {
      code: err.code,
      message: err.message,
      details: withoutRowValues(err.code, err.detail ?? null),
      hint: err.hint ?? null,
    });
  }
  return render(500, {
    code: "PGRSTX00",
    message: "Internal error while answering the request",
    details: null,
    hint: "Retry the request; if it keeps failing, report it with the request that caused it.",
  });
}
