/**
 * Founder accounts as a person meets them over HTTP: which passwords sign-up refuses,
 * that signing out ends a copied session token, that a token without an expiry is
 * refused, and that sign-in attempts are limited per address and per account.
 */
import { createSecretKey } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { provisionExample } from "../testing/example-apps.js";
import { testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";

const SECRET = `accounts-test-secret-${crypto.randomUUID()}`;
const t = testPlinthForFile({ PLINTH_JWT_SECRET: SECRET, PLINTH_SIGNIN_ACCOUNT_LIMIT: "3" });

const email = () => `founder-${crypto.randomUUID().slice(0, 8)}@example.com`;
type ErrorBody = { error: { code: string; message: string } };

describe("sign-up passwords", () => {
  it.each([
    ["eight spaces", "        ", /more than spaces/],
    ["a common password", "password", /most common/],
    ["a common password in other case", "Password123", /most common/],
    ["a short one", "x7#kq", /at least 8 characters/],
  ])("refuses %s and says why", async (_what, password, message) => {
    const res = await new ApiClient(t.url).call<ErrorBody>("POST", "/api/auth/sign-up", { email: email(), password });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it("accepts a password of a few unrelated words", async () => {
    const res = await new ApiClient(t.url).call("POST", "/api/auth/sign-up", {
      email: email(),
      password: "lantern orbit pickle",
    });
    expect(res.status).toBe(201);
  });
});

describe("sessions", () => {
  it("refuses a session token copied before sign-out", async () => {
    const api = new ApiClient(t.url);
    await api.signUp();
    const copied = api.token as string;
    expect((await api.call("GET", "/api/auth/me")).status).toBe(200);

    expect((await api.call("POST", "/api/auth/sign-out")).status).toBe(204);

    const after = await fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${copied}` } });
    expect(after.status).toBe(401);
    const cookie = await fetch(`${t.url}/api/auth/me`, { headers: { cookie: `plinth_session=${copied}` } });
    expect(cookie.status).toBe(401);
  });

  it("signs in again after signing out", async () => {
    const api = new ApiClient(t.url);
    const founder = await api.signUp();
    await api.call("POST", "/api/auth/sign-out");
    const again = await api.call<{ token: string }>("POST", "/api/auth/sign-in", {
      email: founder.email,
      password: founder.password,
    });
    expect(again.status).toBe(200);
    api.token = again.body.token;
    expect((await api.call("GET", "/api/auth/me")).status).toBe(200);
  });

  it("refuses a founder token that never expires", async () => {
    const api = new ApiClient(t.url);
    const founder = await api.signUp();
    const forever = await new SignJWT({ email: founder.email, sv: 0 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(founder.id)
      .setAudience("plinth")
      .setIssuer("plinth")
      .setIssuedAt()
      .sign(createSecretKey(Buffer.from(SECRET, "utf8")));
    const res = await fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${forever}` } });
    expect(res.status).toBe(401);
  });
});

describe("per-account sign-in throttle", () => {
  it("holds an account after repeated failures, whichever addresses they come from", async () => {
    const api = new ApiClient(t.url);
    const founder = await api.signUp();
    const statuses: number[] = [];
    let last: Response | undefined;
    // The web app is a trusted proxy on loopback, so each forwarded address counts as another client.
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${t.url}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i + 1}` },
        body: JSON.stringify({ email: founder.email, password: `wrong guess ${i}` }),
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await last?.json()) as ErrorBody | undefined;
    expect(body?.error.message).toMatch(/too many failed sign-ins.*try again/i);

    // Even the right password waits, or the throttle would confirm a guess.
    const right = await api.call("POST", "/api/auth/sign-in", { email: founder.email, password: founder.password });
    expect(right.status).toBe(429);
  });
});

describe("per-account sign-in throttle across sign-in screens", () => {
  it("counts failures at an app's own sign-in screen against the same account", async () => {
    const app = await provisionExample(t, "crm");
    const founder = await new ApiClient(t.url).signUp();
    const appSignIn = (password: string) =>
      fetch(`${t.url}/api/runtime/${app.slug}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: founder.email, password }),
      }).then((r) => r.status);
    expect([await appSignIn("wrong 1"), await appSignIn("wrong 2"), await appSignIn("wrong 3")]).toEqual([
      401, 401, 401,
    ]);
    expect(await appSignIn(founder.password)).toBe(429);
    // Guessing through any app must not leave the console's sign-in open for more guesses.
    const console = await new ApiClient(t.url).call("POST", "/api/auth/sign-in", {
      email: founder.email,
      password: founder.password,
    });
    expect(console.status).toBe(429);
  }, 60_000);
});

describe("per-address sign-in limit behind an untrusted hop", () => {
  // Loopback is not a trusted proxy here, so X-Forwarded-For is the client's own claim.
  const direct = testPlinthForFile({ PLINTH_SIGNIN_RATE_LIMIT: "3", PLINTH_TRUSTED_PROXIES: "192.0.2.10" });

  it("is not reset by rotating X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${direct.url}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i + 1}` },
        body: JSON.stringify({ email: email(), password: "not the password" }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe("per-address sign-in limit behind the web app", () => {
  const proxied = testPlinthForFile({ PLINTH_SIGNIN_RATE_LIMIT: "2" });

  const signInFrom = async (client: string) => {
    const res = await fetch(`${proxied.url}/api/auth/sign-in`, {
      method: "POST",
      // The web app forwards over loopback, a trusted proxy by default, naming the client last.
      headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.99, ${client}` },
      body: JSON.stringify({ email: email(), password: "not the password" }),
    });
    return res.status;
  };

  it("counts each client the proxy names on its own", async () => {
    expect([
      await signInFrom("198.51.100.1"),
      await signInFrom("198.51.100.1"),
      await signInFrom("198.51.100.1"),
    ]).toEqual([401, 401, 429]);
    expect(await signInFrom("198.51.100.2")).toBe(401);
  });
});
