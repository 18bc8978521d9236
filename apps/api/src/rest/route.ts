/**
 * /rest/v1: the PostgREST-compatible data API. Each request is authenticated by the
 * app user's token, runs in one transaction as that user's app role with their
 * claims set, and is answered by the database's grants and row-level security.
 */
import {
  type RequestContext,
  RequestContextError,
  schemaNameOrNull,
  singleReadInRequestContext,
  withRequestContext,
} from "@plinth/provision";
import {
  accessChanged,
  anonymousDisabled,
  appStopped,
  bodyTooLarge,
  databaseUnavailable,
  errorResponse,
  type HandleContext,
  jwtExpired,
  jwtInvalid,
  type PlanOptions,
  PostgrestError,
  type PreparedRequest,
  PreparedRequests,
  type RestResponse,
  roleRevoked,
  runPrepared,
  tooManyRequests,
  wrongProfile,
} from "@plinth/rest";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors as joseErrors } from "jose";
import type { Pool } from "pg";
import { appUserContext } from "../auth/app-user-context.js";
import type { AppUserClaims, TokenService } from "../auth/tokens.js";
import { bearerToken } from "../http/bearer.js";
import type { ServerRegistry } from "../placements/registry.js";
import type { AppDirectory, DirectoryEntry } from "./app-directory.js";
import type { RestLimiter } from "./limits.js";
import { memberPlanContext, memberQuery } from "./member-context.js";
import { openApiFor } from "./openapi.js";
import { SharedReads } from "./shared-reads.js";
import { explainWriteRefusal } from "./write-refusal.js";

/** A refusal that ends the request early, before any SQL runs: expected, so not logged. */
class EarlyResponse extends Error {
  constructor(readonly error: PostgrestError) {
    super("early response");
  }
}

/** Carries a 4xx/5xx out of the transaction so it rolls back. */
class RollbackWith extends Error {
  constructor(readonly response: RestResponse) {
    super("rollback");
  }
}

export async function restRoutes(
  app: FastifyInstance,
  deps: {
    /** Each app's requests go to the data API's pool on the server holding it. */
    servers: ServerRegistry;
    tokens: TokenService;
    directory: AppDirectory;
    /** No request may hold a connection longer: one slow query must not starve every app. */
    statementTimeoutMs: number;
    /** The server's settings for every request: row caps, aggregates, transaction override. */
    planOptions: Omit<PlanOptions, "estimatesAllowed">;
    /** Per-user and per-app rate and concurrency limits: one noisy app must not stall the others. */
    limiter: RestLimiter;
    bodyLimitBytes: number;
  },
): Promise<void> {
  const sharedReads = new SharedReads(deps.limiter);
  const preparedRequests = new PreparedRequests();
  /**
   * A move switched the app to another server under this request (a write it held is
   * refused by the old copy once the switch commits): the new copy answers it instead.
   */
  const runWhereMoved = async <T>(
    refusal: T,
    entry: DirectoryEntry,
    run: (target: DirectoryEntry) => Promise<RestResponse>,
  ): Promise<RestResponse> => {
    const moved = await deps.directory.movedSince(entry);
    if (moved) return run(moved);
    if (refusal instanceof Error) throw refusal;
    return refusal as RestResponse;
  };
  await app.register(async (scope) => {
    // PostgREST reports bad JSON itself (PGRST102), so bodies reach the translator as text.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.statusCode !== 413) throw error;
      const response = errorResponse(bodyTooLarge(deps.bodyLimitBytes), true);
      return reply.status(response.status).headers(response.headers).send(response.body);
    });

    scope.get("/rest/v1/", (request, reply) =>
      answer(request, reply, async () => {
        const { entry } = await authorize(request, deps, "accept-profile");
        return {
          status: 200,
          headers: { "content-type": "application/openapi+json; charset=utf-8" },
          body: JSON.stringify(openApiFor(entry)),
        };
      }),
    );

    scope.route({
      method: ["GET", "HEAD", "POST", "PATCH", "DELETE", "PUT"],
      url: "/rest/v1/:table",
      exposeHeadRoute: false,
      bodyLimit: deps.bodyLimitBytes,
      handler: (request, reply) =>
        answer(request, reply, async () => {
          const method = request.method.toUpperCase();
          const readOnly = method === "GET" || method === "HEAD";
          const { entry, claims } = await authorize(request, deps, readOnly ? "accept-profile" : "content-profile");
          const table = (request.params as { table: string }).table;
          const queryString = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
          const run = async (target: DirectoryEntry): Promise<RestResponse> => {
            const planContext = memberPlanContext(target, claims, deps.planOptions);
            // Planned before anything waits for a connection: a request that cannot be planned needs none.
            const prepared = preparedRequests.prepare(
              { method, table, query: queryString, headers: request.headers, body: request.body ?? undefined },
              planContext,
            );
            if ("response" in prepared) return prepared.response;
            const pool = await deps.servers.rest(target.server);
            const context = appUserContext(target.appId, claims, {
              readOnly,
              statementTimeoutMs: deps.statementTimeoutMs,
            });
            return prepared.oneShot && SharedReads.possibleOn(pool)
              ? await sharedRead(sharedReads, pool, prepared, planContext, context, claims.sub)
              : await inOwnTransaction({ pool, limiter: deps.limiter }, prepared, planContext, context, claims.sub);
          };
          try {
            let response: RestResponse;
            try {
              response = await run(entry);
            } catch (error) {
              if (!(error instanceof RequestContextError && isRoleRefusal(error.sqlState))) throw error;
              response = await runWhereMoved(error, entry, run);
            }
            if (refusedByOldCopy(response)) response = await runWhereMoved(response, entry, run);
            if (namedWhatIsGone(response)) {
              // Planned from a model cached before a migration took the column or table away.
              const changed = await deps.directory.changedSince(entry);
              if (changed) response = await run(changed);
            }
            // The database's error is in the body; a 5xx there is ours to look into.
            if (response.status >= 500) request.log.error({ response: response.body }, "data API request failed");
            return (
              (await stoppedSince(response, entry.appId, deps.directory)) ??
              explainWriteRefusal(response, entry.blueprint, {
                method,
                table,
                role: claims.app_role,
                body: request.body,
              }) ??
              response
            );
          } catch (error) {
            if (error instanceof RequestContextError) {
              if (isRoleRefusal(error.sqlState)) throw new EarlyResponse(roleRevoked());
              request.log.error({ err: error }, "data API request could not begin its transaction");
              throw new EarlyResponse(databaseUnavailable());
            }
            if (isUnreachable(error)) {
              request.log.error({ err: error, server: entry.server }, "the app's database server cannot be reached");
              throw new EarlyResponse(serverUnreachable());
            }
            throw error;
          }
        }),
    });
  });
}

type PlanContext = Omit<HandleContext, "query">;

/**
 * A one-shot read (one statement, nothing after it) rides a connection it may share
 * with the app's other such reads, written whole with its BEGIN and COMMIT.
 */
async function sharedRead(
  shared: SharedReads,
  pool: Pool,
  prepared: PreparedRequest,
  planContext: PlanContext,
  context: RequestContext,
  userId: string,
): Promise<RestResponse> {
  return runPrepared(prepared, {
    ...planContext,
    query: async (text, values) => {
      const outcome = await shared.run(pool, context.appId, userId, (client) =>
        singleReadInRequestContext(client, context, text, values),
      );
      if ("refused" in outcome) {
        throw new EarlyResponse(tooManyRequests(outcome.refused.reason, outcome.refused.retryAfterSeconds));
      }
      return outcome.value;
    },
  });
}

/** Any other request: its own admitted connection and transaction, rolled back when it answers 4xx/5xx. */
async function inOwnTransaction(
  deps: { pool: Pool; limiter: RestLimiter },
  prepared: PreparedRequest,
  planContext: PlanContext,
  context: RequestContext,
  userId: string,
): Promise<RestResponse> {
  const admission = await deps.limiter.admit(context.appId, userId);
  if ("refused" in admission) {
    const { reason, retryAfterSeconds } = admission.refused;
    throw new EarlyResponse(tooManyRequests(reason, retryAfterSeconds));
  }
  try {
    return await withRequestContext(deps.pool, context, async (client, end) => {
      const response = await runPrepared(prepared, { ...planContext, query: memberQuery(client, end) });
      if (response.status >= 400) throw new RollbackWith(response);
      return response;
    });
  } catch (error) {
    if (error instanceof RollbackWith) return error.response;
    throw error;
  } finally {
    admission.release();
  }
}

/**
 * Stopping an app revokes its roles' USAGE on the schema, so a request that began
 * before the directory saw the stop is refused by the database with 42501; the app's
 * status, read afresh, tells that apart from a table the role may not touch.
 */
async function stoppedSince(
  response: RestResponse,
  appId: string,
  directory: AppDirectory,
): Promise<RestResponse | null> {
  if (response.status !== 403 || sqlStateOf(response) !== "42501") return null;
  return (await directory.isRunning(appId)) ? null : errorResponse(appStopped(), true);
}

/** The app's database server did not answer: only the apps placed on it are affected. */
function serverUnreachable(): PostgrestError {
  return new PostgrestError(
    503,
    "PGRST000",
    "The database server holding this app cannot be reached right now; nothing was changed.",
    null,
    "Retry in a moment. Apps on other servers are unaffected; if this lasts, tell the app's owner.",
  );
}

/** No connection to the server could be opened at all (refused, timed out, no such host). */
function isUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && ["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "57P03"].includes(code))
    return true;
  return typeof message === "string" && /timeout exceeded when trying to connect|connection timeout/i.test(message);
}

/** How a request reaches an app's copy that a move has just left: its grants revoked, its schema or roles gone. */
function refusedByOldCopy(response: RestResponse): boolean {
  const code = response.status >= 400 ? sqlStateOf(response) : undefined;
  return code === "42501" || code === "3F000" || code === "42P01";
}

/** The database or the translator did not know a column or table the request was planned with. */
function namedWhatIsGone(response: RestResponse): boolean {
  const code = response.status === 400 || response.status === 404 ? sqlStateOf(response) : undefined;
  return code === "42703" || code === "42P01" || code === "PGRST204" || code === "PGRST205";
}

function sqlStateOf(response: RestResponse): string | undefined {
  return (JSON.parse(response.body ?? "{}") as { code?: string }).code;
}

/**
 * The database refused the request's role (it was dropped, or may no longer be set):
 * 22023 names a role that does not exist, 42501 a role that may not be switched to,
 * class 28 an authorization that failed. Anything else, or no SQLSTATE at all, means the
 * connection failed before the request began.
 */
function isRoleRefusal(sqlState: string | null): boolean {
  return sqlState === "22023" || sqlState === "42501" || sqlState === "42704" || sqlState?.startsWith("28") === true;
}

async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  produce: () => Promise<RestResponse>,
): Promise<FastifyReply> {
  let response: RestResponse;
  try {
    response = await produce();
  } catch (error) {
    response = errorResponse(error instanceof EarlyResponse ? error.error : error, true);
    if (!(error instanceof EarlyResponse) && response.status >= 500) {
      request.log.error({ err: error }, "data API request failed");
    }
  }
  reply.status(response.status).headers(response.headers);
  return reply.send(response.body ?? "");
}

async function authorize(
  request: FastifyRequest,
  deps: { tokens: TokenService; directory: AppDirectory },
  profileHeader: "accept-profile" | "content-profile",
): Promise<{ entry: DirectoryEntry; claims: AppUserClaims }> {
  const bearer = bearerToken(request.headers.authorization);
  if (!bearer) {
    throw new EarlyResponse(anonymousDisabled());
  }
  let claims: AppUserClaims;
  try {
    claims = await deps.tokens.verifyAppUser(bearer);
  } catch (error) {
    throw new EarlyResponse(error instanceof joseErrors.JWTExpired ? jwtExpired() : jwtInvalid());
  }
  // The token names its app, so its schema is known before any lookup: a request for any
  // other schema is refused without touching the database.
  const own = schemaNameOrNull(claims.app_id);
  const profile = request.headers[profileHeader];
  const entry = own && profile === own ? await deps.directory.bySchema(own) : null;
  if (!entry) {
    throw new EarlyResponse(
      wrongProfile(own ?? "", profileHeader === "accept-profile" ? "Accept-Profile" : "Content-Profile"),
    );
  }
  request.dataApiAppId = entry.appId;
  // The cache may still hold the app as stopped just after its owner started it again; ask past it.
  if (!entry.running && !(await deps.directory.isRunning(entry.appId))) throw new EarlyResponse(appStopped());
  if (!(await deps.directory.holdsCurrentAccess(entry, claims))) {
    throw new EarlyResponse(accessChanged());
  }
  return { entry, claims };
}
