/**
 * Runs before every page and every /api, /rest or /storage request of the web app:
 * - /api, /rest and /storage go on to the route handlers that forward them to the API
 *   (lib/security/forward-to-api.ts), with the client's X-Forwarded-For claim moved aside
 *   so Next.js records the address it really saw.
 * - Pages get a Content Security Policy around a fresh nonce (Next.js reads it from the
 *   request and puts it on its scripts; the root layout renders per request for that).
 * - Visitors without a session go straight to sign in instead of loading the dashboard
 *   first; the cookie's validity is still checked by the API on every call.
 */
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/security/content-security-policy";
import { CLAIMED_FORWARDED_FOR } from "@/lib/security/forwarded-for";

const SESSION_COOKIE = "plinth_session";
/** Served by the API, not by pages: forwarded by the route handlers under app/. */
const FORWARDED_PREFIXES = ["/api/", "/rest/", "/storage/"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const headers = new Headers(request.headers);
  if (FORWARDED_PREFIXES.some((prefix) => pathname.startsWith(prefix))) {
    const claimed = headers.get("x-forwarded-for");
    headers.delete("x-forwarded-for");
    if (claimed) headers.set(CLAIMED_FORWARDED_FOR, claimed);
    else headers.delete(CLAIMED_FORWARDED_FOR);
    return NextResponse.next({ request: { headers } });
  }
  if (pathname.startsWith("/dashboard") && !request.cookies.has(SESSION_COOKIE)) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    development: process.env.NODE_ENV === "development",
    dataApiUrl: process.env.PLINTH_DATA_API_URL,
  });
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Every page and the API's paths; not the build's static files, which carry no script of their own.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
