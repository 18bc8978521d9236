/**
 * GET /api/runtime/:slug/members: who is in the app, for its signed-in members (the
 * runtime's chat shows names and initials instead of "Them"). Asked with the app user's
 * token, as the data API is.
 */
import { ApiError, appMembers, runtimeParams } from "@plinth/contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { findAppBySlug } from "../apps/store.js";
import type { TokenService } from "../auth/tokens.js";
import { bearerToken } from "../http/bearer.js";
import { errorResponses } from "../http/responses.js";
import { appAccess } from "./access.js";
import { peopleOf } from "./people.js";

export async function peopleRoute(
  app: FastifyInstance,
  deps: { pool: Pool; tokens: TokenService; readRateLimit: number },
): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/runtime/:slug/members",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        response: { 200: appMembers, ...errorResponses(401, 403, 404, 429, 500) },
      },
      config: { rateLimit: { max: deps.readRateLimit, timeWindow: "1 minute" } },
    },
    async (request) => {
      const found = await findAppBySlug(deps.pool, request.params.slug);
      if (!found || found.status === "DELETING") throw new ApiError(404, "not_found", "There is no app here.");
      const token = bearerToken(request.headers.authorization);
      const claims = token ? await deps.tokens.verifyAppUser(token).catch(() => undefined) : undefined;
      if (!claims || claims.app_id !== found.id) {
        throw new ApiError(401, "unauthenticated", "Sign in to this app to see its members.");
      }
      const access = await appAccess(deps.pool, found, claims.sub);
      if (!access?.roleExists) {
        throw new ApiError(403, "not_a_member", "You are not a member of this app; ask its owner for an invitation.");
      }
      return { members: await peopleOf(deps.pool, found) };
    },
  );
}
