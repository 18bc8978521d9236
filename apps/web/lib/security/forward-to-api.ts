/**
 * /api and /rest are forwarded to the API (PLINTH_API_URL, read when the server runs, so
 * one build serves any deployment) so the browser stays on one origin: the httpOnly
 * session cookie and EventSource just work. A route handler forwards them rather than a
 * rewrite in proxy.ts, for two reasons: a rewrite answers with the API's internal
 * address in `x-middleware-rewrite`, and only here is the client's own address known
 * (Next.js sets it as X-Forwarded-For once proxy.ts has removed the client's claim), so
 * the API's per-address limits count real clients.
 */
import { CLAIMED_FORWARDED_FOR } from "./forwarded-for";

/** Headers about one connection, not the message: never passed on. */
const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host"];

const UNREACHABLE = JSON.stringify({
  error: {
    code: "api_unreachable",
    message: "Plinth's API could not be reached; it may be starting or down. Try again in a moment.",
  },
});

export function apiBaseUrl(): string {
  return (process.env.PLINTH_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");
}

export async function forwardToApi(request: Request): Promise<Response> {
  const { pathname, search } = new URL(request.url);
  const headers = new Headers(request.headers);
  for (const name of [...HOP_BY_HOP, "content-length"]) headers.delete(name);
  // What the client's own proxies said, then the address this server saw: the API decides whom to believe.
  const claimed = request.headers.get(CLAIMED_FORWARDED_FOR);
  const seen = request.headers.get("x-forwarded-for");
  headers.delete(CLAIMED_FORWARDED_FOR);
  const chain = [claimed, seen].filter(Boolean).join(", ");
  if (chain) headers.set("x-forwarded-for", chain);
  else headers.delete("x-forwarded-for");
  const host = request.headers.get("host");
  if (host) headers.set("x-forwarded-host", host);

  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await fetch(`${apiBaseUrl()}${pathname}${search}`, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      // Streams the body through instead of reading it whole first.
      duplex: "half",
      redirect: "manual",
      signal: request.signal,
    } as RequestInit);
  } catch {
    return new Response(UNREACHABLE, { status: 502, headers: { "content-type": "application/json" } });
  }
  const responseHeaders = new Headers(upstream.headers);
  // fetch has already decoded the body, so its encoding and length no longer describe it.
  for (const name of [...HOP_BY_HOP, "content-encoding", "content-length"]) responseHeaders.delete(name);
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}
