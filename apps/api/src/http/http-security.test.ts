/**
 * What the API does against cross-site request forgery and what every answer says to
 * the browser about framing, sniffing and referrers, over HTTP as a browser meets it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";

const WEB = "http://127.0.0.1:3000";
let session: string;
const t = testPlinthForFile({ PLINTH_WEB_URL: WEB });
beforeAll(async () => {
  const founder = new ApiClient(t.url);
  await founder.signUp();
  session = founder.token as string;
}, 60_000);

/** A write to an app that does not exist: it reaches the route (404) only when the request is let through. */
const STOP = `/api/apps/${crypto.randomUUID()}/stop`;

function post(path: string, headers: Record<string, string>, body?: string) {
  return fetch(`${t.url}${path}`, { method: "POST", headers, body });
}

describe("cookie-authenticated writes", () => {
  it.each([
    {
      does: "refuses a plain-text form post from another port of the same host",
      origin: "http://127.0.0.1:8080",
      type: "text/plain",
      status: 403,
      says: /PLINTH_WEB_ORIGIN/,
    },
    {
      does: "refuses a plain-text post even from Plinth's own origin",
      origin: WEB,
      type: "text/plain",
      status: 415,
      says: /application\/json/,
    },
    { does: "refuses a write that carries the cookie but no Origin", type: "application/json", status: 403 },
    { does: "lets a JSON write from the web app's origin through", origin: WEB, type: "application/json", status: 404 },
    {
      does: "accepts localhost for a loopback web URL, as a newcomer may open either",
      origin: "http://localhost:3000",
      type: "application/json",
      status: 404,
    },
  ])("$does", async ({ origin, type, status, says }) => {
    const headers = { cookie: `plinth_session=${session}`, ...(origin && { origin }), "content-type": type };
    const res = await post(STOP, headers, "{}");
    expect(res.status).toBe(status);
    if (says) expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(says);
  });

  it("leaves a bearer-token write alone, with or without a body", async () => {
    const res = await post(STOP, { authorization: `Bearer ${session}` });
    expect(res.status).toBe(404);
  });
});

describe("security headers", () => {
  it("tells the browser not to frame, sniff or run anything in API answers", async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
  });

  it("sends them on errors too", async () => {
    const res = await fetch(`${t.url}/api/no-such-route`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("keeps the interactive docs usable (no script-forbidding policy there)", async () => {
    const res = await fetch(`${t.url}/api/docs/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy") ?? "").not.toMatch(/default-src 'none'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});
