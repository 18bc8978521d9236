/**
 * GET /api/apps/:id/export: the founder downloads every row of their app, one CSV per
 * table in a zip, whether the app runs or is stopped (Delete offers this first).
 */
import { ApiError, appParams } from "@plinth/contract";
import { quoteIdent } from "@plinth/db";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { z } from "zod";
import { founderOf, founderRoutes } from "../auth/session.js";
import type { TokenService } from "../auth/tokens.js";
import { notFound } from "../http/errors.js";
import { errorResponses } from "../http/responses.js";
import type { ServerRegistry } from "../placements/registry.js";
import { placementOf } from "../placements/store.js";
import { exportApp } from "./export.js";
import { ownedApp } from "./owned-app.js";
import { liveBlueprint } from "./running-blueprint.js";

export async function exportRoute(
  app: FastifyInstance,
  deps: { pool: Pool; servers: ServerRegistry; tokens: TokenService },
): Promise<void> {
  const founderRoute = founderRoutes(deps.tokens, "apps");
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/apps/:id/export",
    founderRoute({
      params: appParams,
      response: {
        200: z
          .any()
          .describe("A zip file (application/zip): <table>.csv for every table of the app, and blueprint.json"),
        ...errorResponses(400, 401, 404, 409, 500),
      },
    }),
    async (request, reply) => {
      const found = await ownedApp(deps.pool, founderOf(request).sub, request.params.id);
      if (found.status === "DELETING") throw notFound("This app");
      const schema = found.db_schema;
      if (!schema) throw new ApiError(409, "no_data", "This app has no data yet: it was never provisioned.");
      const { blueprint } = await liveBlueprint(deps.pool, found.id);
      // The rows live on the server holding the app, which need not be the control plane's.
      const appServer = await deps.servers.ddl((await placementOf(deps.pool, found.id)).server);
      const zip = await exportApp(blueprint, async (table) => {
        const { rows } = await appServer.query(`select * from ${quoteIdent(schema)}.${quoteIdent(table)} order by 1`);
        return rows;
      });
      return reply
        .header("content-type", "application/zip")
        .header("content-disposition", `attachment; filename="${found.slug}-data.zip"`)
        .header("cache-control", "no-store")
        .send(Buffer.from(zip));
    },
  );
}
