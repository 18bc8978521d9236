/**
 * Imports over HTTP: rows sent in chunks are written in one transaction as the member's
 * role, so one refused row undoes everything in "all" mode, "valid" keeps the others, and
 * grants and row-level security decide exactly as they do on the data API.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, type ExampleApp, provisionExample } from "../testing/example-apps.js";
import { testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";

let app: ExampleApp;
const t = testPlinthForFile();
beforeAll(async () => {
  // Sales reps may read companies but not add them: the database must refuse their import.
  app = await provisionExample(t, "crm", (b) => ({
    ...b,
    security: {
      ...b.security,
      permissions: b.security.permissions.map((p) =>
        p.role === "sales_rep" && p.resource === "companies" ? { ...p, actions: { ...p.actions, create: false } } : p,
      ),
    },
  }));
}, 120_000);

const as = (user: AppUser) => new ApiClient(t.url, user.token);

/** `count` companies named `<prefix> n`; the row at `bad` has an industry the table does not allow. */
const companies = (prefix: string, count: number, bad: number[] = []) =>
  Array.from({ length: count }, (_, i) => ({
    name: `${prefix} ${i}`,
    ...(bad.includes(i) ? { industry: "spaceships" } : { industry: "software", employees: i }),
  }));

async function runImport(user: AppUser, table: string, mode: "all" | "valid", rows: Record<string, unknown>[]) {
  const client = as(user);
  const opened = await client.call<{ id: string; chunk_rows: number }>("POST", `/api/runtime/${app.slug}/imports`, {
    table,
    mode,
  });
  expect(opened.status).toBe(201);
  for (let i = 0; i < rows.length; i += opened.body.chunk_rows) {
    const sent = await client.call("POST", `/api/runtime/${app.slug}/imports/${opened.body.id}/rows`, {
      rows: rows.slice(i, i + opened.body.chunk_rows),
    });
    expect(sent.status).toBe(200);
  }
  return client.call<Record<string, unknown>>("POST", `/api/runtime/${app.slug}/imports/${opened.body.id}/commit`);
}

async function countNamed(prefix: string): Promise<number> {
  const { rows } = await t.plinth.database.pool.query<{ n: string }>(
    `select count(*) as n from "${app.schema}".companies where name like $1`,
    [`${prefix} %`],
  );
  return Number(rows[0]?.n);
}

describe("importing rows into a table", () => {
  it("writes every row of a multi-chunk import, or none when one row is refused", async () => {
    const ok = await runImport(app.owner, "companies", "all", companies("Good", 2_500));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ inserted: 2_500, refused: [] });
    expect(await countNamed("Good")).toBe(2_500);

    const refused = await runImport(app.owner, "companies", "all", companies("Atomic", 2_500, [2_100]));
    expect(refused.status).toBe(422);
    const error = refused.body.error as { message: string; details: { refused: { index: number }[] } };
    expect(error.message).toMatch(/Row 2101 was refused .*nothing was imported/);
    expect(error.details.refused.map((r) => r.index)).toEqual([2_100]);
    expect(await countNamed("Atomic")).toBe(0);
  });

  it("imports only the rows the database accepts in valid-rows mode, naming the others", async () => {
    const result = await runImport(app.owner, "companies", "valid", companies("Partial", 1_500, [3, 1_200]));
    expect(result.status).toBe(200);
    const body = result.body as { inserted: number; refused: { index: number; refusal: { code: string } }[] };
    expect(body.inserted).toBe(1_498);
    expect(body.refused.map((r) => [r.index, r.refusal.code])).toEqual([
      [3, "23514"],
      [1_200, "23514"],
    ]);
    expect(await countNamed("Partial")).toBe(1_498);
  });

  it("runs as the member's role: a role that may not add rows is refused and nothing is written", async () => {
    const rep = await addMember(t, app, "sales_rep");
    const result = await runImport(rep, "companies", "all", companies("Rep", 10));
    expect(result.status).toBe(422);
    expect(JSON.stringify(result.body)).toContain("42501");
    expect(await countNamed("Rep")).toBe(0);
  });

  it("keeps one member's import from another member", async () => {
    const rep = await addMember(t, app, "sales_rep");
    const opened = await as(app.owner).call<{ id: string }>("POST", `/api/runtime/${app.slug}/imports`, {
      table: "contacts",
      mode: "all",
    });
    const foreign = await as(rep).call("POST", `/api/runtime/${app.slug}/imports/${opened.body.id}/commit`);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).toMatch(/start the import again/);
  });

  it("says which table is unknown and refuses a request without the app's token", async () => {
    const unknown = await as(app.owner).call<{ error: { message: string } }>(
      "POST",
      `/api/runtime/${app.slug}/imports`,
      {
        table: "nope",
        mode: "all",
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no table "nope"/);
    const anonymous = await new ApiClient(t.url).call("POST", `/api/runtime/${app.slug}/imports`, {
      table: "companies",
      mode: "all",
    });
    expect(anonymous.status).toBe(401);
  });
});
