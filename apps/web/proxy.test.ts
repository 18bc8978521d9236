import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "./next.config";
import { proxy } from "./proxy";

const page = (path: string, headers: Record<string, string> = {}) =>
  proxy(new NextRequest(`http://localhost:3000${path}`, { headers }));

/** What proxy.ts hands on to Next.js as the request's headers. */
const forwardedRequestHeader = (response: Response, name: string) =>
  response.headers.get(`x-middleware-request-${name}`);

describe("pages", () => {
  it("carry a Content Security Policy that runs only scripts with this response's nonce", () => {
    const response = page("/sign-in");
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    // Next.js reads the nonce from the policy on the request, to put it on its own scripts.
    expect(forwardedRequestHeader(response, "content-security-policy")).toBe(policy);
  });

  it("get a new nonce every time", () => {
    const nonce = (response: Response) =>
      /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce(page("/sign-in"))).not.toBe(nonce(page("/sign-in")));
  });

  it("send a signed-out visitor of the dashboard to sign in, remembering where they were going", () => {
    const response = page("/dashboard/apps/a1?tab=members");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(
      "http://localhost:3000/sign-in?next=%2Fdashboard%2Fapps%2Fa1%3Ftab%3Dmembers",
    );
  });
});

describe("/api and /rest", () => {
  it("do not reveal the API's internal address", () => {
    const response = page("/api/apps");
    expect(response.headers.get("x-middleware-rewrite")).toBeNull();
    expect(JSON.stringify([...response.headers])).not.toContain(":4000");
  });

  it("move the client's X-Forwarded-For claim aside, so Next.js records the address it saw", () => {
    const response = page("/rest/v1/deals", { "x-forwarded-for": "203.0.113.7" });
    expect(forwardedRequestHeader(response, "x-plinth-claimed-forwarded-for")).toBe("203.0.113.7");
    // Headers left out of the override list are removed from the request.
    expect(response.headers.get("x-middleware-override-headers")?.split(",")).not.toContain("x-forwarded-for");
  });

  it("do not carry the pages' policy (the API sets its own)", () => {
    expect(page("/api/apps").headers.get("content-security-policy")).toBeNull();
  });

  it("treat /storage (uploaded files) like /rest", () => {
    const response = page("/storage/v1/object/deals/photo/a.png", { "x-forwarded-for": "203.0.113.7" });
    expect(response.headers.get("content-security-policy")).toBeNull();
    expect(forwardedRequestHeader(response, "x-plinth-claimed-forwarded-for")).toBe("203.0.113.7");
  });
});

describe("next.config.ts", () => {
  it("sends nosniff, no framing and a referrer policy with every answer", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = rules.find((rule) => rule.source === "/:path*")?.headers ?? [];
    expect(Object.fromEntries(all.map((h) => [h.key.toLowerCase(), h.value]))).toEqual({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
    });
  });
});
