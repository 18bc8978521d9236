/**
 * Postgres text cannot hold the NUL character (U+0000): a prompt, name or slug with
 * one would fail deep inside a query as a server error. Every control-plane request is
 * checked once, before validation, and refused with the field to fix.
 */

import { ApiError } from "@plinth/contract";
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";

/** Where in `value` a NUL character first appears (e.g. "body.prompt"), or undefined. */
export function nulCharacterAt(value: unknown, path: string): string | undefined {
  // Iterative, so a deeply nested body cannot overflow the stack.
  const pending: [unknown, string][] = [[value, path]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, at] = next;
    if (typeof item === "string") {
      if (item.includes("\u0000")) return at;
    } else if (item !== null && typeof item === "object") {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes("\u0000")) return `${at} (a field name)`;
        pending.push([child, `${at}.${key}`]);
      }
    }
  }
  return undefined;
}

/** A callback hook, not an async one: it runs on every request, the data API's too, and needs no promise. */
export function refuseNulCharacters(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const at = request.url.startsWith("/api/")
    ? (nulCharacterAt(request.params, "path") ??
      nulCharacterAt(request.query, "query") ??
      nulCharacterAt(request.body, "body"))
    : undefined;
  done(at ? new ApiError(400, "nul_character", `${at} contains a NUL character (\\u0000); remove it.`) : undefined);
}
