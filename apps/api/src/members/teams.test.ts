/**
 * The members panel's teams: the rows of the app's teams table by name, for its owner
 * only, and nothing to pick where the app has no teams table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExampleApp, provisionExample, supabaseFor } from "../testing/example-apps.js";
import { ApiClient, startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";

let t: TestPlinth;
let app: ExampleApp;
beforeAll(async () => {
  t = await startTestPlinth();
  app = await provisionExample(t, "project-tracker", (bp) => ({
    ...bp,
    security: { ...bp.security, teamTable: "teams" },
  }));
}, 120_000);
afterAll(async () => {
  await t?.close();
}, 60_000);

interface Teams {
  table: string | null;
  table_label: string | null;
  teams: { id: string; label: string }[];
}

describe("GET /api/apps/:id/teams", () => {
  it("lists the teams table's rows by name for the owner", async () => {
    const db = supabaseFor(t, app.schema, app.owner.token);
    const { data, error } = await db
      .from("teams")
      .insert([{ name: "Platform" }, { name: "Design" }])
      .select("id,name");
    expect(error).toBeNull();
    const res = await app.founder.call<Teams>("GET", `/api/apps/${app.id}/teams`);
    expect(res.status).toBe(200);
    expect(res.body.table).toBe("teams");
    expect(res.body.teams).toEqual([
      { id: data?.find((r) => r.name === "Design")?.id, label: "Design" },
      { id: data?.find((r) => r.name === "Platform")?.id, label: "Platform" },
    ]);
  });

  it("is the owner's alone", async () => {
    const stranger = new ApiClient(t.url);
    await stranger.signUp();
    const res = await stranger.call<{ error: { code: string } }>("GET", `/api/apps/${app.id}/teams`);
    expect(res.status).toBe(404);
  });

  it("lists nothing where the app has no teams table", async () => {
    const crm = await provisionExample(t, "crm");
    const res = await crm.founder.call<Teams>("GET", `/api/apps/${crm.id}/teams`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ table: null, table_label: null, teams: [] });
  });
});
