/**
 * /api/apps/:id/sample-data: the founder fills a running app with sample rows (GET says
 * how many it holds, POST adds them, DELETE removes them and nothing else).
 */
import { ApiError, appParams, sampleDataState } from "@plinth/contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { founderOf, founderRoutes } from "../auth/session.js";
import type { TokenService } from "../auth/tokens.js";
import { errorResponses } from "../http/responses.js";
import type { AppDirectory, DirectoryEntry } from "../rest/app-directory.js";
import { ownedApp } from "./owned-app.js";
import { fillSampleData, removeSampleData, type SampleDeps, sampleState } from "./sample-data.js";

export async function sampleDataRoutes(
  app: FastifyInstance,
  deps: SampleDeps & { tokens: TokenService; directory: AppDirectory },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const founderRoute = founderRoutes(deps.tokens, "apps");

  /** The founder's running app, as the data API sees it. */
  const runningApp = async (ownerId: string, appId: string): Promise<DirectoryEntry> => {
    const row = await ownedApp(deps.pool, ownerId, appId);
    const entry = row.db_schema ? await deps.directory.bySchema(row.db_schema) : null;
    if (!entry || row.status !== "RUNNING" || !entry.running) {
      throw new ApiError(409, "app_not_running", "Start the app first: sample data goes in through the running app.");
    }
    return entry;
  };

  api.get(
    "/api/apps/:id/sample-data",
    founderRoute({ params: appParams, response: { 200: sampleDataState, ...errorResponses(400, 401, 404, 500) } }),
    async (request) => {
      const row = await ownedApp(deps.pool, founderOf(request).sub, request.params.id);
      return sampleState(deps.pool, row.id);
    },
  );

  api.post(
    "/api/apps/:id/sample-data",
    founderRoute({
      params: appParams,
      response: { 201: sampleDataState, ...errorResponses(400, 401, 403, 404, 409, 415, 422, 500) },
    }),
    async (request, reply) => {
      const founder = founderOf(request);
      const entry = await runningApp(founder.sub, request.params.id);
      const state = await fillSampleData(deps, entry, { id: founder.sub, email: founder.email });
      return reply.status(201).send(state);
    },
  );

  api.delete(
    "/api/apps/:id/sample-data",
    founderRoute({
      params: appParams,
      response: { 200: sampleDataState, ...errorResponses(400, 401, 403, 404, 409, 415, 422, 500) },
    }),
    async (request) => {
      const founder = founderOf(request);
      const entry = await runningApp(founder.sub, request.params.id);
      return removeSampleData(deps, entry, { id: founder.sub, email: founder.email });
    },
  );
}
