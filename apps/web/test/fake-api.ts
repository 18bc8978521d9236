/**
 * A fake of the control-plane API for component tests: routes "METHOD /path" to a
 * handler and records every call, so a test can both script answers and check requests.
 */
import { vi } from "vitest";

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Reply = { status?: number; body?: unknown } | Promise<{ status?: number; body?: unknown }>;
type Handler = (call: Call) => Reply;

export function fakeApi(routes: Record<string, Handler | { status?: number; body?: unknown }>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init?.method ?? "GET").toUpperCase();
    const call: Call = { method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    if (!route) {
      return json(404, { error: { code: "not_found", message: `No route ${method} ${url.pathname}.` } });
    }
    const reply = await (typeof route === "function" ? route(call) : route);
    return json(reply.status ?? 200, reply.body);
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    calls,
    fetch: fetchMock,
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}

function json(status: number, body: unknown): Response {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

export const apiError = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message } },
});
