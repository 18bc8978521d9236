import { randomUUID } from "node:crypto";
import type { BlueprintV2 } from "@plinth/blueprint";
import { validBlueprint } from "@plinth/blueprint/testing";
import { testDatabaseForFile } from "@plinth/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { ApplyError, type AppManifest, applyPlan } from "../apply.js";
import { foreignKeyName } from "../ddl.js";
import { deleteApp } from "../lifecycle.js";
import { planProvision } from "../plan.js";
import { withRequestContext } from "../request-context.js";
import { type Catalog, readCatalog } from "../testing/catalog.js";
import { example, examples } from "../testing/examples.js";
import { isolationMatrix, matrixSize } from "../testing/isolation-matrix.js";
import { claimsOf, newUser, type Row, Seeder, type User } from "../testing/rows.js";
import { refine } from "../testing/variants.js";
import { applyMigration, DestructiveMigrationError, MigrationCheckError } from "./apply.js";
import { planMigration } from "./plan.js";

const db = testDatabaseForFile();
const cleanup: AppManifest[] = [];
afterAll(async () => {
  for (const app of cleanup) await deleteApp(db.pool, app);
});

async function provision(blueprint: BlueprintV2, appId = randomUUID()) {
  const app = await applyPlan(db.pool, planProvision(blueprint, appId));
  cleanup.push(app);
  return { appId, app };
}

/** One row in every table (parents included), written before the migration. */
async function seed(blueprint: BlueprintV2, schema: string, user: User, values: Record<string, Row> = {}) {
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    const seeder = new Seeder(client, blueprint, schema);
    for (const table of blueprint.data.tables) await seeder.insert(table.name, values[table.name] ?? {}, user);
    await client.query("commit");
  } finally {
    client.release();
  }
}

/** The CRM provisioned with a row in every table, and the refined CRM (testing/variants.ts) to migrate it to. */
async function seededCrmAndRefinement() {
  const before = validBlueprint(example("crm"));
  const { blueprint: after } = refine(before);
  const { appId, app } = await provision(before);
  await seed(before, app.schema, newUser());
  return { before, after, appId, app };
}

async function seedCompanies(schema: string, rows: Row[]) {
  for (const row of rows) {
    const values = { name: `Company ${randomUUID().slice(0, 8)}`, ...row };
    const columns = Object.keys(values);
    await db.pool.query(
      `insert into "${schema}"."companies" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      Object.values(values),
    );
  }
}

/** Every row of every table, as the (superuser) test connection sees them. */
async function snapshot(schema: string, tables: string[]): Promise<Record<string, Row[]>> {
  const rows: Record<string, Row[]> = {};
  for (const table of tables) {
    rows[table] = (await db.pool.query(`select * from "${schema}"."${table}" order by id`)).rows;
  }
  return rows;
}

describe("migrating each example to a refined version of itself", () => {
  for (const { name, blueprint: input } of examples()) {
    it(`${name}: the live catalog equals a fresh provision, the rows are kept, and the isolation matrix holds`, async () => {
      const before = validBlueprint(input);
      const { blueprint: after, narrowed } = refine(before);
      const { appId, app } = await provision(before);
      await seed(before, app.schema, newUser());
      const rowsBefore = await snapshot(
        app.schema,
        before.data.tables.map((t) => t.name),
      );

      const plan = planMigration(before, after, appId);
      expect(plan.steps.filter((s) => s.classification === "destructive")).toEqual([]);
      const migrated = await applyMigration(db.pool, plan, { appRunning: true });
      expect(migrated.roles).toContain(`${app.schema}_mig_auditor`);
      cleanup.push(migrated);

      const fresh = await provision(after);
      expect(await readCatalog(db.pool, app.schema)).toEqual(await readCatalog(db.pool, fresh.app.schema));

      const rowsAfter = await snapshot(app.schema, Object.keys(rowsBefore));
      const first = before.data.tables[0]?.name as string;
      for (const [table, rows] of Object.entries(rowsBefore)) {
        const extra = table === first ? { mig_note: "none", mig_rank: 3 } : {};
        expect(rowsAfter[table], table).toEqual(rows.map((row) => ({ ...row, ...extra })));
      }

      // Access follows the new blueprint: the narrowed role, the new role, the new table.
      expect(narrowed).not.toBeNull();
      const matrix = await isolationMatrix(db.pool, after, app.schema, appId, fresh.appId);
      expect(matrix.mismatches).toEqual([]);
      expect(matrix.cases).toBe(matrixSize(after));
    }, 120_000);
  }
});

describe("a narrowed row filter takes effect on existing rows", () => {
  it("rows outside the new filter become invisible to the role; its own rows stay visible", async () => {
    const before = validBlueprint(example("crm"));
    const { blueprint: after, narrowed } = refine(before);
    if (!narrowed) throw new Error("crm has a role to narrow");
    const { appId, app } = await provision(before);
    const [alice, bob] = [newUser(), newUser()];
    await seed(before, app.schema, alice);
    await seed(before, app.schema, bob);
    const visible = () =>
      withRequestContext(db.pool, { appId, role: narrowed.role, claims: claimsOf(alice), readOnly: true }, (c) =>
        c.query<{ created_by: string }>(`select created_by from "${app.schema}"."${narrowed.table}"`),
      );
    const creators = async () => [...new Set((await visible()).rows.map((r) => r.created_by))].sort();
    expect(await creators()).toEqual([alice.id, bob.id].sort());

    cleanup.push(await applyMigration(db.pool, planMigration(before, after, appId), { appRunning: true }));
    expect(await creators()).toEqual([alice.id]);
  });
});

describe("needs-check steps", () => {
  const cases: [string, (bp: BlueprintV2) => void, Row[], RegExp][] = [
    [
      "making a column required while rows have no value",
      (bp) => {
        const website = bp.data.tables[0]?.columns.find((c) => c.name === "website");
        if (website) website.required = true;
      },
      [{}],
      /^the migration was not applied: 1 existing companies have no value in Website, which becomes required/,
    ],
    [
      "removing an enum value rows still use",
      (bp) => {
        const industry = bp.data.tables[0]?.columns.find((c) => c.name === "industry");
        if (industry) industry.enum = ["software", "retail", "manufacturing", "finance", "healthcare"];
        if (industry) industry.default = "software";
      },
      [{ industry: "other" }, { industry: "retail" }],
      /1 existing companies break the new allowed values rule on Industry/,
    ],
    [
      "lowering a maximum length below existing values",
      (bp) => {
        const name = bp.data.tables[0]?.columns.find((c) => c.name === "name");
        if (name) name.maxLength = 3;
      },
      [{ name: "Acme Corporation" }, { name: "Abc" }],
      /1 existing companies break the new maximum length rule on Name/,
    ],
    [
      "making a column unique while rows share a value",
      (bp) => {
        const name = bp.data.tables[0]?.columns.find((c) => c.name === "name");
        if (name) name.unique = true;
      },
      [{ name: "Twin" }, { name: "Twin" }, { name: "Single" }],
      /2 existing companies share a value in Name/,
    ],
    [
      "adding a required column without a default to a table with rows",
      (bp) => {
        bp.data.tables[0]?.columns.push({
          name: "vat_number",
          type: "text",
          required: true,
          unique: false,
          indexed: false,
        });
        for (const block of [...bp.ui.pages, ...bp.ui.modals].flatMap((p) => p.blocks))
          if (block.type === "FORM" && block.table === "companies") block.fields.push("vat_number");
      },
      [{}, {}],
      /2 existing companies would have no value in the new required field vat_number/,
    ],
  ];

  it.each(cases)(
    "refuses %s, naming how many rows break it, and changes nothing",
    async (_what, change, rows, message) => {
      const before = validBlueprint(example("crm"));
      const after = structuredClone(before);
      change(after);
      const { appId, app } = await provision(before);
      await seedCompanies(app.schema, rows);
      const catalogBefore = await readCatalog(db.pool, app.schema);
      const rowsBefore = await snapshot(app.schema, ["companies"]);

      const plan = planMigration(before, validBlueprint(after), appId);
      expect(plan.steps.some((s) => s.classification === "needs-check")).toBe(true);
      const error = await applyMigration(db.pool, plan, { appRunning: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationCheckError);
      expect((error as Error).message).toMatch(message);
      expect((error as MigrationCheckError).count).toBeGreaterThan(0);
      expect(plan.steps[(error as MigrationCheckError).step]?.classification).toBe("needs-check");
      expect(await readCatalog(db.pool, app.schema)).toEqual(catalogBefore);
      expect(await snapshot(app.schema, ["companies"])).toEqual(rowsBefore);
    },
  );

  it("applies the same tightening once the data meets it", async () => {
    const before = validBlueprint(example("crm"));
    const after = structuredClone(before);
    const website = after.data.tables[0]?.columns.find((c) => c.name === "website");
    if (website) website.required = true;
    const { appId, app } = await provision(before);
    await seedCompanies(app.schema, [{ website: "https://example.com" }]);
    const plan = planMigration(before, validBlueprint(after), appId);
    cleanup.push(await applyMigration(db.pool, plan, { appRunning: true }));
    const fresh = await provision(validBlueprint(after));
    expect(await readCatalog(db.pool, app.schema)).toEqual(await readCatalog(db.pool, fresh.app.schema));
  });
});

/** The crm example without its activities table: no link, access rule, block or page left on it. */
function withoutActivities(crm: BlueprintV2): BlueprintV2 {
  const bp = structuredClone(crm);
  bp.data.tables = bp.data.tables.filter((t) => t.name !== "activities");
  bp.data.relationships = bp.data.relationships.filter((r) => r.toTable !== "activities");
  bp.security.permissions = bp.security.permissions.filter((p) => p.resource !== "activities");
  bp.security.rowFilters = bp.security.rowFilters.filter((f) => f.resource !== "activities");
  for (const page of bp.ui.pages) page.blocks = page.blocks.filter((b) => b.table !== "activities");
  bp.ui.pages = bp.ui.pages.filter((p) => p.blocks.length > 0);
  for (const page of bp.ui.pages)
    for (const block of page.blocks)
      if (block.type === "DETAIL") block.related = block.related.filter((r) => r.table !== "activities");
  bp.ui.modals = bp.ui.modals
    .map((m) => ({ ...m, blocks: m.blocks.filter((b) => b.table !== "activities") }))
    .filter((m) => m.blocks.length > 0);
  bp.ui.navigation = bp.ui.navigation.filter((n) => bp.ui.pages.some((p) => p.id === n.page));
  return validBlueprint(bp);
}

describe("destructive steps", () => {
  /** crm without activities (a table), without contacts.phone (a column), without the sales_rep role, and deals.amount as int. */
  function shrunk(): BlueprintV2 {
    const bp = structuredClone(withoutActivities(validBlueprint(example("crm")))) as BlueprintV2;
    const contacts = bp.data.tables.find((t) => t.name === "contacts");
    if (contacts) contacts.columns = contacts.columns.filter((c) => c.name !== "phone");
    // Blocks on contacts stop showing phone.
    for (const block of [...bp.ui.pages, ...bp.ui.modals].flatMap((p) => p.blocks)) {
      if (block.table !== "contacts") continue;
      const fields = block as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(fields))
        if (Array.isArray(value)) fields[key] = value.filter((v) => v !== "phone");
    }
    const amount = bp.data.tables.find((t) => t.name === "deals")?.columns.find((c) => c.name === "amount");
    if (amount) amount.type = "int";
    bp.security.roles = bp.security.roles.filter((r) => r.name !== "sales_rep");
    bp.security.defaultRole = "manager";
    bp.security.permissions = bp.security.permissions.filter((p) => p.role !== "sales_rep");
    bp.security.rowFilters = bp.security.rowFilters.filter((f) => f.role !== "sales_rep");
    return validBlueprint(bp);
  }

  it("refuses without confirmation, says what would be lost, and runs with it", async () => {
    const before = validBlueprint(example("crm"));
    const after = shrunk();
    const { appId, app } = await provision(before);
    await seed(before, app.schema, newUser(), { deals: { amount: 12.5 } });
    const plan = planMigration(before, after, appId);
    const destructive = plan.steps.filter((s) => s.classification === "destructive").map((s) => s.sql);
    expect(destructive).toEqual([
      `alter table "${app.schema}"."contacts" drop column "phone"`,
      `alter table "${app.schema}"."deals" drop column "amount"`,
      `drop table "${app.schema}"."activities"`,
      `drop owned by "${app.schema}_sales_rep"`,
      `drop role "${app.schema}_sales_rep"`,
    ]);
    const losses = plan.consequences.filter((c) => c.kind === "data loss").map((c) => c.message);
    expect(losses).toEqual([
      "The Phone field of Contacts is removed: its values disappear from the app (kept 30 days, and back if you restore a version with it).",
      "The Amount field of Deals changes from number to whole number, which cannot keep its values: the field is replaced and its values disappear from the app (kept 30 days, and back if you restore a version where it is number).",
      "The Activities table is removed: its rows disappear from the app (kept 30 days, and back if you restore a version with it).",
    ]);
    expect(plan.consequences.map((c) => c.message)).toContain(
      "The Sales Rep role is removed: Sales Reps lose all access to the app.",
    );

    const catalogBefore = await readCatalog(db.pool, app.schema);
    const refused = await applyMigration(db.pool, plan, { appRunning: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DestructiveMigrationError);
    expect((refused as Error).message).toMatch(
      /Remove column contacts.phone.*was not confirmed|not confirmed: .*phone/,
    );
    expect(await readCatalog(db.pool, app.schema)).toEqual(catalogBefore);

    const migrated = await applyMigration(db.pool, plan, { appRunning: true, confirmDestructive: true });
    cleanup.push(migrated);
    expect(migrated.roles).toEqual([`${app.schema}_manager`]);
    const fresh = await provision(after);
    expect(withoutArchive(await readCatalog(db.pool, app.schema))).toEqual(
      await readCatalog(db.pool, fresh.app.schema),
    );
    const { rows } = await db.pool.query("select rolname from pg_roles where rolname = $1", [
      `${app.schema}_sales_rep`,
    ]);
    expect(rows).toEqual([]);
    // The replaced column starts over from its default.
    expect(new Set((await snapshot(app.schema, ["deals"])).deals?.map((d) => d.amount))).toEqual(new Set([0]));
  });
});

describe("restore and type changes", () => {
  it("restoring an older version migrates forward to it: same catalog as a fresh provision, older rows kept", async () => {
    const { before: original, after: refined, appId, app } = await seededCrmAndRefinement();
    const rowsBefore = await snapshot(
      app.schema,
      original.data.tables.map((t) => t.name),
    );
    cleanup.push(await applyMigration(db.pool, planMigration(original, refined, appId), { appRunning: true }));
    await seed(refined, app.schema, newUser(), { mig_items: { label: "made in the new version" } });

    const restore = planMigration(refined, original, appId);
    await expect(applyMigration(db.pool, restore, { appRunning: true })).rejects.toThrow(DestructiveMigrationError);
    await applyMigration(db.pool, restore, { appRunning: true, confirmDestructive: true });
    const fresh = await provision(original);
    // The restored app also keeps the archive of what the restore removed (soft-drop); everything else is as fresh.
    const live = await readCatalog(db.pool, app.schema);
    expect(
      Object.values(live)
        .flat()
        .filter((line) => line.includes("plinth_archive")).length,
    ).toBeGreaterThan(0);
    expect(withoutArchive(live)).toEqual(await readCatalog(db.pool, fresh.app.schema));
    const rowsAfter = await snapshot(app.schema, Object.keys(rowsBefore));
    for (const [table, rows] of Object.entries(rowsBefore))
      expect(rowsAfter[table]?.filter((r) => rows.some((b) => b.id === r.id))).toEqual(rows);
  });

  it("a widening type change keeps every value", async () => {
    const before = validBlueprint(example("crm"));
    const after = structuredClone(before);
    const employees = after.data.tables[0]?.columns.find((c) => c.name === "employees");
    if (employees) employees.type = "float";
    const { appId, app } = await provision(before);
    await seedCompanies(app.schema, [{ employees: 42 }, { employees: 7 }]);
    const plan = planMigration(before, validBlueprint(after), appId);
    expect(plan.steps.every((s) => s.classification === "safe")).toBe(true);
    cleanup.push(await applyMigration(db.pool, plan, { appRunning: true }));
    const fresh = await provision(validBlueprint(after));
    expect(await readCatalog(db.pool, app.schema)).toEqual(await readCatalog(db.pool, fresh.app.schema));
    const { rows } = await db.pool.query(`select employees from "${app.schema}"."companies" order by employees`);
    expect(rows).toEqual([{ employees: 7 }, { employees: 42 }]);
  });
});

/** The catalog without the soft-drop archive, which a fresh provision does not have. */
function withoutArchive(catalog: Catalog): Catalog {
  return Object.fromEntries(
    Object.entries(catalog).map(([key, lines]) => [
      key,
      lines.filter((line: string) => !line.includes("plinth_archive")),
    ]),
  ) as unknown as Catalog;
}

describe("soft-drop: going back and forth between versions keeps a removed field's values", () => {
  const withFee = (bp: BlueprintV2, required: boolean) => {
    const next = structuredClone(bp);
    if (required)
      for (const m of next.ui.modals)
        for (const b of m.blocks) if (b.type === "FORM" && b.table === "companies") b.fields.push("fee");
    next.data.tables[0]?.columns.push({
      name: "fee",
      label: "Fee",
      type: "float",
      format: "currency",
      required,
      default: required ? undefined : 0,
      unique: false,
      indexed: false,
    });
    return validBlueprint(next);
  };

  for (const required of [false, true]) {
    it(`a ${required ? "required" : "defaulted"} fee comes back as 49.90, not ${required ? "a refusal" : "0"}`, async () => {
      const v1 = validBlueprint(example("crm"));
      const v2 = withFee(v1, required);
      const { appId, app } = await provision(v2);
      await seedCompanies(app.schema, [{ fee: 49.9 }, { fee: 12 }]);
      cleanup.push(
        await applyMigration(db.pool, planMigration(v2, v1, appId), { appRunning: true, confirmDestructive: true }),
      );
      const columns = await db.pool.query(
        `select column_name from information_schema.columns where table_schema = $1 and table_name = 'companies'`,
        [app.schema],
      );
      expect(columns.rows.map((r) => r.column_name)).not.toContain("fee");

      const forward = planMigration(v1, v2, appId);
      cleanup.push(await applyMigration(db.pool, forward, { appRunning: true }));
      const { rows } = await db.pool.query(`select fee from "${app.schema}"."companies" order by fee`);
      expect(rows).toEqual([{ fee: 12 }, { fee: 49.9 }]);
      const archive = await db.pool.query(`select count(*)::int as n from "${app.schema}"."plinth_archive"`);
      expect(archive.rows[0]).toEqual({ n: 0 });
    });
  }
});

describe("soft-drop: a removed table's rows come back with a version that has the table", () => {
  const archived = async (schema: string) =>
    (await db.pool.query(`select count(*)::int as n from "${schema}"."plinth_archive"`)).rows[0]?.n;

  for (const back of ["by name", "under a new name that says it was renamed from it"] as const) {
    it(`restoring brings the rows back ${back}, with their values, ids and links`, async () => {
      const v1 = validBlueprint(example("crm"));
      const v2 = withoutActivities(v1);
      const { appId, app } = await provision(v1);
      const user = newUser();
      await seed(v1, app.schema, user, { activities: { subject: "Called about the renewal" } });
      await seed(v1, app.schema, user, { activities: { subject: "Sent the proposal" } });
      const before = (await snapshot(app.schema, ["activities"])).activities ?? [];
      expect(before.map((r) => r.deal_id).every(Boolean)).toBe(true);

      const drop = planMigration(v1, v2, appId);
      expect(drop.consequences.map((c) => c.count?.words)).toContain(
        "The Activities table is removed: its {total:# activity disappears|# activities disappear} from the app. They are kept for 30 days and come back if you restore a version with this table.",
      );
      cleanup.push(await applyMigration(db.pool, drop, { appRunning: true, confirmDestructive: true }));
      expect((await db.pool.query("select to_regclass($1) as t", [`"${app.schema}".activities`])).rows[0].t).toBeNull();
      expect(await archived(app.schema)).toBe(before.length);

      const renamed = back === "by name" ? "activities" : "touchpoints";
      const v3 =
        back === "by name"
          ? v1
          : (() => {
              const bp = JSON.parse(JSON.stringify(v1).replaceAll('"activities"', '"touchpoints"'));
              bp.data.tables.find((t: { name: string }) => t.name === "touchpoints").renamedFrom = "activities";
              return validBlueprint(bp);
            })();
      const restore = planMigration(v2, v3, appId);
      expect(restore.consequences.map((c) => c.count?.words)).toContain(
        // The table's label is the same under either name.
        "The Activities table gets back {count:# activity|# activities} kept from an earlier version, with their links.",
      );
      cleanup.push(await applyMigration(db.pool, restore, { appRunning: true }));
      expect((await snapshot(app.schema, [renamed]))[renamed]).toEqual(before);
      expect(await archived(app.schema)).toBe(0);
      // The links hold: each restored activity still belongs to its deal.
      const { rows } = await db.pool.query(
        `select count(*)::int as n from "${app.schema}"."${renamed}" as a join "${app.schema}"."deals" as d on d.id = a.deal_id`,
      );
      expect(rows[0]).toEqual({ n: before.length });
    });
  }
});

describe("renames", () => {
  it("renames a table and a column only when the new blueprint says so, keeping their data", async () => {
    const before = validBlueprint(example("crm"));
    const renamed = JSON.parse(
      JSON.stringify(example("crm")).replaceAll('"contacts"', '"people"').replaceAll('"full_name"', '"display_name"'),
    );
    const people = renamed.data.tables.find((t: { name: string }) => t.name === "people");
    people.renamedFrom = "contacts";
    people.columns.find((c: { name: string }) => c.name === "display_name").renamedFrom = "full_name";
    const after = validBlueprint(renamed);
    const { appId, app } = await provision(before);
    await seed(before, app.schema, newUser(), { contacts: { full_name: "Ada Lovelace" } });

    const plan = planMigration(before, after, appId);
    expect(plan.steps.filter((s) => s.classification !== "safe")).toEqual([]);
    expect(plan.consequences.filter((c) => c.kind === "renamed").map((c) => c.message)).toEqual([
      "The Contacts table keeps its rows under a new name (people).",
      "The full_name field of Contacts is renamed to Full name; its values are kept.",
    ]);
    cleanup.push(await applyMigration(db.pool, plan, { appRunning: true }));
    const fresh = await provision(after);
    expect(await readCatalog(db.pool, app.schema)).toEqual(await readCatalog(db.pool, fresh.app.schema));
    const { rows } = await db.pool.query(`select display_name from "${app.schema}"."people"`);
    expect(rows).toEqual([{ display_name: "Ada Lovelace" }]);

    // Without renamedFrom the same change is a drop plus an add, and reported as destructive.
    delete people.renamedFrom;
    const undeclared = planMigration(before, validBlueprint(renamed), appId);
    expect(undeclared.consequences.map((c) => c.message)).toContain(
      "The Contacts table is removed: its rows disappear from the app (kept 30 days, and back if you restore a version with it).",
    );
    expect(undeclared.steps.some((s) => s.classification === "destructive")).toBe(true);
  });
});

describe("a renamed column that scopes a role's rows and is read-only to it", () => {
  it("changes nobody's access: the policies and grants follow the column, as a fresh provision has them", async () => {
    const before = validBlueprint(example("helpdesk"));
    const renamed = JSON.parse(JSON.stringify(before).replaceAll('"assignee_id"', '"assigned_to"'));
    const tickets = renamed.data.tables.find((t: { name: string }) => t.name === "tickets");
    tickets.columns.find((c: { name: string }) => c.name === "assigned_to").renamedFrom = "assignee_id";
    const after = validBlueprint(renamed);
    const { appId, app } = await provision(before);

    const plan = planMigration(before, after, appId);
    expect(plan.consequences.map((c) => c.message)).toEqual([
      "The assignee_id field of Tickets is renamed to Assignee; its values are kept.",
    ]);
    cleanup.push(await applyMigration(db.pool, plan, { appRunning: true }));
    const fresh = await provision(after);
    expect(await readCatalog(db.pool, app.schema)).toEqual(await readCatalog(db.pool, fresh.app.schema));
  });
});

describe("foreign keys named as Postgres names them", () => {
  it("an app provisioned with <column>_fkey names gets <table>_<column>_fkey on its next migration", async () => {
    const before = validBlueprint(example("crm"));
    const renamed = JSON.parse(JSON.stringify(example("crm")).replaceAll('"contacts"', '"people"'));
    renamed.data.tables.find((t: { name: string }) => t.name === "people").renamedFrom = "contacts";
    const after = validBlueprint(renamed);
    const { appId, app } = await provision(before);
    const foreignKeys = async (schema: string) =>
      (
        await db.pool.query<{ name: string }>(
          `select conname as name from pg_constraint where contype = 'f' and connamespace = $1::regnamespace order by 1`,
          [schema],
        )
      ).rows.map((r) => r.name);
    expect(await foreignKeys(app.schema)).toContain("deals_company_id_fkey");
    // As provisioning named them before: <column>_fkey.
    const { rows: keys } = await db.pool.query<{ table: string; name: string }>(
      `select conrelid::regclass::text as table, conname as name from pg_constraint where contype = 'f' and connamespace = $1::regnamespace`,
      [app.schema],
    );
    for (const key of keys) {
      const legacy = key.name.replace(/^.*?_(?=[a-z]+_id_fkey$)/, "");
      await db.pool.query(`alter table ${key.table} rename constraint "${key.name}" to "${legacy}"`);
    }
    expect(await foreignKeys(app.schema)).toContain("company_id_fkey");

    // The rename of contacts also renames its keys, which must be found by their new-style names.
    cleanup.push(await applyMigration(db.pool, planMigration(before, after, appId), { appRunning: true }));
    const fresh = await provision(after);
    expect(await foreignKeys(app.schema)).toEqual(await foreignKeys(fresh.app.schema));
    expect(await foreignKeys(app.schema)).toContain("people_company_id_fkey");
    expect(await readCatalog(db.pool, app.schema)).toEqual(await readCatalog(db.pool, fresh.app.schema));
  });

  it("long table and column names are shortened exactly as Postgres shortens them", async () => {
    const table = "a_very_long_table_name_of_31chr";
    const column = "another_long_column_name_31char";
    const schema = `fk_names_${randomUUID().replaceAll("-", "").slice(0, 8)}`;
    await db.pool.query(`create schema ${schema}`);
    try {
      await db.pool.query(`create table ${schema}.parent (id uuid primary key)`);
      await db.pool.query(`create table ${schema}.${table} (${column} uuid references ${schema}.parent (id))`);
      const { rows } = await db.pool.query<{ name: string }>(
        `select conname as name from pg_constraint where contype = 'f' and connamespace = $1::regnamespace`,
        [schema],
      );
      expect(rows.map((r) => r.name)).toEqual([foreignKeyName({ table, column })]);
    } finally {
      await db.pool.query(`drop schema ${schema} cascade`);
    }
  });
});

describe("transactions", () => {
  it("a failing step or a failing beforeCommit leaves the app exactly as it was", async () => {
    const { before, after, appId, app } = await seededCrmAndRefinement();
    const catalogBefore = await readCatalog(db.pool, app.schema);
    const plan = planMigration(before, after, appId);
    const half = Math.floor(plan.steps.length / 2);
    const broken = {
      ...plan,
      steps: [
        ...plan.steps.slice(0, half),
        { sql: "select 1 / 0", description: "fail on purpose", classification: "safe" as const },
        ...plan.steps.slice(half),
      ],
    };
    const error = await applyMigration(db.pool, broken, { appRunning: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplyError);
    expect((error as ApplyError).step).toBe(half);
    expect(await readCatalog(db.pool, app.schema)).toEqual(catalogBefore);

    const recorded = await applyMigration(db.pool, plan, {
      appRunning: true,
      beforeCommit: async () => {
        throw new Error("the control plane could not record the version");
      },
    }).catch((e: unknown) => e);
    expect((recorded as Error).message).toBe("the control plane could not record the version");
    expect(await readCatalog(db.pool, app.schema)).toEqual(catalogBefore);
  });

  it("beforeCommit runs inside the transaction of applyMigration and applyPlan", async () => {
    const before = validBlueprint(example("helpdesk"));
    const appId = randomUUID();
    const seen: string[] = [];
    const app = await applyPlan(db.pool, planProvision(before, appId), {
      beforeCommit: async (client) => {
        const { rows } = await client.query("select to_regnamespace($1) is not null as exists", [
          `app_${appId.replaceAll("-", "").slice(0, 12)}`,
        ]);
        seen.push(`provision sees schema: ${rows[0]?.exists}`);
      },
    });
    cleanup.push(app);
    const { blueprint: after } = refine(before);
    await applyMigration(db.pool, planMigration(before, after, appId), {
      appRunning: false,
      beforeCommit: async (client) => {
        const { rows } = await client.query(`select to_regclass('"${app.schema}"."mig_items"') is not null as exists`);
        seen.push(`migration sees new table: ${rows[0]?.exists}`);
      },
    });
    expect(seen).toEqual(["provision sees schema: true", "migration sees new table: true"]);
    // A stopped app stays stopped: the new role has no USAGE on the schema.
    const { rows } = await db.pool.query("select has_schema_privilege($1, $2, 'usage') as usage", [
      `${app.schema}_mig_auditor`,
      app.schema,
    ]);
    expect(rows).toEqual([{ usage: false }]);
  });

  it("a blueprint identical to the running one plans nothing", () => {
    const bp = validBlueprint(example("school"));
    expect(planMigration(bp, bp, randomUUID()).steps).toEqual([]);
  });
});
