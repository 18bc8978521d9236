/**
 * Cross-site request forgery: the session cookie rides along on any request the browser
 * sends to this site, including a form another site (or another port of the same host,
 * which is "same-site") submits. So a write that relies on the cookie must come from
 * one of Plinth's own pages (its Origin) and be JSON, which a plain HTML form cannot
 * send. Requests carrying a bearer token have no ambient credential and are left alone.
 */

import { ApiError } from "@plinth/contract";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "../auth/session.js";
import { bearerToken } from "./bearer.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function requireSameOriginWrites(app: FastifyInstance, allowedOrigins: Set<string>): void {
  // A callback hook, not an async one: it runs on every request, the data API's too, and needs no promise.
  app.addHook("onRequest", (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith("/api/")) return done();
    try {
      refuseForgedWrite(request, allowedOrigins);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

function refuseForgedWrite(request: FastifyRequest, allowedOrigins: Set<string>): void {
  if (bearerToken(request.headers.authorization)) return;
  checkOrigin(request, allowedOrigins);
  const mediaType = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "Send this request as JSON (Content-Type: application/json), with an empty object {} when there is nothing to send.",
    );
  }
}

function checkOrigin(request: FastifyRequest, allowedOrigins: Set<string>): void {
  const origin = request.headers.origin;
  if (origin === undefined) {
    // Browsers always send Origin on writes; only non-browser clients omit it, and those use a bearer token.
    if (!request.cookies[SESSION_COOKIE]) return;
    throw new ApiError(
      403,
      "origin_required",
      "A signed-in write must say where it comes from (Origin header); scripts should send an Authorization: Bearer token instead of the cookie.",
    );
  }
  if (!allowedOrigins.has(origin)) {
    throw new ApiError(
      403,
      "cross_origin",
      `Writes are accepted only from Plinth's own pages, not from ${origin}. If Plinth's web app is served there, add it to PLINTH_WEB_ORIGIN.`,
    );
  }
}
