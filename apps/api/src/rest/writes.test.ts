/**
 * Writes under grants narrower than "everything": a role that may add rows it will not
 * see afterwards, and an upsert by a role that may not change a row's id. Both are what
 * the blueprint allows, so both must work.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, type ExampleApp, provisionExample } from "../testing/example-apps.js";
import { testPlinthForFile } from "../testing/per-file.js";

let app: ExampleApp;
let rep: AppUser;
const t = testPlinthForFile();
beforeAll(async () => {
  // Sales reps may log activities but see only the shared ones: what they add is out of their sight.
  app = await provisionExample(t, "crm", (blueprint) => {
    const permission = blueprint.security.permissions.find(
      (p) => p.role === "sales_rep" && p.resource === "activities",
    );
    if (!permission) throw new Error("the CRM example changed: sales_rep has no activities permission");
    permission.actions = { list: true, read: true, create: true, update: false, delete: false };
    permission.scopes = { read: { where: { equals: ["subject", "Shared"] } } };
    blueprint.security.rowFilters = blueprint.security.rowFilters.filter(
      (f) => !(f.role === "sales_rep" && f.resource === "activities"),
    );
    return blueprint;
  });
  rep = await addMember(t, app, "sales_rep");
}, 120_000);

const write = (user: AppUser, path: string, body: unknown, prefer: string) =>
  fetch(`${t.url}/rest/v1/${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${user.token}`,
      "content-profile": app.schema,
      "content-type": "application/json",
      prefer,
    },
    body: JSON.stringify(body),
  });

describe("writes the grants allow", () => {
  it("lets a role add a row it may not read with return=minimal, and refuses to show it", async () => {
    const company = await write(rep, "companies", { name: "Hooli" }, "return=representation");
    const companyId = ((await company.json()) as { id: string }[])[0]?.id;
    const deal = await write(rep, "deals", { title: "Rep's deal", company_id: companyId }, "return=representation");
    expect(deal.status).toBe(201);
    const dealId = ((await deal.json()) as { id: string }[])[0]?.id;
    const logged = await write(rep, "activities", { subject: "Called", deal_id: dealId }, "return=minimal");
    expect(logged.status).toBe(201);
    expect(await logged.text()).toBe("");
    const { rows } = await t.plinth.database.pool.query(`select subject from "${app.schema}".activities`);
    expect(rows).toEqual([{ subject: "Called" }]);
    const shown = await write(rep, "activities", { subject: "Again", deal_id: dealId }, "return=representation");
    expect(shown.status).toBe(403);
  });

  it("upserts with merge-duplicates when the body carries the row's id", async () => {
    const created = await write(app.owner, "companies", { name: "Initech" }, "return=representation");
    const id = ((await created.json()) as { id: string }[])[0]?.id;
    const merged = await write(
      app.owner,
      "companies",
      { id, name: "Initech Ltd" },
      "resolution=merge-duplicates, return=representation",
    );
    expect(merged.status).toBe(200);
    expect(await merged.json()).toEqual([expect.objectContaining({ id, name: "Initech Ltd" })]);
  });
});
