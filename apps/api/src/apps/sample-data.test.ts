/**
 * Sample data over HTTP: the founder fills the CRM example, every table gets rows through
 * the data API as the owner, each sales rep gets deals of their own and sees only those,
 * and "remove sample data" takes those rows away and nothing a user added.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, type ExampleApp, provisionExample, supabaseFor } from "../testing/example-apps.js";
import { startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";

let t: TestPlinth;
let app: ExampleApp;
let ada: AppUser;
let bo: AppUser;
beforeAll(async () => {
  t = await startTestPlinth();
  app = await provisionExample(t, "crm");
  ada = await addMember(t, app, "sales_rep");
  bo = await addMember(t, app, "sales_rep");
}, 120_000);
afterAll(async () => {
  await t?.close();
}, 60_000);

const count = async (table: string) => {
  const { rows } = await t.plinth.database.pool.query<{ n: string }>(
    `select count(*) as n from "${app.schema}"."${table}"`,
  );
  return Number(rows[0]?.n);
};

describe("sample data", () => {
  it("fills every table through the data API and says how much it added", async () => {
    const filled = await app.founder.call<{ rows: number; tables: number }>("POST", `/api/apps/${app.id}/sample-data`);
    expect(filled.status, JSON.stringify(filled.body)).toBe(201);
    expect(filled.body.tables).toBe(4);
    for (const table of ["companies", "contacts", "deals", "activities"]) expect(await count(table)).toBeGreaterThan(0);
    const again = await app.founder.call("POST", `/api/apps/${app.id}/sample-data`);
    expect(again.status).toBe(409);
  });

  it("gives each sales rep deals of their own, and shows a rep only theirs", async () => {
    for (const rep of [ada, bo]) {
      const { data, error } = await supabaseFor(t, app.schema, rep.token).from("deals").select("id, owner_id");
      expect(error).toBeNull();
      expect(data?.length).toBeGreaterThan(0);
      for (const deal of data ?? []) expect(deal.owner_id).toBe(rep.id);
    }
    expect(await count("deals")).toBeGreaterThan(4);
  });

  it("removes the sample rows and keeps what a user added", async () => {
    const mine = await supabaseFor(t, app.schema, ada.token).from("companies").insert({ name: "Ada's own company" });
    expect(mine.error).toBeNull();
    const removed = await app.founder.call<{ rows: number }>("DELETE", `/api/apps/${app.id}/sample-data`);
    expect(removed.status).toBe(200);
    expect(removed.body.rows).toBe(0);
    expect(await count("deals")).toBe(0);
    expect(await count("companies")).toBe(1);
    const state = await app.founder.call<{ rows: number }>("GET", `/api/apps/${app.id}/sample-data`);
    expect(state.body).toEqual({ rows: 0, tables: 0 });
  });
});
