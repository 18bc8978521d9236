import { type NextRequest, NextResponse } from "next/server";

/** The API's httpOnly session cookie; its validity is still checked by the API on every call. */
const SESSION_COOKIE = "plinth_session";

/** Visitors without a session go straight to sign in instead of loading the dashboard first. */
export function proxy(request: NextRequest) {
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/dashboard", "/dashboard/:path*"] };
