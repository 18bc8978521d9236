import { randomUUID } from "node:crypto";
import { type BlueprintV2, type Scope, validateBlueprint } from "@plinth/blueprint";
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

/** Takes the phone field out of contacts and out of the pages that show it. */
function removePhone(blueprint: BlueprintV2): void {
  const contacts = blueprint.data.tables.find((t) => t.name === "contacts");
  if (!contacts) throw new Error("crm has contacts");
  contacts.columns = contacts.columns.filter((c) => c.name !== "phone");
  for (const b of blueprint.ui.pages.flatMap((p) => p.blocks).concat(blueprint.ui.modals.flatMap((m) => m.blocks)))
    if (b.type === "TABLE" && b.table === "contacts") b.columns = b.columns.filter((c) => c !== "phone");
    else if ((b.type === "FORM" || b.type === "DETAIL") && b.table === "contacts")
      b.fields = b.fields.filter((c) => c !== "phone");
}

describe("a preview with figures", () => {
  it("counts the values a removed field loses and the rows each member stops seeing", async () => {
    const after = structuredClone(before);
    removePhone(after);
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
      "The Phone field of Contacts is removed: 2 of 3 contacts have a value there, which disappears from the app. The values are kept for 30 days and come back if you restore a version with this field.",
    ]);
    expect(preview.access).toEqual([
      "What Sales Managers may read, add, change and delete in Deals changes from every row to rows where Owner is the user: they will stop seeing 4 deals (1 member); 0 become visible.",
      "Sales Managers now see and change Activities only while they can see the linked Deal.",
      "Sales Reps can no longer read and add Companies: they will stop seeing 4 companies (2 members).",
    ]);
  });

  it("counts the rows each member stops or starts being able to change or delete, and names the fields by label", async () => {
    const after = structuredClone(before);
    const permission = (role: string, resource: string) => {
      const found = after.security.permissions.find((p) => p.role === role && p.resource === resource);
      if (!found) throw new Error(`crm grants ${role} ${resource}`);
      return found;
    };
    // Managers now change and delete only deals they own: nobody owns any, so all four go.
    const owned: Scope = { where: { equals: ["owner_id", "$user.id"] } };
    permission("manager", "deals").scopes = { update: owned, delete: owned };
    // Sales reps change only the contacts they added, and may now delete those.
    const contacts = permission("sales_rep", "contacts");
    contacts.scopes = { update: { person: "created_by" }, delete: { person: "created_by" } };
    contacts.actions.delete = true;
    const deals = permission("sales_rep", "deals");
    deals.actions.update = false;
    deals.readOnlyColumns = ["amount", "close_date"];

    const plan = planMigration(before, valid(after), appId);
    const preview = previewMigration(plan, await countConsequences(db.pool, plan, members));
    expect(preview.access).toEqual([
      "What Sales Managers may change and delete in Deals changes from every row to rows where Owner is the user: 4 deals can no longer be changed or deleted by them (1 member); 0 now can be.",
      "Sales Reps can now delete Contacts (rows they added): 3 contacts can now be deleted by them (2 members).",
      "What Sales Reps may change in Contacts changes from every row to rows they added: 3 contacts can no longer be changed by them (2 members); 0 now can be.",
      "Sales Reps can no longer change Deals: 4 deals can no longer be changed by them (2 members).",
      "Sales Reps can no longer set Amount and Expected close in Deals.",
    ]);
  });

  it("counts only the rows a member can also read: a wider write scope reaches no hidden row", async () => {
    const [from, to] = [structuredClone(before), structuredClone(before)];
    for (const bp of [from, to]) {
      const contacts = bp.security.permissions.find((p) => p.role === "sales_rep" && p.resource === "contacts");
      if (!contacts) throw new Error("sales reps see contacts");
      // Each rep sees only the contacts they added; the new version lets them change any row they see.
      contacts.scopes =
        bp === from
          ? { read: { person: "created_by" }, update: { person: "created_by" } }
          : { read: { person: "created_by" } };
    }
    const plan = planMigration(valid(from), valid(to), appId);
    const preview = previewMigration(plan, await countConsequences(db.pool, plan, members));
    expect(preview.access).toEqual([
      "What Sales Reps may change in Contacts changes from rows they added to every row: 0 contacts can no longer be changed by them (2 members); 0 now can be.",
    ]);
  });

  it("says which fields a role can no longer or can again set, and not a field that is removed", async () => {
    const [from, to] = [structuredClone(before), structuredClone(before)];
    removePhone(to);
    for (const bp of [from, to]) {
      const contacts = bp.security.permissions.find((p) => p.role === "sales_rep" && p.resource === "contacts");
      if (!contacts) throw new Error("sales reps see contacts");
      contacts.readOnlyColumns = bp === from ? ["email", "phone"] : ["company_id"];
    }
    const plan = planMigration(valid(from), valid(to), appId);
    expect(previewMigration(plan).access).toEqual([
      "Sales Reps can no longer set Company in Contacts.",
      "Sales Reps can now set Email in Contacts.",
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
      "Sales Managers can no longer read, add, change and delete Companies. No member has the Sales Manager role yet, so nobody's access changes today.",
    ]);
  });

  it("says so when nobody holds the role whose write scope narrows", async () => {
    const after = structuredClone(before);
    const contacts = after.security.permissions.find((p) => p.role === "manager" && p.resource === "contacts");
    if (!contacts) throw new Error("managers see contacts");
    contacts.scopes = { delete: { person: "created_by" } };
    const plan = planMigration(before, valid(after), appId);
    const preview = previewMigration(plan, await countConsequences(db.pool, plan, []));
    expect(preview.access).toEqual([
      "What Sales Managers may delete in Contacts changes from every row to rows they added. No member has the Sales Manager role yet, so nobody's access changes today.",
    ]);
  });
});
