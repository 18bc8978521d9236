/**
 * /rest/v1: the PostgREST-compatible data API. Each request is authenticated by the
 * app user's token, runs in one transaction as that user's app role with their
 * claims set, and is answered by the database's grants and row-level security.
 */
import { RequestContextError, schemaName, withRequestContext } from "@plinth/provision";
import {
  accessChanged,
  anonymousDisabled,
  appStopped,
  bodyTooLarge,
  databaseUnavailable,
  errorResponse,
  handleRequest,
  jwtExpired,
  jwtInvalid,
  type PlanOptions,
  PostgrestError,
  type RestResponse,
  roleRevoked,
  tooManyRequests,
  wrongProfile,
} from "@plinth/rest";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors as joseErrors } from "jose";
import type { AppUserClaims, TokenService } from "../auth/tokens.js";
import type { ServerRegistry } from "../placements/registry.js";
import type { AppDirectory, DirectoryEntry } from "./app-directory.js";
import type { RestLimiter } from "./limits.js";
import { memberHandleContext } from "./member-context.js";
import { openApiFor } from "./openapi.js";

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
          const admission = await deps.limiter.admit(entry.appId, claims.sub);
          if ("refused" in admission) {
            const { reason, retryAfterSeconds } = admission.refused;
            throw new EarlyResponse(tooManyRequests(reason, retryAfterSeconds));
          }
          const run = async (target: DirectoryEntry) =>
            withRequestContext(
              await deps.servers.rest(target.server),
              {
                appId: target.appId,
                role: claims.app_role,
                claims: { ...claims },
                readOnly,
                statementTimeoutMs: deps.statementTimeoutMs,
              },
              async (client) => {
                const response = await handleRequest(
                  { method, table, query: queryString, headers: request.headers, body: request.body ?? undefined },
                  memberHandleContext(target, claims, client, deps.planOptions),
                );
                if (response.status >= 400) throw new RollbackWith(response);
                return response;
              },
            );
          try {
            try {
              return await run(entry);
            } catch (error) {
              // A move switched the app to another server under this request (a write it held is
              // refused by the old copy once the switch commits): the new copy answers it instead.
              const moved = refusedByOldCopy(error) ? await deps.directory.movedSince(entry) : null;
              if (!moved) throw error;
              return await run(moved);
            }
          } catch (error) {
            if (error instanceof RollbackWith) {
              // The database's error is in the body; a 5xx there is ours to look into.
              if (error.response.status >= 500)
                request.log.error({ response: error.response.body }, "data API request failed");
              return (await stoppedSince(error.response, entry.appId, deps.directory)) ?? error.response;
            }
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
          } finally {
            admission.release();
          }
        }),
    });
  });
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
function refusedByOldCopy(error: unknown): boolean {
  if (error instanceof RequestContextError) return isRoleRefusal(error.sqlState);
  if (!(error instanceof RollbackWith)) return false;
  const code = sqlStateOf(error.response);
  return code === "42501" || code === "3F000" || code === "42P01";
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

/** Our own tokens always carry an app's UUID; anything else cannot name a schema. */
function ownSchema(appId: string): string | undefined {
  try {
    return schemaName(appId);
  } catch {
    return undefined;
  }
}

async function authorize(
  request: FastifyRequest,
  deps: { tokens: TokenService; directory: AppDirectory },
  profileHeader: "accept-profile" | "content-profile",
): Promise<{ entry: DirectoryEntry; claims: AppUserClaims }> {
  const header = request.headers.authorization;
  const bearer = typeof header === "string" && /^bearer /i.test(header) ? header.slice(7).trim() : "";
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
  const own = ownSchema(claims.app_id);
  const profile = request.headers[profileHeader];
  const entry = own && profile === own ? await deps.directory.bySchema(own) : null;
  if (!entry) {
    throw new EarlyResponse(
      wrongProfile(own ?? "", profileHeader === "accept-profile" ? "Accept-Profile" : "Content-Profile"),
    );
  }
  request.dataApiAppId = entry.appId;
  if (!entry.running) throw new EarlyResponse(appStopped());
  if (!(await deps.directory.holdsCurrentAccess(entry, claims))) {
    throw new EarlyResponse(accessChanged());
  }
  return { entry, claims };
}
