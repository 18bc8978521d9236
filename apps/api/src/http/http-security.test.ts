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
  it("refuses a plain-text form post from another port of the same host", async () => {
    const res = await post(
      STOP,
      { cookie: `plinth_session=${session}`, origin: "http://127.0.0.1:8080", "content-type": "text/plain" },
      "{}",
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/PLINTH_WEB_ORIGIN/);
  });

  it("refuses a plain-text post even from Plinth's own origin", async () => {
    const res = await post(
      STOP,
      { cookie: `plinth_session=${session}`, origin: WEB, "content-type": "text/plain" },
      "{}",
    );
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/application\/json/);
  });

  it("refuses a write that carries the cookie but no Origin", async () => {
    const res = await post(STOP, { cookie: `plinth_session=${session}`, "content-type": "application/json" }, "{}");
    expect(res.status).toBe(403);
  });

  it("lets a JSON write from the web app's origin through", async () => {
    const res = await post(
      STOP,
      { cookie: `plinth_session=${session}`, origin: WEB, "content-type": "application/json" },
      "{}",
    );
    expect(res.status).toBe(404);
  });

  it("accepts localhost for a loopback web URL, as a newcomer may open either", async () => {
    const res = await post(
      STOP,
      { cookie: `plinth_session=${session}`, origin: "http://localhost:3000", "content-type": "application/json" },
      "{}",
    );
    expect(res.status).toBe(404);
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
