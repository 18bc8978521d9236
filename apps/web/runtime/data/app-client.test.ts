/**
 * What an app's data API sees from the runtime's data provider, against a real HTTP
 * server standing in for /rest/v1: the table's path, the app's schema, the API key and
 * the signed-in user's token (read on every request), as supabase-js would send them.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LiveProvider } from "@refinedev/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAppProviders, loadedOnFirstUse } from "./data-provider";
import type { RunningInfo } from "./runtime-api";

let server: Server;
let base: string;
const seen: { url: string; headers: IncomingMessage["headers"] }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*" };
    if (request.method === "OPTIONS") return response.writeHead(204, cors).end();
    seen.push({ url: request.url ?? "", headers: request.headers });
    response
      .writeHead(200, { ...cors, "content-type": "application/json", "content-range": "0-0/1" })
      .end(JSON.stringify([{ id: "d1", title: "Roof" }]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const info = (url: string | null) =>
  ({ data_api: { url, path: "/rest/v1", schema: "app_1", anon_key: "anon-key" } }) as unknown as RunningInfo;

describe("the runtime's data provider", () => {
  it("reads a table of the app's schema with the user's token, taken afresh for each request", async () => {
    let token: string | undefined = "lee-token";
    const { dataProvider } = createAppProviders(info(base), () => token, "http://unused.example");
    const list = await dataProvider.getList({ resource: "deals", pagination: { currentPage: 1, pageSize: 10 } });
    expect(list.data).toEqual([{ id: "d1", title: "Roof" }]);
    token = "kim-token";
    await dataProvider.getList({ resource: "deals" });
    const [lee, kim] = seen.slice(-2);
    expect(lee?.url).toMatch(/^\/rest\/v1\/deals\?/);
    expect(lee?.headers["accept-profile"]).toBe("app_1");
    expect(lee?.headers.apikey).toBe("anon-key");
    expect(lee?.headers.authorization).toBe("Bearer lee-token");
    expect(kim?.headers.authorization).toBe("Bearer kim-token");
  });

  it("sends only the API key as the token when nobody is signed in, and uses the page's origin without a data API URL", async () => {
    const { dataProvider } = createAppProviders(info(null), () => undefined, base);
    await dataProvider.getList({ resource: "companies" });
    expect(seen.at(-1)?.url).toMatch(/^\/rest\/v1\/companies\?/);
    expect(seen.at(-1)?.headers.authorization).toBe("Bearer anon-key");
  });
});

describe("loadedOnFirstUse", () => {
  const fakeLive = () => {
    const live = { subscribe: vi.fn(() => "inner"), unsubscribe: vi.fn() };
    return live as typeof live & LiveProvider;
  };
  const args = { channel: "resources/deals", types: ["*"], callback: () => undefined };

  it("loads the provider once, on the first subscription, and passes subscriptions through once it is there", async () => {
    const live = fakeLive();
    const load = vi.fn(async () => live);
    const lazy = loadedOnFirstUse(load);
    expect(load).not.toHaveBeenCalled();
    const first = lazy.subscribe(args);
    const second = lazy.subscribe(args);
    await vi.waitFor(() => expect(live.subscribe).toHaveBeenCalledTimes(2));
    expect(load).toHaveBeenCalledTimes(1);
    lazy.unsubscribe(first);
    expect(live.unsubscribe).toHaveBeenCalledWith("inner");
    lazy.unsubscribe(second);
    expect(live.unsubscribe).toHaveBeenCalledTimes(2);
  });

  it("never starts a subscription ended while the provider was loading", async () => {
    const live = fakeLive();
    const lazy = loadedOnFirstUse(async () => live);
    lazy.unsubscribe(lazy.subscribe(args));
    const kept = lazy.subscribe(args);
    await vi.waitFor(() => expect(live.subscribe).toHaveBeenCalledTimes(1));
    expect(live.unsubscribe).not.toHaveBeenCalled();
    lazy.unsubscribe(kept);
  });

  it("tries loading again on the next subscription after a failed load", async () => {
    const live = fakeLive();
    const load = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValue(live);
    const lazy = loadedOnFirstUse(load);
    lazy.subscribe(args);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    lazy.subscribe(args);
    await vi.waitFor(() => expect(live.subscribe).toHaveBeenCalledTimes(1));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
