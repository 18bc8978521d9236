/**
 * Pieces of a route's `schema.response`: Fastify serialises each status through its schema
 * and /api/docs documents it, so every route says what it answers, errors included.
 */
import { apiErrorBody } from "@plinth/contract";
import { z } from "zod";

/** What each error status means in this API, for the docs; the body's message says it for the case at hand. */
const MEANING: Record<number, string> = {
  400: "The request is not valid",
  401: "Not signed in, or the session has ended",
  403: "Not allowed",
  404: "Not found",
  409: "Not possible in the current state",
  410: "Gone",
  413: "Too large",
  415: "Not sent as JSON",
  422: "Understood but refused",
  429: "Too many requests",
  500: "Failed on the server",
  503: "Not available now",
};

/** The error statuses a route answers, each with the one error body of the control-plane API. */
export function errorResponses<Status extends number>(...statuses: Status[]): Record<Status, typeof apiErrorBody> {
  return Object.fromEntries(
    statuses.map((status) => [status, apiErrorBody.describe(MEANING[status] ?? "Failed")]),
  ) as Record<Status, typeof apiErrorBody>;
}

/** A 204: z.undefined() is the one schema /api/docs shows as an answer without a body. */
export const noContent = (description: string) => z.undefined().describe(description);
