/**
 * Headers every API answer carries. The API serves JSON, not pages, so its policy
 * forbids everything a page could do; the interactive docs at /api/docs are a page
 * with swagger-ui's own scripts and styles, and keep the other headers only.
 */
import type { FastifyInstance } from "fastify";

export const API_SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
} as const;

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.headers(API_SECURITY_HEADERS);
    if (!request.url.startsWith("/api/docs")) reply.header("content-security-policy", API_CONTENT_SECURITY_POLICY);
    done(null, payload);
  });
}
