/**
 * Who may read /metrics. Its series name apps and routes and show load, so it is not
 * for the internet: with PLINTH_METRICS_TOKEN set, whoever sends that token; without
 * it, only a direct connection from this machine (not one a proxy forwarded, since a
 * proxy on the same machine would make every visitor look local).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "@plinth/contract";
import { bearerToken } from "../http/bearer.js";

export interface MetricsCaller {
  /** The socket's peer, never a forwarded address. */
  peerAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"];

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || v4.startsWith("127.");
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Undefined when the caller may read /metrics, else the error to answer. */
export function metricsRefusal(caller: MetricsCaller, token: string | undefined): ApiError | undefined {
  if (token) {
    const bearer = bearerToken(caller.headers.authorization);
    if (bearer && sameSecret(bearer, token)) return undefined;
    return new ApiError(
      401,
      "metrics_token_required",
      "Reading /metrics needs the metrics token: send PLINTH_METRICS_TOKEN as Authorization: Bearer <token>.",
    );
  }
  const forwarded = FORWARDING_HEADERS.some((name) => caller.headers[name] !== undefined);
  if (isLoopback(caller.peerAddress) && !forwarded) return undefined;
  return new ApiError(
    403,
    "metrics_local_only",
    "/metrics answers only direct connections from this machine; set PLINTH_METRICS_TOKEN and send it as Authorization: Bearer <token> to read it from elsewhere.",
  );
}
