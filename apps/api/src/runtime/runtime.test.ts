/**
 * GET /api/runtime/:slug over HTTP: before sign-in it says only what the sign-in
 * screen shows; the blueprint (every table, role and rule) goes to a signed-in member.
 */
import { describe, expect, it } from "vitest";
import { addMember, provisionExample } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";

const t = testPlinthForFile({ PLINTH_RUNTIME_RATE_LIMIT: "40" });
const app = exampleAppForFile(t, "crm");

const get = (path: string, token?: string) =>
  fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Record<string, unknown>,
  }));

describe("an app's runtime description", () => {
  it("tells an anonymous visitor only the app's name, theme and status", async () => {
    const anonymous = await get(`/api/runtime/${app.slug}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({
      status: "running",
      version: 1,
      app: { id: app.id, name: app.blueprint.app.name, slug: app.slug, theme: app.blueprint.app.theme },
    });
    const blueprint = await get(`/api/runtime/${app.slug}/blueprint`);
    expect(blueprint.status).toBe(401);
    expect(JSON.stringify(blueprint.body)).not.toMatch(/deals|rowFilters|permissions/);
  });

  it("gives the blueprint to a member signed in to the app, and to its owner", async () => {
    const rep = await addMember(t, app, "sales_rep");
    const asMember = await get(`/api/runtime/${app.slug}/blueprint`, rep.token);
    expect(asMember.status).toBe(200);
    expect(asMember.body).toMatchObject({ status: "running", version: 1, blueprint: app.blueprint });
    expect(asMember.body.data_api).toMatchObject({ path: "/rest/v1", schema: app.schema });
    const asOwner = await get(`/api/runtime/${app.slug}/blueprint`, app.founder.token);
    expect(asOwner.status).toBe(200);
  });

  it("refuses a signed-in account that is not a member, and another app's token", async () => {
    const stranger = new ApiClient(t.url);
    await stranger.signUp();
    const refused = await get(`/api/runtime/${app.slug}/blueprint`, stranger.token);
    expect(refused.status).toBe(403);
    expect((refused.body.error as { message: string }).message).toMatch(/not a member/);

    const other = await provisionExample(t, "crm");
    const wrongApp = await get(`/api/runtime/${app.slug}/blueprint`, other.owner.token);
    expect(wrongApp.status).toBe(401);
  });

  it("is rate limited per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await get(`/api/runtime/${app.slug}`)).status);
    expect(statuses.at(-1)).toBe(429);
  });
});
