import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardToApi } from "./forward-to-api";
import { CLAIMED_FORWARDED_FOR } from "./forwarded-for";

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let api: Server;
let seen: Seen;
beforeAll(async () => {
  api = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.setHeader("set-cookie", ["plinth_session=t; HttpOnly", "other=1"]);
      res.setHeader("content-type", "application/json");
      res.statusCode = 201;
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  process.env.PLINTH_API_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  delete process.env.PLINTH_API_URL;
  await new Promise((resolve) => api.close(resolve));
});

describe("forwarding /api and /rest to the API", () => {
  it("passes the request on and the answer back, cookies included", async () => {
    const response = await forwardToApi(
      new Request("http://localhost:3000/api/apps/a1/stop?x=1", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: "plinth_session=s", origin: "http://localhost:3000" },
        body: "{}",
      }),
    );
    expect(seen).toMatchObject({ method: "POST", url: "/api/apps/a1/stop?x=1", body: "{}" });
    expect(seen.headers).toMatchObject({ cookie: "plinth_session=s", origin: "http://localhost:3000" });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(["plinth_session=t; HttpOnly", "other=1"]);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("tells the API the client's claimed addresses, then the address this server saw, last", async () => {
    await forwardToApi(
      new Request("http://localhost:3000/rest/v1/deals", {
        headers: { [CLAIMED_FORWARDED_FOR]: "203.0.113.7", "x-forwarded-for": "198.51.100.2", host: "localhost:3000" },
      }),
    );
    expect(seen.headers["x-forwarded-for"]).toBe("203.0.113.7, 198.51.100.2");
    expect(seen.headers[CLAIMED_FORWARDED_FOR]).toBeUndefined();
  });

  it("answers in words when the API cannot be reached", async () => {
    const saved = process.env.PLINTH_API_URL;
    process.env.PLINTH_API_URL = "http://127.0.0.1:1";
    try {
      const response = await forwardToApi(new Request("http://localhost:3000/api/apps"));
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/could not be reached/);
    } finally {
      process.env.PLINTH_API_URL = saved;
    }
  });
});
