/**
 * Files follow their rows: on the inventory example with an uploaded product photo, a
 * purchaser (who sees every product) uploads an image in the product form and sees it
 * in the gallery; warehouse staff, whose row filter hides products no longer stocked,
 * see no such image, and the storage service answers 403 when they ask for the file.
 *
 * The app is provisioned straight into the API's database, as the API's own tests do,
 * because no planner writes an image column; so this needs DATABASE_URL.
 */
import { crc32, deflateSync } from "node:zlib";
import { type AppUser, addMember, type ExampleApp, provisionExample } from "@plinth/api/testing/apps";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, shot } from "../support/browser.js";
import { hasDirectDatabase, suiteApiForFile } from "../support/db.js";
import { expectNoConsoleErrors } from "../support/founder.js";
import { signInToApp } from "../support/members.js";

type Blueprint = Parameters<NonNullable<Parameters<typeof provisionExample>[2]>>[0];

const SIZE = 8;
const PRODUCT = "Retired widget";

/** An 8×8 opaque RGBA PNG, a diagonal gradient, written byte by byte. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits a channel, RGBA, deflate, no filter method, no interlace
  const scanlines = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4); // each scanline starts with filter type 0
    for (let x = 0; x < SIZE; x++) scanlines.set([x * 32, y * 32, 160, 255], row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Products' photo becomes an uploaded image (the example has an image address); the gallery and form show it as before. */
function withUploadedPhotos(blueprint: Blueprint): Blueprint {
  const tables = blueprint.data.tables.map((table) =>
    table.name === "products"
      ? {
          ...table,
          columns: table.columns.map((column) => {
            if (column.name !== "photo_url") return column;
            const { format: _imageUrl, ...photo } = column;
            return { ...photo, type: "image" as const };
          }),
        }
      : table,
  );
  return { ...blueprint, data: { ...blueprint.data, tables } };
}

let app: ExampleApp;
let purchaser: AppUser;
let staff: AppUser;
let photoPath: string;

async function openPhotos(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Products", exact: true }).click();
  await page.getByRole("tab", { name: "Photos" }).click();
}

/** The HTTP status the storage service answers the signed-in user of `page` for the file, by each way of asking. */
async function fileStatuses(page: Page, path: string): Promise<{ sign: number; download: number }> {
  return page.evaluate(
    async ({ slug, path }) => {
      const session = JSON.parse(localStorage.getItem(`plinth.runtime.${slug}`) ?? "{}");
      const headers = { authorization: `Bearer ${session.access_token}` };
      const object = path.split("/").map(encodeURIComponent).join("/");
      const sign = await fetch(`/storage/v1/object/sign/products/${object}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ expiresIn: 60 }),
      });
      const download = await fetch(`/storage/v1/object/authenticated/products/${object}`, { headers });
      return { sign: sign.status, download: download.status };
    },
    { slug: app.slug, path },
  );
}

describe.skipIf(!hasDirectDatabase())("files and images", () => {
  const browser = browserForFile();
  const suite = suiteApiForFile();
  // Lands on the overview, whose two charts follow the same table live.
  const signIn = (user: AppUser) => signInToApp(browser, app.slug, user);
  beforeAll(async () => {
    app = await provisionExample(suite.api, "inventory", withUploadedPhotos);
    purchaser = await addMember(suite.api, app, "purchaser");
    staff = await addMember(suite.api, app, "warehouse_staff");
  });

  it("lets a purchaser upload a product photo and see it in the gallery", async () => {
    const tab = await signIn(purchaser);
    const { page } = tab;
    await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Products", exact: true }).click();
    await page.getByRole("button", { name: "New product" }).click();
    const form = page.getByRole("dialog");
    await form.getByLabel(/^Name/).fill(PRODUCT);
    await form.getByLabel(/^SKU/i).fill("RW-001");
    // No longer stocked: warehouse staff's row filter hides it.
    await form.getByLabel(/^Active/).uncheck();
    await form.getByLabel(/^Photo/).setInputFiles({ name: "widget.png", mimeType: "image/png", buffer: png() });
    await form.getByRole("img", { name: "widget.png" }).waitFor();
    await shot(page, "form-with-photo");
    await form.getByRole("button", { name: /create|save/i }).click();
    await form.waitFor({ state: "detached" });

    const stored = await suite.pool.query<{ photo_url: string }>(
      `select photo_url from "${app.schema}".products where name = $1`,
      [PRODUCT],
    );
    expect(stored.rows).toHaveLength(1);
    photoPath = stored.rows[0]?.photo_url ?? "";
    expect(photoPath).toMatch(/^photo_url\/[0-9a-f-]{36}\/widget\.png$/);

    await page.getByRole("tab", { name: "Photos" }).click();
    const image = page.getByRole("button", { name: `Open ${PRODUCT}` }).getByRole("img", { name: PRODUCT });
    await image.waitFor();
    await image.evaluate((img: HTMLImageElement) =>
      img.complete ? undefined : new Promise((resolve) => img.addEventListener("load", resolve, { once: true })),
    );
    expect(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([
      SIZE,
      SIZE,
    ]);
    await shot(page, "gallery-as-purchaser");
    expect(await fileStatuses(page, photoPath)).toEqual({ sign: 200, download: 200 });
    expectNoConsoleErrors(tab);
  });

  it("shows warehouse staff no such photo, and refuses them the file with 403", async () => {
    const tab = await signIn(staff);
    const { page } = tab;
    await openPhotos(page);
    await page.getByText("No images yet").waitFor();
    await shot(page, "gallery-as-warehouse-staff");
    expect(await fileStatuses(page, photoPath)).toEqual({ sign: 403, download: 403 });
    expectNoConsoleErrors(tab);
  });
});
