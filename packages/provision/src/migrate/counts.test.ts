import { randomUUID } from "node:crypto";
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { openTestDatabase, type TestDatabase } from "@plinth/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppManifest, applyPlan } from "../apply.js";
import { deleteApp } from "../lifecycle.js";
import { planProvision } from "../plan.js";
import { example } from "../testing/examples.js";
import { newUser, Seeder } from "../testing/rows.js";
import { countConsequences } from "./counts.js";
import { planMigration } from "./plan.js";
import { previewMigration } from "./preview.js";

let db: TestDatabase;
let app: AppManifest;
let before: BlueprintV2;
const appId = randomUUID();
const [ann, bob, cid] = [newUser(), newUser(), newUser()];

function valid(input: unknown): BlueprintV2 {
  const checked = validateBlueprint(input);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.blueprint;
}

beforeAll(async () => {
  db = await openTestDatabase();
  before = valid(example("crm"));
  app = await applyPlan(db.pool, planProvision(before, appId));
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    const seeder = new Seeder(client, before, app.schema);
    await seeder.insert("contacts", { phone: "+1 555 0100" }, ann);
    await seeder.insert("contacts", { phone: "+1 555 0101" }, ann);
    await seeder.insert("contacts", {}, bob);
    // Three deals owned by Ann, one by Bob: each gets its company (4 companies).
    for (const owner of [ann, ann, ann, bob]) await seeder.insert("deals", { owner_id: owner.id }, owner);
    await client.query("commit");
  } finally {
    client.release();
  }
}, 60_000);

afterAll(async () => {
  await deleteApp(db.pool, app);
  await db.close();
});

const members = [
  { userId: ann.id, role: "sales_rep", teamIds: ann.teams },
  { userId: bob.id, role: "sales_rep", teamIds: bob.teams },
  { userId: cid.id, role: "manager", teamIds: cid.teams },
];

describe("a preview with figures", () => {
  it("counts the values a removed field loses and the rows each member stops seeing", async () => {
    const after = structuredClone(before);
    const contacts = after.data.tables.find((t) => t.name === "contacts");
    if (!contacts) throw new Error("crm has contacts");
    contacts.columns = contacts.columns.filter((c) => c.name !== "phone");
    for (const b of after.ui.pages.flatMap((p) => p.blocks).concat(after.ui.modals.flatMap((m) => m.blocks)))
      if (b.type === "TABLE" && b.table === "contacts") b.columns = b.columns.filter((c) => c !== "phone");
      else if ((b.type === "FORM" || b.type === "DETAIL") && b.table === "contacts")
        b.fields = b.fields.filter((c) => c !== "phone");
    const companies = after.security.permissions.find((p) => p.role === "sales_rep" && p.resource === "companies");
    if (!companies) throw new Error("sales reps see companies");
    companies.actions = { list: false, read: false, create: false, update: false, delete: false };
    // Managers now see only their own deals: nobody owns any, so they stop seeing all four.
    after.security.rowFilters.push({
      role: "manager",
      resource: "deals",
      filter: { equals: ["owner_id", "$user.id"] },
    });

    const plan = planMigration(before, valid(after), appId);
    const preview = previewMigration(plan, await countConsequences(db.pool, plan, members));
    expect(preview.dataLoss).toEqual([
      "Field phone of contacts is removed: 2 of the 3 contacts rows have a value there, which disappears from the app. The values are kept 30 days and come back if you restore a version with this field.",
    ]);
    expect(preview.access).toEqual([
      "What manager may read, add, change, delete in deals changes from every row to rows where owner_id is the signed-in user: 4 deals rows become hidden from its 1 member and 0 become visible.",
      "manager now sees and changes activities rows only while they can see their deals (activities.deal_id).",
      "sales_rep can no longer read, add companies: 4 companies rows become hidden from its 2 members.",
    ]);
  });

  it("says when nobody holds the role whose access changes", async () => {
    const after = structuredClone(before);
    after.security.permissions = after.security.permissions.filter(
      (p) => !(p.role === "manager" && p.resource === "companies"),
    );
    const plan = planMigration(before, valid(after), appId);
    const preview = previewMigration(plan, await countConsequences(db.pool, plan, []));
    expect(preview.access).toEqual([
      "manager can no longer read, add, change, delete companies. No member has the manager role yet, so nobody's access changes today.",
    ]);
  });
});
