/**
 * Per-action scopes and read-only columns become policies and column grants the
 * database enforces: the isolation matrix over an app that uses every kind of scope
 * (testing/scoped-app.ts), and the cases a founder would try by hand.
 */
import { randomUUID } from "node:crypto";
import { validateBlueprint } from "@plinth/blueprint";
import { openTestDatabase, type TestDatabase } from "@plinth/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteApp } from "./lifecycle.js";
import { applyMigration } from "./migrate/apply.js";
import { planMigration } from "./migrate/plan.js";
import { previewMigration } from "./migrate/preview.js";
import { readCatalog } from "./testing/catalog.js";
import { example } from "./testing/examples.js";
import { isolationMatrix, matrixSize } from "./testing/isolation-matrix.js";
import type { User } from "./testing/rows.js";
import { scopedApp } from "./testing/scoped-app.js";
import { appSessions } from "./testing/sessions.js";

let db: TestDatabase;

function validBlueprint(input: unknown) {
  const validation = validateBlueprint(input);
  if (!validation.ok) throw new Error(`invalid blueprint: ${JSON.stringify(validation.problems)}`);
  return validation.blueprint;
}
const { cleanup, provision, insert, as } = appSessions(() => db.pool);

beforeAll(async () => {
  db = await openTestDatabase();
}, 60_000);
afterAll(async () => {
  for (const app of cleanup) await deleteApp(db.pool, app);
  await db.close();
});

describe("the isolation matrix over every kind of scope", () => {
  it("every role reads, adds, changes and deletes exactly the rows its scopes reach", async () => {
    const blueprint = scopedApp();
    const { appId, schema } = await provision(blueprint);
    const other = await provision(blueprint);
    const { cases, mismatches } = await isolationMatrix(db.pool, blueprint, schema, appId, other.appId);
    expect(mismatches).toEqual([]);
    expect(cases).toBe(matrixSize(blueprint));
  }, 120_000);
});

describe("scopes a founder would try by hand", () => {
  /** Team A's project (owned by alice) with a task assigned to carol and a comment; team B's project. */
  async function seed() {
    const blueprint = scopedApp();
    const { appId, schema } = await provision(blueprint);
    const teamA = randomUUID();
    const teamB = randomUUID();
    const alice: User = { id: randomUUID(), teams: [teamA] };
    const carol: User = { id: randomUUID(), teams: [teamA] };
    const dave: User = { id: randomUUID(), teams: [teamA] };
    const bob: User = { id: randomUUID(), teams: [teamB] };
    await insert(schema, "teams", { id: teamA, name: "A" }, alice);
    await insert(schema, "teams", { id: teamB, name: "B" }, bob);
    const project = await insert(schema, "projects", { name: "A's", team_id: teamA, owner_id: alice.id }, alice);
    const task = await insert(schema, "tasks", { title: "t", project_id: project, assignee_id: carol.id }, alice);
    const comment = await insert(schema, "comments", { body: "c", task_id: task }, carol);
    const bobProject = await insert(schema, "projects", { name: "B's", team_id: teamB, owner_id: bob.id }, bob);
    return { appId, schema, alice, bob, carol, dave, project, task, comment, bobProject };
  }

  it("a comment two levels below a team-scoped project is visible only to that team", async () => {
    const { appId, schema, bob, dave, comment } = await seed();
    const comments = `select id from "${schema}"."comments"`;
    expect((await as(appId, "member", dave, comments)).rows).toEqual([{ id: comment }]);
    expect((await as(appId, "member", bob, comments)).rows).toEqual([]);
  });

  it("only someone who may edit the task (its assignee, or its project's owner) comments on it", async () => {
    const { appId, schema, alice, bob, carol, dave, task } = await seed();
    const add = `insert into "${schema}"."comments" (body, task_id) values ('hi', $1)`;
    expect((await as(appId, "member", carol, add, [task])).code).toBeNull(); // assignee
    expect((await as(appId, "member", alice, add, [task])).code).toBeNull(); // owns the project: two levels up
    expect((await as(appId, "member", dave, add, [task])).code).toBe("42501"); // sees the task, may not edit it
    expect((await as(appId, "member", bob, add, [task])).code).toBe("42501"); // cannot even see it
  });

  it("a task is edited by its assignee or its project's owner, and moved only into a project they may edit", async () => {
    const { appId, schema, alice, carol, dave, task, bobProject } = await seed();
    const rename = `update "${schema}"."tasks" set title = 'renamed' where id = $1`;
    expect((await as(appId, "member", dave, rename, [task])).count).toBe(0);
    expect((await as(appId, "member", carol, rename, [task])).count).toBe(1);
    expect((await as(appId, "member", alice, rename, [task])).count).toBe(1);
    const move = `update "${schema}"."tasks" set project_id = $2 where id = $1`;
    expect((await as(appId, "member", alice, move, [task, bobProject])).code).toBe("42501");
  });

  it("a member may not set a task's priority, on create or update: the database refuses it (42501)", async () => {
    const { appId, schema, carol, project, task } = await seed();
    const update = await as(appId, "member", carol, `update "${schema}"."tasks" set priority = 1 where id = $1`, [
      task,
    ]);
    expect(update.code).toBe("42501");
    const create = `insert into "${schema}"."tasks" (title, project_id, priority) values ('x', $1, 1)`;
    expect((await as(appId, "member", carol, create, [project])).code).toBe("42501");
    // The lead has no such rule.
    expect(
      (await as(appId, "lead", carol, `update "${schema}"."tasks" set priority = 1 where id = $1`, [task])).count,
    ).toBe(1);
  });

  it("a finished task is deleted only by its assignee", async () => {
    const { appId, schema, alice, carol, task } = await seed();
    const remove = `delete from "${schema}"."tasks" where id = $1`;
    expect((await as(appId, "member", carol, remove, [task])).count).toBe(0); // not done yet
    await as(appId, "member", carol, `update "${schema}"."tasks" set done = true where id = $1`, [task]);
    expect((await as(appId, "member", alice, remove, [task])).count).toBe(0); // not hers
    expect((await as(appId, "member", carol, remove, [task])).count).toBe(1);
  });
});

describe("migrating scopes and read-only columns", () => {
  const unscoped = scopedApp({ taskScopes: undefined, taskReadOnly: undefined });
  const scoped = scopedApp();
  const narrower = scopedApp({
    taskScopes: { read: { parent: "project_id" }, update: { person: "assignee_id" } },
    taskReadOnly: ["priority", "done"],
  });
  const wider = scopedApp({ taskScopes: { update: { person: "assignee_id" } }, taskReadOnly: ["priority"] });

  /** The policies and grants a plan drops and creates, as "drop tasks member_select", "grant tasks member". */
  const rebuilt = (plan: ReturnType<typeof planMigration>) =>
    plan.steps.flatMap((step) => {
      const policy = /^(create|drop) policy "(\w+)" on "\w+"\."(\w+)"/.exec(step.sql);
      if (policy) return [`${policy[1]} ${policy[3]} ${policy[2]}`];
      const grant = /^(grant|revoke) .* on "\w+"\."(\w+)" (?:to|from) "app_\w{12}_(\w+)"$/s.exec(step.sql);
      return grant ? [`${grant[1]} ${grant[2]} ${grant[3]}`] : [];
    });

  /** What a plan rebuilds: the member's policies on tasks for these actions, tasks' grants, perhaps the comments' insert policy. */
  const rebuilds = (actions: string[], { comments }: { comments: boolean }) => [
    ...actions.flatMap((a) => [`drop tasks member_${a}`, `create tasks member_${a}`]),
    ...(comments ? ["drop comments member_insert", "create comments member_insert"] : []),
    "revoke tasks member",
    "grant tasks member",
  ];

  it("rebuilds exactly the policies and grants a change touches, says so in words, and ends where a fresh provision would", async () => {
    const { appId, schema } = await provision(unscoped);
    const other = await provision(scoped);
    const steps: [typeof unscoped, typeof unscoped, string[], string[]][] = [
      [
        unscoped,
        scoped,
        // Adding a comment needs a task the member may edit: the tasks' update scope is compiled into it.
        rebuilds(["select", "insert", "update", "delete"], { comments: true }),
        [
          "What Members may read in tasks changes from every row to rows whose Project they can see.",
          "What Members may add in tasks changes from every row to rows whose Project they can edit.",
          "What Members may change in tasks changes from every row to rows (where Assignee is the user or whose Project they can edit).",
          "What Members may delete in tasks changes from every row to rows (where Assignee is the user and where Done is true).",
          "Members can no longer set Priority in tasks.",
        ],
      ],
      [
        scoped,
        narrower,
        rebuilds(["insert", "update", "delete"], { comments: true }),
        [
          "What Members may add in tasks changes from rows whose Project they can edit to every row.",
          "What Members may change in tasks changes from rows (where Assignee is the user or whose Project they can edit) to rows where Assignee is the user.",
          "What Members may delete in tasks changes from rows (where Assignee is the user and where Done is true) to every row.",
          "Members can no longer set Done in tasks.",
        ],
      ],
      [
        narrower,
        wider,
        rebuilds(["select"], { comments: false }),
        [
          "What Members may read in tasks changes from rows whose Project they can see to every row.",
          "Members can now set Done in tasks.",
        ],
      ],
      [
        wider,
        unscoped,
        rebuilds(["update"], { comments: true }),
        [
          "What Members may change in tasks changes from rows where Assignee is the user to every row.",
          "Members can now set Priority in tasks.",
        ],
      ],
    ];
    for (const [from, to, objects, words] of steps) {
      const plan = planMigration(from, to, appId);
      expect(rebuilt(plan).sort()).toEqual([...objects].sort());
      const preview = previewMigration(plan);
      for (const message of words) expect(preview.consequences).toContain(message);
      // Who sees or changes what is an access consequence, which the API applies only when confirmed.
      expect(plan.consequences.filter((c) => c.kind === "access").map((c) => c.message)).toEqual(
        expect.arrayContaining(words),
      );
      await applyMigration(db.pool, plan, { appRunning: true });
      const fresh = await provision(to);
      expect(await readCatalog(db.pool, schema)).toEqual(await readCatalog(db.pool, fresh.schema));
      const { mismatches } = await isolationMatrix(db.pool, to, schema, appId, other.appId);
      expect(mismatches).toEqual([]);
    }
  }, 180_000);
});

describe("an app from before people columns and scopes", () => {
  it("migrates to them keeping every value: a uuid column that becomes a people column is not replaced", async () => {
    const after = validBlueprint(example("helpdesk"));
    // The helpdesk as it was: plain uuid columns, no scopes, no read-only columns.
    const before = structuredClone(after);
    for (const table of before.data.tables)
      for (const column of table.columns) if (column.type === "user") column.type = "uuid";
    for (const permission of before.security.permissions) {
      delete permission.scopes;
      delete permission.readOnlyColumns;
    }
    const { appId, schema } = await provision(before);
    const agent: User = { id: randomUUID(), teams: [] };
    const ticket = await insert(schema, "tickets", { subject: "Printer", assignee_id: agent.id }, agent);
    const plan = planMigration(before, after, appId);
    expect(plan.steps.filter((step) => step.classification !== "safe")).toEqual([]);
    expect(plan.consequences).toContainEqual({
      kind: "changed",
      message: "The Assignee field of Tickets now holds a member of the app instead of reference; its values are kept.",
    });
    await applyMigration(db.pool, plan, { appRunning: true });
    const kept = await db.pool.query(`select assignee_id from "${schema}"."tickets" where id = $1`, [ticket]);
    expect(kept.rows).toEqual([{ assignee_id: agent.id }]);
    const fresh = await provision(after);
    expect(await readCatalog(db.pool, schema)).toEqual(await readCatalog(db.pool, fresh.schema));
    const seen = await as(appId, "agent", agent, `select id from "${schema}"."tickets"`);
    expect(seen.rows).toEqual([{ id: ticket }]);
  }, 120_000);
});
