/**
 * GET /api/jobs/:id/events streams a job's stages over SSE. It reads the job row
 * rather than an in-process emitter, so a browser connected to any replica sees the
 * progress of a job worked by any other.
 */
import { ApiError, jobDone, jobParams, jobStage } from "@plinth/contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { z } from "zod";
import { founderOf, requireFounder } from "../auth/session.js";
import type { TokenService } from "../auth/tokens.js";
import { errorResponses } from "../http/responses.js";
import { findOwnedJob, type JobRow } from "./store.js";

const POLL_MS = 300;

export async function jobEventsRoute(app: FastifyInstance, deps: { pool: Pool; tokens: TokenService }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/jobs/:id/events",
    {
      sse: { kind: "only", heartbeat: true },
      schema: {
        tags: ["jobs"],
        params: jobParams,
        response: {
          200: {
            description: 'Server-sent events: "stage" for each step as it happens, then one "done".',
            content: {
              "text/event-stream": {
                schema: z.union([
                  z.object({ event: z.literal("stage"), data: jobStage }),
                  z.object({ event: z.literal("done"), data: jobDone }),
                ]),
              },
            },
          },
          ...errorResponses(400, 401, 404, 500),
        },
      },
      preHandler: requireFounder(deps.tokens),
    },
    async (request, reply) => {
      const ownerId = founderOf(request).sub;
      const first = await findOwnedJob(deps.pool, ownerId, request.params.id);
      if (!first) throw new ApiError(404, "not_found", "This job was not found.");
      let closed = false;
      request.raw.on("close", () => {
        closed = true;
      });
      async function* stream() {
        let sent = 0;
        let job: JobRow | undefined = first;
        while (job && !closed) {
          for (const stage of job.stages.slice(sent)) yield { event: "stage", data: stage };
          sent = job.stages.length;
          if (job.status === "SUCCEEDED" || job.status === "FAILED") {
            yield { event: "done", data: { status: job.status, error_message: job.error_message, app_id: job.app_id } };
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          job = await findOwnedJob(deps.pool, ownerId, request.params.id);
        }
      }
      await reply.sse.send(stream());
    },
  );
}
