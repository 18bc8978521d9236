/**
 * The same behaviour from both stores: the local-disk default, directly, and the S3
 * driver against s3rver, an S3-protocol server started on 127.0.0.1 for the test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { s3ForFile } from "../testing/s3.js";
import { LocalDiskStore } from "./local-disk-store.js";
import type { ObjectStore } from "./object-store.js";
import { S3Store } from "./s3-store.js";

const folders: string[] = [];
const folder = () => {
  const path = mkdtempSync(join(tmpdir(), "plinth-storage-test-"));
  folders.push(path);
  return path;
};

const s3 = s3ForFile(folder);
afterAll(async () => {
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

const stores: [string, () => ObjectStore][] = [
  ["local disk", () => new LocalDiskStore(folder())],
  [
    "S3 (s3rver)",
    () =>
      new S3Store({
        endpoint: s3.endpoint,
        bucket: "plinth-files",
        region: "us-east-1",
        accessKeyId: "S3RVER",
        secretAccessKey: "S3RVER",
      }),
  ],
];

describe.each(stores)("%s object store", (_name, make) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  it("gives back the bytes and content type it was given", async () => {
    const store = make();
    await store.put("app-1/deals/photo/a b.png", png, "image/png");
    expect(await store.get("app-1/deals/photo/a b.png")).toEqual({ body: png, contentType: "image/png" });
    expect(await store.has("app-1/deals/photo/a b.png")).toBe(true);
  });

  it("knows nothing under a key never stored", async () => {
    const store = make();
    expect(await store.get("app-1/deals/photo/missing.png")).toBeNull();
    expect(await store.has("app-1/deals/photo/missing.png")).toBe(false);
  });

  it("removes everything under a prefix and nothing else", async () => {
    const store = make();
    for (const key of ["app-1/deals/photo/a.png", "app-1/deals/photo/b & c.png", "app-12/deals/photo/a.png"]) {
      await store.put(key, png, "image/png");
    }
    await store.removeAll("app-1/");
    expect(await store.has("app-1/deals/photo/a.png")).toBe(false);
    expect(await store.has("app-1/deals/photo/b & c.png")).toBe(false);
    expect(await store.has("app-12/deals/photo/a.png")).toBe(true);
  });

  it("replaces an object stored again under the same key", async () => {
    const store = make();
    await store.put("app-1/deals/contract/x.pdf", Buffer.from("first"), "application/pdf");
    await store.put("app-1/deals/contract/x.pdf", Buffer.from("second"), "text/plain");
    expect(await store.get("app-1/deals/contract/x.pdf")).toEqual({
      body: Buffer.from("second"),
      contentType: "text/plain",
    });
  });
});

describe("local disk object store", () => {
  it("refuses a key that would leave its folder", async () => {
    const store = new LocalDiskStore(folder());
    await expect(store.put("../outside.png", Buffer.from("x"), "image/png")).rejects.toThrow(
      /leaves the storage folder/,
    );
  });
});
