import { describe, expect, it } from "vitest";
import { metricsRefusal } from "./metrics-access.js";

const status = (peerAddress: string | undefined, headers: Record<string, string> = {}, token?: string) =>
  metricsRefusal({ peerAddress, headers }, token)?.status ?? 200;

describe("who may read /metrics", () => {
  it("without a token, lets in direct connections from this machine over IPv4, IPv6 and IPv4-mapped IPv6", () => {
    expect([status("127.0.0.1"), status("::1"), status("::ffff:127.0.0.1")]).toEqual([200, 200, 200]);
  });

  it("without a token, refuses other machines and anything a proxy forwarded", () => {
    expect(status("10.0.0.7")).toBe(403);
    expect(status(undefined)).toBe(403);
    expect(status("127.0.0.1", { "x-forwarded-for": "203.0.113.7" })).toBe(403);
    expect(status("127.0.0.1", { forwarded: "for=203.0.113.7" })).toBe(403);
    expect(status("127.0.0.1", { "x-real-ip": "203.0.113.7" })).toBe(403);
  });

  it("with a token, asks everyone for it, including this machine", () => {
    const token = "a-long-metrics-token";
    expect(status("127.0.0.1", {}, token)).toBe(401);
    expect(status("127.0.0.1", { authorization: "Bearer a-long-metrics-tokeN" }, token)).toBe(401);
    expect(status("203.0.113.7", { authorization: `bearer ${token}` }, token)).toBe(200);
  });
});
