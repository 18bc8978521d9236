/**
 * The one way the web app calls the control-plane API, the console and the runtime alike:
 * same-origin (Next rewrites /api to it, so the session cookie rides along) and every
 * failure turned into an ApiError whose message can be shown to a person as it is.
 */

import { type ApiErrorBody, apiErrorBody } from "@plinth/contract";

/** A failed call: the HTTP status and the API's error body (@plinth/contract), or one made up in its shape. */
export class ApiError extends Error {
  readonly code: string;
  /** The API's structured details, when it sent any (e.g. which rows an import refused). */
  readonly details?: unknown;

  constructor(
    readonly status: number,
    error: ApiErrorBody["error"],
  ) {
    super(error.message);
    this.name = "ApiError";
    this.code = error.code;
    this.details = error.details;
  }
}

export const isUnauthenticated = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

const UNREACHABLE =
  "Plinth's server could not be reached. Check your connection and try again in a moment; if it keeps happening, the API may be down.";

/** Words for a failure that came without a message of the API's own (proxy errors, crashes). */
function fallbackMessage(status: number): string {
  if (status === 401) return "Your session has ended; sign in again.";
  if (status === 403) return "You are not allowed to do that.";
  if (status === 404) return "That was not found; it may have been deleted.";
  if (status === 429) return "Too many requests in a short time; wait a minute and try again.";
  if (status >= 500) return "Something went wrong on our side; please try again.";
  return `The request failed (HTTP ${status}).`;
}

export async function apiFetch<T>(
  path: string,
  init: {
    method?: string;
    body?: unknown;
    /** An app user's token (the runtime); the console's founder rides on the session cookie. */
    bearer?: string;
  } = {},
): Promise<T> {
  const method = init.method ?? "GET";
  // The API takes cookie-authenticated writes only as JSON (a cross-site form cannot send
  // that), so a write with nothing to say still sends an empty JSON object.
  const write = method !== "GET" && method !== "HEAD";
  const headers: Record<string, string> = { accept: "application/json" };
  if (write) headers["content-type"] = "application/json";
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  return apiResponse<T>(
    fetch(path, {
      method,
      credentials: "same-origin",
      headers,
      body: write ? JSON.stringify(init.body ?? {}) : undefined,
    }),
  );
}

/** What an API request already sent answered: its JSON body, or an ApiError in the API's words. */
export async function apiResponse<T>(sent: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await sent;
  } catch {
    throw new ApiError(0, { code: "unreachable", message: UNREACHABLE });
  }
  const text = await response.text();
  let json: unknown;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    // A proxy's or a crash's answer is not the API's error body: its status then speaks for it.
    const error = apiErrorBody.safeParse(json).data?.error;
    throw new ApiError(response.status, {
      code: error?.code ?? `http_${response.status}`,
      message: error?.message || fallbackMessage(response.status),
      details: error?.details,
    });
  }
  return json as T;
}

/** The message to show for anything thrown while talking to the API. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something unexpected went wrong; please try again.";
}
