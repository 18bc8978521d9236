/**
 * /api/runtime/:slug/views: a member lists the views of a table block (their own and the
 * shared ones), saves one, and deletes their own.
 */
import { ApiError, newView, runtimeParams, savedViewCreated, savedViews, viewQuery } from "@plinth/contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { z } from "zod";
import type { TokenService } from "../auth/tokens.js";
import { errorResponses, noContent } from "../http/responses.js";
import type { AppDirectory } from "../rest/app-directory.js";
import { appMemberOf } from "../runtime/app-member.js";
import { createView, deleteView, listViews } from "./store.js";

/** A view's state is small (a few filters and column names); this bounds what one row may hold. */
const MAX_STATE_BYTES = 8 * 1024;

export async function viewRoutes(
  app: FastifyInstance,
  deps: { pool: Pool; tokens: TokenService; directory: AppDirectory },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/api/runtime/:slug/views",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        querystring: viewQuery,
        response: { 200: savedViews, ...errorResponses(400, 401, 403, 404, 500) },
      },
    },
    async (request) => {
      const { entry, claims } = await appMemberOf(request, deps, request.params.slug);
      return { views: await listViews(deps.pool, entry.appId, request.query.key, claims.sub) };
    },
  );

  api.post(
    "/api/runtime/:slug/views",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        body: newView,
        response: { 201: savedViewCreated, ...errorResponses(400, 401, 403, 404, 415, 500) },
      },
    },
    async (request, reply) => {
      const { entry, claims } = await appMemberOf(request, deps, request.params.slug);
      const { key, name, shared, state } = request.body;
      if (JSON.stringify(state).length > MAX_STATE_BYTES) {
        throw new ApiError(
          400,
          "view_too_large",
          "This view holds too many filters to save; remove some and try again.",
        );
      }
      const view = await createView(deps.pool, {
        appId: entry.appId,
        userId: claims.sub,
        viewKey: key,
        name,
        shared,
        state,
      });
      return reply.status(201).send({ view });
    },
  );

  api.delete(
    "/api/runtime/:slug/views/:id",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams.extend({ id: z.string().uuid("not a view id") }),
        response: { 204: noContent("The view is deleted"), ...errorResponses(400, 401, 403, 404, 415, 500) },
      },
    },
    async (request, reply) => {
      const { entry, claims } = await appMemberOf(request, deps, request.params.slug);
      if (!(await deleteView(deps.pool, entry.appId, request.params.id, claims.sub))) {
        throw new ApiError(
          404,
          "not_found",
          "There is no view of yours with this id; only its owner may delete a view.",
        );
      }
      return reply.status(204).send();
    },
  );
}
