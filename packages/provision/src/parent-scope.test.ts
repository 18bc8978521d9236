/**
 * Rows of a child table are visible and writable only while their parent is: a row
 * filter on deals also protects the activities attached to them, two levels down too,
 * and a migration that adds or drops the parent's filter adds or drops the scoping.
 */

import { randomUUID } from "node:crypto";
import type { BlueprintV2 } from "@plinth/blueprint";
import { validBlueprint } from "@plinth/blueprint/testing";
import { testDatabaseForFile } from "@plinth/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { deleteApp } from "./lifecycle.js";
import { applyMigration } from "./migrate/apply.js";
import { planMigration } from "./migrate/plan.js";
import { example } from "./testing/examples.js";
import { newUser, type User } from "./testing/rows.js";
import { appSessions } from "./testing/sessions.js";

const db = testDatabaseForFile();
const { cleanup, provision, insert, as } = appSessions(() => db.pool);
afterAll(async () => {
  for (const app of cleanup) await deleteApp(db.pool, app);
});

describe("the CRM: activities follow their deal", () => {
  it("a rep sees no activity of a deal they cannot see, and cannot attach one to it", async () => {
    const { appId, schema } = await provision(example("crm"));
    const [alice, bob] = [newUser(), newUser()];
    const company = await insert(schema, "companies", { name: "Acme" }, alice);
    const aliceDeal = await insert(
      schema,
      "deals",
      { title: "Alice's", owner_id: alice.id, company_id: company },
      alice,
    );
    const bobDeal = await insert(schema, "deals", { title: "Bob's", owner_id: bob.id, company_id: company }, bob);
    // Bob logged these himself (the deal was his before it was handed to Alice).
    await insert(schema, "activities", { subject: "call", notes: "secret", deal_id: aliceDeal }, bob);
    const ownActivity = await insert(schema, "activities", { subject: "call", deal_id: bobDeal }, bob);

    const seen = await as(appId, "sales_rep", bob, `select id from "${schema}"."activities"`);
    expect(seen).toEqual({ rows: [{ id: ownActivity }], count: 1, code: null });

    const attach = `insert into "${schema}"."activities" (subject, deal_id) values ('sneak', $1)`;
    expect((await as(appId, "sales_rep", bob, attach, [aliceDeal])).code).toBe("42501");
    // A deal that does not exist gets the same answer, so the refusal tells nothing about the hidden one.
    expect((await as(appId, "sales_rep", bob, attach, [randomUUID()])).code).toBe("42501");
    expect((await as(appId, "sales_rep", bob, attach, [bobDeal])).code).toBeNull();

    // Moving his own activity onto the hidden deal is refused as well.
    const move = `update "${schema}"."activities" set deal_id = $1 where id = $2`;
    expect((await as(appId, "sales_rep", bob, move, [aliceDeal, ownActivity])).code).toBe("42501");

    // The activity's own filter still holds on top: Alice does not see Bob's activity on her deal.
    expect((await as(appId, "sales_rep", alice, `select id from "${schema}"."activities"`)).rows).toEqual([]);
    // The manager sees every deal, so nothing is scoped for them: both seeded activities and Bob's allowed one.
    expect((await as(appId, "manager", alice, `select id from "${schema}"."activities"`)).rows).toHaveLength(3);
  });
});

/** projects (filtered to their owner for members) ← tasks ← comments; the comments' link is optional. */
function chain(filtered: boolean): BlueprintV2 {
  const all = { list: true, read: true, create: true, update: true, delete: true };
  return validBlueprint({
    version: 2,
    app: { name: "Chain", slug: "chain" },
    data: {
      tables: [
        {
          name: "projects",
          label: "Projects",
          columns: [
            { name: "title", label: "Title", type: "text", required: true },
            { name: "owner_id", label: "Owner", type: "uuid", default: "$user.id" },
          ],
        },
        {
          name: "tasks",
          label: "Tasks",
          columns: [
            { name: "title", label: "Title", type: "text", required: true },
            { name: "project_id", label: "Project", type: "uuid", required: true },
          ],
        },
        {
          name: "comments",
          label: "Comments",
          columns: [
            { name: "body", label: "Body", type: "text", required: true },
            { name: "task_id", label: "Task", type: "uuid" },
          ],
        },
      ],
      relationships: [
        { type: "many_to_one", fromTable: "tasks", fromColumn: "project_id", toTable: "projects", toColumn: "id" },
        {
          type: "many_to_one",
          fromTable: "comments",
          fromColumn: "task_id",
          toTable: "tasks",
          toColumn: "id",
          onDelete: "set_null",
        },
      ],
    },
    security: {
      roles: [{ name: "member", label: "Member" }],
      permissions: ["projects", "tasks", "comments"].map((resource) => ({ role: "member", resource, actions: all })),
      rowFilters: filtered
        ? [{ role: "member", resource: "projects", filter: { equals: ["owner_id", "$user.id"] } }]
        : [],
    },
    ui: {
      pages: [
        {
          id: "projects",
          route: "/",
          title: "Projects",
          blocks: ["projects", "tasks", "comments"].map((table) => ({
            id: `${table}_table`,
            type: "TABLE",
            table,
            columns: [table === "comments" ? "body" : "title"],
          })),
        },
      ],
    },
  });
}

async function seedChain(schema: string, alice: User) {
  const project = await insert(schema, "projects", { title: "Alice's", owner_id: alice.id }, alice);
  const task = await insert(schema, "tasks", { title: "t", project_id: project }, alice);
  const comment = await insert(schema, "comments", { body: "hidden", task_id: task }, alice);
  const loose = await insert(schema, "comments", { body: "on no task", task_id: null }, alice);
  return { project, task, comment, loose };
}

describe("a chain two levels deep", () => {
  it("a grandchild is scoped through its parent, which is scoped through its own; an empty link hides nothing", async () => {
    const { appId, schema } = await provision(chain(true));
    const [alice, bob] = [newUser(), newUser()];
    const { task, comment, loose } = await seedChain(schema, alice);

    const comments = `select id from "${schema}"."comments" order by body`;
    expect((await as(appId, "member", bob, `select id from "${schema}"."tasks"`)).rows).toEqual([]);
    expect((await as(appId, "member", bob, comments)).rows).toEqual([{ id: loose }]);
    expect((await as(appId, "member", alice, comments)).rows).toEqual([{ id: comment }, { id: loose }]);

    const attach = `insert into "${schema}"."comments" (body, task_id) values ('sneak', $1)`;
    expect((await as(appId, "member", bob, attach, [task])).code).toBe("42501");
    expect((await as(appId, "member", alice, attach, [task])).code).toBeNull();
    expect(
      (await as(appId, "member", bob, `delete from "${schema}"."comments" where id = $1`, [comment])).rows,
    ).toEqual([]);
  });

  it("a migration adds the scoping when the parent gets a filter and drops it when the filter goes", async () => {
    const { appId, schema } = await provision(chain(false));
    const [alice, bob] = [newUser(), newUser()];
    const { comment, loose } = await seedChain(schema, alice);
    const comments = async () =>
      (await as(appId, "member", bob, `select id from "${schema}"."comments" order by body`)).rows;
    expect(await comments()).toEqual([{ id: comment }, { id: loose }]);

    const narrowing = planMigration(chain(false), chain(true), appId);
    expect(narrowing.steps.map((s) => s.sql).filter((sql) => /create policy "member_parents"/.test(sql))).toHaveLength(
      2,
    );
    expect(narrowing.consequences).toContainEqual({
      kind: "access",
      message: "Members now see and change Comments only while they can see the linked Task.",
    });
    await applyMigration(db.pool, narrowing, { appRunning: true });
    expect(await comments()).toEqual([{ id: loose }]);

    const widening = planMigration(chain(true), chain(false), appId);
    expect(widening.steps.map((s) => s.sql).filter((sql) => /drop policy "member_parents"/.test(sql))).toHaveLength(2);
    await applyMigration(db.pool, widening, { appRunning: true });
    expect(await comments()).toEqual([{ id: comment }, { id: loose }]);
  });
});
