/**
 * Errors of the control-plane API, always answered as {error: {code, message}} so
 * the web app can show the message to a founder as it is.
 */
import { ApiError } from "@plinth/contract";
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { Conflict, type DomainError, Invalid, NotFound, TooManyAttempts, Unauthenticated } from "../domain/errors.js";

/** A schema's message ("Use at least 8 characters.") as a part of the one sentence that lists every problem. */
const asClause = (message: string) => message.replace(/\.$/, "").replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} was not found.`);

/** The one place a service's refusal becomes an HTTP status. */
function statusOf(error: unknown): number | undefined {
  if (error instanceof NotFound) return 404;
  if (error instanceof Conflict) return 409;
  if (error instanceof Invalid) return 422;
  if (error instanceof Unauthenticated) return 401;
  if (error instanceof TooManyAttempts) return 429;
  return undefined;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const domainStatus = statusOf(error);
    if (domainStatus !== undefined) {
      const { code, message, details } = error as unknown as DomainError;
      if (error instanceof TooManyAttempts) reply.header("retry-after", String(error.retryAfterSeconds));
      return reply.status(domainStatus).send({ error: { code, message, details } });
    }
    if (error instanceof ApiError) {
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.map((v) => {
        const field = v.instancePath.replace(/^\//, "").replaceAll("/", ".") || error.validationContext || "request";
        return `${field}: ${asClause(v.message ?? "is not valid")}`;
      });
      return reply.status(400).send({
        error: {
          code: "invalid_request",
          message: `The request is not valid — ${problems.join("; ")}.`,
          details: problems,
        },
      });
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({ error: { code: "rate_limited", message: error.message } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const message =
        error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
          ? "The request body is not valid JSON; send a JSON object."
          : error.message;
      return reply.status(error.statusCode).send({ error: { code: "bad_request", message } });
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "internal", message: "Something went wrong on our side; please try again." } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: "not_found", message: `No route ${request.method} ${request.url}.` } });
  });
}
