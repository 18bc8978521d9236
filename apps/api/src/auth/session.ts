/**
 * Founder sessions: a JWT in the `plinth_session` httpOnly cookie (the web app) or
 * an `Authorization: Bearer` header (scripts and tests).
 */

import { ApiError } from "@plinth/contract";
import type { FastifyContextConfig, FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import { bearerToken } from "../http/bearer.js";
import type { FounderClaims, TokenService } from "./tokens.js";

export const SESSION_COOKIE = "plinth_session";

declare module "fastify" {
  interface FastifyRequest {
    founder?: FounderClaims;
  }
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return bearerToken(request.headers.authorization) ?? request.cookies[SESSION_COOKIE];
}

export function requireFounder(tokens: TokenService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = sessionToken(request);
    if (!token) throw new ApiError(401, "unauthenticated", "Sign in to continue.");
    try {
      request.founder = await tokens.verifyFounder(token);
    } catch {
      throw new ApiError(401, "session_expired", "Your session has expired or is invalid; sign in again.");
    }
  };
}

/** The signed-in founder of a route guarded by requireFounder. */
export function founderOf(request: FastifyRequest): FounderClaims {
  if (!request.founder) throw new ApiError(401, "unauthenticated", "Sign in to continue.");
  return request.founder;
}

/**
 * The options of a founder's routes: each documented under `tag` (unless its schema
 * names another), behind the session check, with a rate limit when it has one.
 */
export function founderRoutes(tokens: TokenService, tag: string) {
  const preHandler = requireFounder(tokens);
  return <S extends FastifySchema>(schema: S, config?: FastifyContextConfig) => ({
    schema: { tags: [tag], ...schema },
    preHandler,
    ...(config && { config }),
  });
}
