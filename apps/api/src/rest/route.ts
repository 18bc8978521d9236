/**
 * /rest/v1: the PostgREST-compatible data API. Each request is authenticated by the
 * app user's token, runs in one transaction as that user's app role with their
 * claims set, and is answered by the database's grants and row-level security.
 */
import { RequestContextError, schemaName, withRequestContext } from "@plinth/provision";
import { errorResponse, handleRequest, type PlanOptions, type RestResponse } from "@plinth/rest";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors as joseErrors } from "jose";
import type { Pool } from "pg";
import type { AppUserClaims, TokenService } from "../auth/tokens.js";
import type { AppDirectory, DirectoryEntry } from "./app-directory.js";
import type { Refusal, RestLimiter } from "./limits.js";
import { openApiFor } from "./openapi.js";
import { estimatesAllowedFor } from "./planner-estimates.js";

const JSON_TYPE = "application/json; charset=utf-8";

/** A response that ends the request early, before any SQL runs. */
class EarlyResponse extends Error {
  constructor(readonly response: RestResponse) {
    super("early response");
  }
}

/** Carries a 4xx/5xx out of the transaction so it rolls back. */
class RollbackWith extends Error {
  constructor(readonly response: RestResponse) {
    super("rollback");
  }
}

export function postgrestError(
  status: number,
  code: string,
  message: string,
  hint: string | null = null,
  headers: Record<string, string> = {},
): RestResponse {
  return {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
    body: JSON.stringify({ code, details: null, hint, message }),
  };
}

export async function restRoutes(
  app: FastifyInstance,
  deps: {
    restPool: Pool;
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
      const response = bodyTooLarge(deps.bodyLimitBytes);
      return reply.status(response.status).headers(response.headers).send(response.body);
    });

    scope.get("/rest/v1/", (request, reply) =>
      answer(reply, async () => {
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
        answer(reply, async () => {
          const method = request.method.toUpperCase();
          const readOnly = method === "GET" || method === "HEAD";
          const { entry, claims } = await authorize(request, deps, readOnly ? "accept-profile" : "content-profile");
          const table = (request.params as { table: string }).table;
          const queryString = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
          const admission = await deps.limiter.admit(entry.appId, claims.sub);
          if ("refused" in admission) return tooManyRequests(admission.refused);
          try {
            return await withRequestContext(
              deps.restPool,
              {
                appId: entry.appId,
                role: claims.app_role,
                claims: { ...claims },
                readOnly,
                statementTimeoutMs: deps.statementTimeoutMs,
              },
              async (client) => {
                const response = await handleRequest(
                  { method, table, query: queryString, headers: request.headers, body: request.body ?? undefined },
                  {
                    model: entry.model,
                    schema: entry.schema,
                    authenticated: true,
                    query: async (text, values) => (await client.query(text, values)).rows,
                    options: {
                      ...deps.planOptions,
                      estimatesAllowed: estimatesAllowedFor(entry.blueprint, claims.app_role),
                    },
                  },
                );
                if (response.status >= 400) throw new RollbackWith(response);
                return response;
              },
            );
          } catch (error) {
            if (error instanceof RollbackWith) {
              // The database's error is in the body; a 5xx there is ours to look into.
              if (error.response.status >= 500)
                request.log.error({ response: error.response.body }, "data API request failed");
              return stoppedOr(error.response);
            }
            if (error instanceof RequestContextError) {
              return postgrestError(
                403,
                "42501",
                "Your role cannot act in this app any more.",
                "Sign in to the app again; its owner may have changed your role.",
              );
            }
            if (typeof (error as { code?: unknown }).code === "string") {
              const response = errorResponse(error, true);
              if (response.status >= 500) request.log.error({ err: error }, "data API request failed");
              return stoppedOr(response);
            }
            throw error;
          } finally {
            admission.release();
          }
        }),
    });
  });
}

/** A stopped app's roles lose USAGE on its schema; say so instead of a bare permission error. */
function stoppedOr(response: RestResponse): RestResponse {
  if (response.status === 403 && response.body?.includes("permission denied for schema")) {
    return appStopped();
  }
  return response;
}

function bodyTooLarge(limitBytes: number): RestResponse {
  return postgrestError(
    413,
    "PGRST413",
    `The request body is larger than this server accepts (${limitBytes} bytes).`,
    "Send fewer rows per request, in several requests.",
  );
}

const REFUSALS: Record<Refusal["reason"], { message: string; hint: string }> = {
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

function tooManyRequests(refusal: Refusal): RestResponse {
  const { message, hint } = REFUSALS[refusal.reason];
  return postgrestError(429, "PGRST429", message, hint, { "retry-after": String(refusal.retryAfterSeconds) });
}

function appStopped(): RestResponse {
  return postgrestError(
    503,
    "PGRST503",
    "This app is stopped, so its data cannot be read or changed.",
    "Ask the app's owner to start it again.",
  );
}

async function answer(reply: FastifyReply, produce: () => Promise<RestResponse>): Promise<FastifyReply> {
  let response: RestResponse;
  try {
    response = await produce();
  } catch (error) {
    if (error instanceof EarlyResponse) response = error.response;
    else {
      reply.log.error({ err: error }, "data API request failed");
      response = errorResponse(error, true);
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

function sameTeams(a: string[], b: string[]): boolean {
  const [x, y] = [[...a].sort(), [...b].sort()];
  return x.length === y.length && x.every((team, i) => team === y[i]);
}

async function authorize(
  request: FastifyRequest,
  deps: { tokens: TokenService; directory: AppDirectory },
  profileHeader: "accept-profile" | "content-profile",
): Promise<{ entry: DirectoryEntry; claims: AppUserClaims }> {
  const header = request.headers.authorization;
  const bearer = typeof header === "string" && /^bearer /i.test(header) ? header.slice(7).trim() : "";
  if (!bearer) {
    throw new EarlyResponse(
      postgrestError(
        401,
        "PGRST302",
        "Anonymous access is disabled",
        "Sign in to the app and send its token as Authorization: Bearer <token>.",
        { "www-authenticate": "Bearer" },
      ),
    );
  }
  let claims: AppUserClaims;
  try {
    claims = await deps.tokens.verifyAppUser(bearer);
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new EarlyResponse(
      postgrestError(
        401,
        expired ? "PGRST303" : "PGRST301",
        expired ? "JWT expired" : "JWT could not be verified",
        expired ? "Sign in again to get a fresh token." : "Send a token issued by this Plinth server for this app.",
        {
          "www-authenticate": `Bearer error="invalid_token", error_description="${expired ? "JWT expired" : "JWT could not be verified"}"`,
        },
      ),
    );
  }
  // The token names its app, so its schema is known before any lookup: a request for any
  // other schema is refused without touching the database.
  const own = ownSchema(claims.app_id);
  const profile = request.headers[profileHeader];
  const entry = own && profile === own ? await deps.directory.bySchema(own) : null;
  if (!entry) {
    throw new EarlyResponse(
      postgrestError(
        406,
        "PGRST106",
        `The schema must be one of the following: ${own ?? ""}`,
        `Send the ${profileHeader === "accept-profile" ? "Accept-Profile" : "Content-Profile"} header with your app's schema.`,
      ),
    );
  }
  request.dataApiAppId = entry.appId;
  if (!entry.running) throw new EarlyResponse(appStopped());
  const access = await deps.directory.accessOf(entry, claims.sub);
  if (!access || access.role !== claims.app_role || !sameTeams(access.teamIds, claims.team_ids)) {
    throw new EarlyResponse(
      postgrestError(
        401,
        "PGRST301",
        "Your access to this app has changed since you signed in",
        "Sign in to the app again.",
        { "www-authenticate": 'Bearer error="invalid_token", error_description="access changed"' },
      ),
    );
  }
  return { entry, claims };
}
