/**
 * /storage/v1 through the real supabase-js `storage` client, on the CRM example with
 * an image and a file column on deals: sales reps see only their own deals, so a file
 * on one rep's deal is theirs and the manager's, and refused (403) to the other rep.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, supabaseFor } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

const MAX_BYTES = 2 * 1024 * 1024;
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cf00000301010018dd8db00000000049454e44ae426082",
  "hex",
);

let repA: AppUser;
let repB: AppUser;
let companyId: string;
const logLines: string[] = [];

/** Deals get a photo and a contract; sales reps may no longer add companies, so they cannot set a company's logo. */
function withFiles(blueprint: BlueprintV2): BlueprintV2 {
  const tables = blueprint.data.tables.map((table) =>
    table.name === "deals"
      ? {
          ...table,
          columns: [
            ...table.columns,
            { name: "photo", type: "image" as const, required: false, unique: false, indexed: false },
            { name: "contract", type: "file" as const, required: false, unique: false, indexed: false },
          ],
        }
      : table.name === "companies"
        ? {
            ...table,
            columns: [
              ...table.columns,
              { name: "logo", type: "image" as const, required: false, unique: false, indexed: false },
            ],
          }
        : table,
  );
  const permissions = blueprint.security.permissions.map((p) =>
    p.role === "sales_rep" && p.resource === "companies" ? { ...p, actions: { ...p.actions, create: false } } : p,
  );
  return { ...blueprint, data: { ...blueprint.data, tables }, security: { ...blueprint.security, permissions } };
}

const storageOf = (user: AppUser, bucket = "deals") => supabaseFor(t, crm.schema, user.token).storage.from(bucket);
const newPath = (column: string, name: string) => `${column}/${crypto.randomUUID()}/${name}`;

/** A deal owned by `owner` holding the given files, created as that rep. */
async function dealOf(owner: AppUser, files: Record<string, string>): Promise<string> {
  const stage = crm.blueprint.data.tables
    .find((table) => table.name === "deals")
    ?.columns.find((c) => c.name === "stage")?.enum?.[0];
  const { data, error } = await supabaseFor(t, crm.schema, owner.token)
    .from("deals")
    .insert({ title: "Deal", stage, owner_id: owner.id, company_id: companyId, ...files })
    .select("id")
    .single();
  if (error) throw new Error(`creating a deal failed: ${error.message}`);
  return data.id as string;
}

async function uploaded(user: AppUser, path: string, body: Buffer = PNG, contentType = "image/png"): Promise<string> {
  const { data, error } = await storageOf(user).upload(path, body, { contentType });
  if (error) throw new Error(`upload failed: ${error.message}`);
  return data.path;
}

/** The HTTP status and message of a refused storage call. */
function refusal(result: { error: unknown }): { status: number; message: string } {
  const error = result.error as { status?: number; message?: string } | null;
  if (!error) throw new Error("the call succeeded but was expected to be refused");
  return { status: error.status ?? 0, message: error.message ?? "" };
}

const t = testPlinthForFile(
  { PLINTH_STORAGE_MAX_FILE_BYTES: String(MAX_BYTES), LOG_LEVEL: "info" },
  { logStream: { write: (line: string) => void logLines.push(line) } },
);
const crm = exampleAppForFile(t, "crm", withFiles);
beforeAll(async () => {
  [repA, repB] = [await addMember(t, crm, "sales_rep"), await addMember(t, crm, "sales_rep")];
  const { data, error } = await supabaseFor(t, crm.schema, crm.owner.token)
    .from("companies")
    .insert({ name: "Acme" })
    .select("id")
    .single();
  if (error) throw new Error(error.message);
  companyId = data.id as string;
}, 120_000);

describe("files follow their rows", () => {
  it("lets the rep who owns the deal, and the manager, download its photo; the other rep gets 403", async () => {
    const path = await uploaded(repA, newPath("photo", "front.png"));
    await dealOf(repA, { photo: path });

    for (const user of [repA, crm.owner]) {
      const { data, error } = await storageOf(user).download(path);
      expect(error).toBeNull();
      expect(Buffer.from(await (data as Blob).arrayBuffer())).toEqual(PNG);
      expect((data as Blob).type).toBe("image/png");
    }
    const other = refusal(await storageOf(repB).download(path));
    expect(other.status).toBe(403);
    expect(other.message).toMatch(/cannot see a row of "deals" whose "photo" is this file/);
  });

  it("signs a URL for a permitted user that anyone holding it can open, and refuses to sign for the other rep", async () => {
    const path = await uploaded(repA, newPath("photo", "signed.png"));
    await dealOf(repA, { photo: path });

    const { data, error } = await storageOf(repA).createSignedUrl(path, 60);
    expect(error).toBeNull();
    const response = await fetch(data?.signedUrl ?? "");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);

    expect(refusal(await storageOf(repB).createSignedUrl(path, 60)).status).toBe(403);
  });

  it("refuses a file no row holds yet, even to its uploader, and answers the same whether it exists or not", async () => {
    const stored = await uploaded(repA, newPath("photo", "unsaved.png"));
    const missing = newPath("photo", "never-uploaded.png");
    const [a, b] = [refusal(await storageOf(repA).download(stored)), refusal(await storageOf(repA).download(missing))];
    expect(a).toEqual(b);
    expect(a.status).toBe(403);
  });

  it("stops serving a signed URL once it has expired", async () => {
    const path = await uploaded(repA, newPath("photo", "short.png"));
    await dealOf(repA, { photo: path });
    const { data } = await storageOf(repA).createSignedUrl(path, 1);
    // The token's expiry is in whole seconds: two seconds on, it is past whatever second it was signed in.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const response = await fetch(data?.signedUrl ?? "");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe("This signed URL has expired.");
  });

  it("keeps signed URLs' tokens out of the log", async () => {
    const path = await uploaded(repA, newPath("photo", "logged.png"));
    await dealOf(repA, { photo: path });
    const { data } = await storageOf(repA).createSignedUrl(path, 60);
    const token = new URL(data?.signedUrl ?? "").searchParams.get("token") ?? "";
    expect((await fetch(data?.signedUrl ?? "")).status).toBe(200);
    expect(token.length).toBeGreaterThan(20);
    expect(logLines.filter((line) => line.includes(token))).toEqual([]);
  });

  it("does not let a signed URL open another file", async () => {
    const [mine, theirs] = [
      await uploaded(repA, newPath("photo", "mine.png")),
      await uploaded(repB, newPath("photo", "theirs.png")),
    ];
    await dealOf(repA, { photo: mine });
    await dealOf(repB, { photo: theirs });
    const { data } = await storageOf(repA).createSignedUrl(mine, 60);
    const forged = (data?.signedUrl ?? "").replace(encodeURI(mine), encodeURI(theirs));
    expect(forged).not.toBe(data?.signedUrl);
    expect((await fetch(forged)).status).toBe(400);
  });

  it("refuses to replace another rep's file, and refuses a second upload to the same path without upsert", async () => {
    const path = await uploaded(repA, newPath("photo", "kept.png"));
    await dealOf(repA, { photo: path });

    const duplicate = refusal(await storageOf(repA).upload(path, PNG, { contentType: "image/png" }));
    expect(duplicate.status).toBe(409);
    const takeover = refusal(
      await storageOf(repB).upload(path, Buffer.from("GIF89a"), { contentType: "image/gif", upsert: true }),
    );
    expect(takeover.status).toBe(403);

    const { data } = await storageOf(repA).download(path);
    expect(Buffer.from(await (data as Blob).arrayBuffer())).toEqual(PNG);
  });

  it("lets a user who can see the row replace its file with update, and no one else", async () => {
    const path = await uploaded(repA, newPath("photo", "replaced.png"));
    await dealOf(repA, { photo: path });
    const gif = Buffer.from("GIF89a");
    expect(refusal(await storageOf(repB).update(path, gif, { contentType: "image/gif" })).status).toBe(403);
    const { error } = await storageOf(repA).update(path, gif, { contentType: "image/gif" });
    expect(error).toBeNull();
    const { data } = await storageOf(crm.owner).download(path);
    expect((data as Blob).type).toBe("image/gif");
    expect(Buffer.from(await (data as Blob).arrayBuffer())).toEqual(gif);
  });

  it("serves a signed URL as an attachment with the file's name when asked to download", async () => {
    const path = await uploaded(repA, newPath("contract", "terms.pdf"), Buffer.from("%PDF-1.4"), "application/pdf");
    await dealOf(repA, { contract: path });
    const { data } = await storageOf(repA).createSignedUrl(path, 60, { download: true });
    const response = await fetch(data?.signedUrl ?? "");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''terms.pdf");
  });

  it("refuses uploads for a column the role may not set", async () => {
    const denied = refusal(
      await storageOf(repA, "companies").upload(newPath("logo", "logo.png"), PNG, { contentType: "image/png" }),
    );
    expect(denied.status).toBe(403);
    expect(denied.message).toMatch(/Your role cannot set "logo" of "companies"/);
    const { error } = await storageOf(crm.owner, "companies").upload(newPath("logo", "logo.png"), PNG, {
      contentType: "image/png",
    });
    expect(error).toBeNull();
  });

  it("takes a file sent as multipart form data, as supabase-js sends a Blob", async () => {
    const blob = new Blob([PNG], { type: "image/png" });
    const { data, error } = await storageOf(repA).upload(newPath("photo", "from-blob.png"), blob);
    expect(error).toBeNull();
    await dealOf(repA, { photo: data?.path ?? "" });
    const downloaded = await storageOf(repA).download(data?.path ?? "");
    expect(Buffer.from(await (downloaded.data as Blob).arrayBuffer())).toEqual(PNG);
  });
});

describe("upload limits", () => {
  it("takes a file larger than the server's 1 MB limit for JSON bodies, up to its own limit", async () => {
    const big = Buffer.alloc(1536 * 1024, 7);
    const path = await uploaded(repA, newPath("contract", "scan.pdf"), big, "application/pdf");
    await dealOf(repA, { contract: path });
    const { data } = await storageOf(repA).download(path);
    // Compared as bytes: a deep equality over 1.5 million elements would take seconds.
    expect(Buffer.from(await (data as Blob).arrayBuffer()).equals(big)).toBe(true);
  });

  it("refuses a file over the size limit, saying its size and the limit", async () => {
    const big = Buffer.alloc(MAX_BYTES + 10 * 1024);
    const result = refusal(
      await storageOf(repA).upload(newPath("contract", "big.pdf"), big, { contentType: "application/pdf" }),
    );
    expect(result.status).toBe(413);
    expect(result.message).toBe("The file is 2.01 MB, over the 2 MB this server accepts.");
  });

  it("refuses a body far over the limit before reading it all", async () => {
    const huge = Buffer.alloc(MAX_BYTES * 4);
    const result = refusal(
      await storageOf(repA).upload(newPath("contract", "huge.pdf"), huge, { contentType: "application/pdf" }),
    );
    expect(result.status).toBe(413);
    expect(result.message).toBe("The file is larger than the 2 MB this server accepts.");
  });

  it("takes only images in an image column and names what it takes", async () => {
    const result = refusal(
      await storageOf(repA).upload(newPath("photo", "quote.pdf"), Buffer.from("%PDF-1.4"), {
        contentType: "application/pdf",
      }),
    );
    expect(result.status).toBe(415);
    expect(result.message).toBe('"application/pdf" files cannot be uploaded to an image column.');
    const pdf = await storageOf(repA).upload(newPath("contract", "quote.pdf"), Buffer.from("%PDF-1.4"), {
      contentType: "application/pdf",
    });
    expect(pdf.error).toBeNull();
  });

  it("refuses HTML in a file column", async () => {
    const result = refusal(
      await storageOf(repA).upload(newPath("contract", "page.html"), Buffer.from("<script>alert(1)</script>"), {
        contentType: "text/html",
      }),
    );
    expect(result.status).toBe(415);
  });

  it("says which bucket, column and random folder a path must name", async () => {
    const noTable = refusal(await storageOf(repA, "invoices").upload("photo/a.png", PNG, { contentType: "image/png" }));
    expect(noTable.status).toBe(400);
    expect(noTable.message).toBe('This app has no table "invoices", so there is no such bucket.');
    const noColumn = refusal(await storageOf(repA).upload("title/a.png", PNG, { contentType: "image/png" }));
    expect(noColumn.message).toBe('"title" is not a file or image column of table "deals".');
    const guessable = refusal(await storageOf(repA).upload("photo/front.png", PNG, { contentType: "image/png" }));
    expect(guessable.status).toBe(400);
    expect(guessable.message).toBe('"photo/front.png" does not put the file in a random folder.');
    const hiddenFile = newPath("photo", ".env");
    const hidden = refusal(await storageOf(repA).upload(hiddenFile, PNG, { contentType: "image/png" }));
    expect(hidden.status).toBe(400);
    expect(hidden.message).toBe(`"${hiddenFile}" is not a usable file path.`);
  });
});

describe("a stopped app", () => {
  it("serves none of its files, not even through a signed URL made before it stopped", async () => {
    const path = await uploaded(repA, newPath("photo", "before-stop.png"));
    await dealOf(repA, { photo: path });
    const { data } = await storageOf(repA).createSignedUrl(path, 600);
    const stopped = await crm.founder.call("POST", `/api/apps/${crm.id}/stop`);
    expect(stopped.status).toBe(200);
    // The app directory keeps what it read for two seconds.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const response = await fetch(data?.signedUrl ?? "");
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toBe(
      "This app is stopped, so its files cannot be read or changed.",
    );
    expect(refusal(await storageOf(repA).download(path)).status).toBe(503);
  });
});

describe("a deleted app", () => {
  it("leaves none of its files behind", async () => {
    // Put in the store directly: the app is stopped by now, and uploading is tested above.
    const key = `${crm.id}/deals/${newPath("photo", "before-delete.png")}`;
    await t.plinth.storage.put(key, PNG, "image/png");
    const deleted = await crm.founder.call("DELETE", `/api/apps/${crm.id}`);
    expect(deleted.status).toBe(204);
    expect(await t.plinth.storage.has(key)).toBe(false);
  });
});
