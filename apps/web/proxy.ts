/**
 * Two jobs run before any page or route of the web app:
 * - /api and /rest are rewritten to the API, so the browser stays on one origin (the
 *   httpOnly session cookie and EventSource just work). The API's address
 *   (PLINTH_API_URL) is read when the server runs, not baked in at build time, so one
 *   build serves any deployment (docker-compose, the e2e suite, a laptop).
 * - Visitors without a session go straight to sign in instead of loading the dashboard
 *   first; the cookie's validity is still checked by the API on every call.
 */
import { type NextRequest, NextResponse } from "next/server";

const SESSION_COOKIE = "plinth_session";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/") || pathname.startsWith("/rest/")) {
    const apiUrl = (process.env.PLINTH_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");
    return NextResponse.rewrite(new URL(`${pathname}${search}`, apiUrl));
  }
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/api/:path*", "/rest/:path*", "/dashboard", "/dashboard/:path*"] };
