/**
 * Every request's id: the caller's X-Request-Id when it is a short, plain token (so a
 * proxy's or client's id links their logs to ours), else a fresh UUID. Fastify puts
 * it on every log line of the request as `reqId`; the response echoes it.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

export const REQUEST_ID_HEADER = "x-request-id";

/** Long or odd values could forge log fields or bloat every line, so they are replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function echoRequestId(app: FastifyInstance): void {
  // Callback hooks, not async ones, here and in the other every-request hooks: no promise per request.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
