/**
 * The runtime's file storage against a real HTTP server standing in for /storage/v1:
 * what an upload sends (path, token, type, bytes), the server's refusal as the error,
 * and signed URLs made absolute.
 */

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UUID_PATTERN } from "@plinth/blueprint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStorage, newStoragePath } from "./file-storage";
import type { RunningInfo } from "./runtime-api";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, apikey, content-type, x-upsert, x-client-info",
  "access-control-allow-methods": "GET, POST, PUT",
};

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method === "OPTIONS") return response.writeHead(204, CORS).end();
    seen.push({
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
      body: Buffer.concat(chunks),
    });
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { ...CORS, "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.url?.startsWith("/storage/v1/object/sign/")) {
      return json(200, { signedURL: `${request.url.slice("/storage/v1".length)}?token=signed-token` });
    }
    if (request.url?.includes("too-big")) {
      return json(413, {
        statusCode: "413",
        error: "EntityTooLarge",
        message: "The file is 12 MB, over the 10 MB this server accepts.",
        hint: "Upload a smaller file.",
      });
    }
    return json(200, { Key: request.url?.slice("/storage/v1/object/".length) });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const info = () =>
  ({ data_api: { url: base, path: "/rest/v1", schema: "app_1", anon_key: "anon-key" } }) as unknown as RunningInfo;
const UUID = UUID_PATTERN;

describe("newStoragePath", () => {
  it("puts the file in a random folder under its column, with a storage-safe name", () => {
    expect(newStoragePath("photo", "Roof (north) é.png")).toMatch(new RegExp(`^photo/${UUID}/Roof -north- e-.png$`));
    expect(newStoragePath("photo", "../../.env")).toMatch(new RegExp(`^photo/${UUID}/-.-.env$`));
    expect(newStoragePath("photo", "...")).toMatch(new RegExp(`^photo/${UUID}/file$`));
  });
});

describe("createFileStorage", () => {
  it("uploads the file's bytes and type to its table and column with the user's token", async () => {
    const storage = createFileStorage(info(), () => "user-token");
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const path = await storage.upload("deals", "photo", new File([bytes], "roof.png", { type: "image/png" }), () => {});
    expect(path).toMatch(new RegExp(`^photo/${UUID}/roof.png$`));
    const upload = seen.at(-1);
    expect(upload?.method).toBe("POST");
    expect(upload?.url).toBe(`/storage/v1/object/deals/${path}`);
    expect(upload?.headers).toMatchObject({
      authorization: "Bearer user-token",
      apikey: "anon-key",
      "content-type": "image/png",
    });
    expect(upload?.body).toEqual(Buffer.from(bytes));
  });

  it("rejects with the server's message and hint when it refuses the upload", async () => {
    const storage = createFileStorage(info(), () => "user-token");
    const file = new File(["x"], "too-big.pdf", { type: "application/pdf" });
    await expect(storage.upload("deals", "contract", file, () => {})).rejects.toThrow(
      "The file is 12 MB, over the 10 MB this server accepts. Upload a smaller file.",
    );
  });

  it("asks for a signed URL with the user's token and makes it absolute", async () => {
    const storage = createFileStorage(info(), () => "user-token");
    const url = await storage.signedUrl("deals", "photo/abc/roof.png");
    expect(url).toBe(`${base}/storage/v1/object/sign/deals/photo/abc/roof.png?token=signed-token`);
    const sign = seen.at(-1);
    expect(sign?.headers.authorization).toBe("Bearer user-token");
    expect(JSON.parse(sign?.body.toString() ?? "{}")).toEqual({ expiresIn: 3600 });
  });
});
