/**
 * GET /api/apps/:id/teams: the app's teams by name, for its owner's members panel (a
 * member's teams are picked from the app's teams table instead of typed as ids).
 */
import { ApiError, appParams, appTeams } from "@plinth/contract";
import { RequestContextError } from "@plinth/provision";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { ownedApp } from "../apps/owned-app.js";
import { liveBlueprint } from "../apps/running-blueprint.js";
import { founderOf, founderRoutes } from "../auth/session.js";
import type { TokenService } from "../auth/tokens.js";
import { errorResponses } from "../http/responses.js";
import type { ServerRegistry } from "../placements/registry.js";
import { placementOf } from "../placements/store.js";
import { teamsOf } from "./teams.js";

export async function teamsRoute(
  app: FastifyInstance,
  deps: { pool: Pool; servers: ServerRegistry; tokens: TokenService; statementTimeoutMs: number },
): Promise<void> {
  const founderRoute = founderRoutes(deps.tokens, "members");
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/apps/:id/teams",
    founderRoute({
      params: appParams,
      response: { 200: appTeams, ...errorResponses(400, 401, 404, 409, 500, 503) },
    }),
    async (request) => {
      const found = await ownedApp(deps.pool, founderOf(request).sub, request.params.id);
      const { blueprint } = await liveBlueprint(deps.pool, found.id);
      if (blueprint.security.teamTable && found.status !== "RUNNING") {
        throw new ApiError(409, "app_not_running", "Start the app to choose its teams by name.");
      }
      try {
        // The teams are rows of the app, on the server holding it.
        const pool = await deps.servers.rest((await placementOf(deps.pool, found.id)).server);
        return await teamsOf(pool, found, blueprint, deps.statementTimeoutMs);
      } catch (error) {
        if (!(error instanceof RequestContextError)) throw error;
        request.log.error({ err: error }, "the app's teams could not be read");
        throw new ApiError(503, "teams_unavailable", "The app's teams could not be read just now; try again.");
      }
    },
  );
}
