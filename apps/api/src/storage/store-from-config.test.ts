/**
 * Which store the configuration picks: the data folder by default, S3-compatible
 * storage (here s3rver on 127.0.0.1) when PLINTH_S3_* are set.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { s3ForFile } from "../testing/s3.js";
import { S3Store } from "./s3-store.js";
import { objectStoreFor } from "./store-from-config.js";

const folder = mkdtempSync(join(tmpdir(), "plinth-store-config-"));
const s3 = s3ForFile(() => join(folder, "s3"));
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
});

describe("objectStoreFor", () => {
  it("keeps files under the data folder when no S3 storage is configured", async () => {
    const dataDir = join(folder, "data");
    const store = objectStoreFor(loadConfig({ PLINTH_DATA_DIR: dataDir }));
    await store.put("app-1/deals/photo/a.png", Buffer.from("png"), "image/png");
    expect(existsSync(join(dataDir, "storage", "objects", "app-1", "deals", "photo", "a.png"))).toBe(true);
  });

  it("sends files to the configured S3 bucket", async () => {
    const settings = {
      PLINTH_S3_ENDPOINT: s3.endpoint,
      PLINTH_S3_BUCKET: "plinth-files",
      PLINTH_S3_ACCESS_KEY_ID: "S3RVER",
      PLINTH_S3_SECRET_ACCESS_KEY: "S3RVER",
    };
    const store = objectStoreFor(loadConfig({ PLINTH_DATA_DIR: join(folder, "unused"), ...settings }));
    expect(store.description).toBe(`S3 bucket plinth-files at ${s3.endpoint}`);
    await store.put("app-1/deals/photo/b.png", Buffer.from("png"), "image/png");
    const direct = new S3Store({
      endpoint: s3.endpoint,
      bucket: "plinth-files",
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
    });
    expect(await direct.get("app-1/deals/photo/b.png")).toEqual({ body: Buffer.from("png"), contentType: "image/png" });
    expect(existsSync(join(folder, "unused", "storage"))).toBe(false);
  });
});
