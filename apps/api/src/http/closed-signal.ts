import type { FastifyReply } from "fastify";

/**
 * Aborted when the client goes away before its answer was sent, so work done only to
 * answer it (a model call that may take a minute, and costs money) stops with it. The
 * response's `close` is the one that fires on a dropped connection: the request's fires
 * as soon as its body has been read.
 */
export function closedSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on("close", () => {
    if (!reply.raw.writableFinished) controller.abort(new Error("the client closed the request"));
  });
  return controller.signal;
}
