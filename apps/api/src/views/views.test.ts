/**
 * Saved views over HTTP: a member's own views stay theirs, shared ones reach every member
 * of the app, and only the owner deletes a view.
 */
import { describe, expect, it } from "vitest";
import { type AppUser, addMember } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";

const t = testPlinthForFile();
const app = exampleAppForFile(t, "crm");

const as = (user: AppUser) => new ApiClient(t.url, user.token);
const KEY = "deals:0";
const names = async (user: AppUser) => {
  const res = await as(user).call<{ views: { name: string }[] }>("GET", `/api/runtime/${app.slug}/views?key=${KEY}`);
  return res.body.views.map((v) => v.name);
};

describe("saved views", () => {
  it("keeps a private view to its owner and shows a shared one to every member", async () => {
    const manager = await addMember(t, app, "manager");
    const rep = await addMember(t, app, "sales_rep");
    const state = { search: "acme", filters: { stage: { value: "won" } }, sort: { field: "amount", order: "desc" } };
    const mine = await as(manager).call("POST", `/api/runtime/${app.slug}/views`, { key: KEY, name: "Mine", state });
    expect(mine.status).toBe(201);
    const shared = await as(manager).call<{ view: { id: string } }>("POST", `/api/runtime/${app.slug}/views`, {
      key: KEY,
      name: "Won deals",
      shared: true,
      state,
    });
    expect(shared.status).toBe(201);

    expect(await names(manager)).toEqual(["Mine", "Won deals"]);
    expect(await names(rep)).toEqual(["Won deals"]);
    const seen = await as(rep).call<{ views: { state: unknown; mine: boolean }[] }>(
      "GET",
      `/api/runtime/${app.slug}/views?key=${KEY}`,
    );
    expect(seen.body.views[0]).toMatchObject({ state, mine: false });

    const refused = await as(rep).call("DELETE", `/api/runtime/${app.slug}/views/${shared.body.view.id}`);
    expect(refused.status).toBe(404);
    const deleted = await as(manager).call("DELETE", `/api/runtime/${app.slug}/views/${shared.body.view.id}`);
    expect(deleted.status).toBe(204);
    expect(await names(rep)).toEqual([]);
  });

  it("says what is missing from a view and refuses anyone without the app's token", async () => {
    const unnamed = await as(app.owner).call("POST", `/api/runtime/${app.slug}/views`, {
      key: KEY,
      name: " ",
      state: {},
    });
    expect(unnamed.status).toBe(400);
    expect(JSON.stringify(unnamed.body)).toMatch(/give the view a name/);
    const stranger = new ApiClient(t.url);
    await stranger.signUp();
    const refused = await stranger.call("GET", `/api/runtime/${app.slug}/views?key=${KEY}`);
    expect(refused.status).toBe(401);
  });
});
