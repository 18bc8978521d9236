import type { BlueprintV2, Column } from "@plinth/blueprint";
import { validateBlueprint } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { ProvisionError } from "../plan.js";
import { example } from "../testing/examples.js";
import { refine } from "../testing/variants.js";
import { planMigration } from "./plan.js";
import { previewMigration } from "./preview.js";

const APP = "6f1c2a9e-4b7d-4c1e-9a3b-2d5e8f7a6c10";
const S = `"app_6f1c2a9e4b7d"`;

function crm(): BlueprintV2 {
  const validation = validateBlueprint(example("crm"));
  if (!validation.ok) throw new Error("crm is invalid");
  return structuredClone(validation.blueprint);
}

function column(bp: BlueprintV2, table: string, name: string) {
  const found = bp.data.tables.find((t) => t.name === table)?.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no ${table}.${name}`);
  return found;
}

/** A new column on companies, the CRM's first table; neither unique nor indexed. */
function addToCompanies(bp: BlueprintV2, column: Pick<Column, "name" | "type" | "required" | "default">) {
  bp.data.tables[0]?.columns.push({ ...column, unique: false, indexed: false });
}

function plan(change: (bp: BlueprintV2) => void) {
  const after = crm();
  change(after);
  return planMigration(crm(), after, APP);
}

// Every migration with DDL also gives foreign keys of older apps Postgres' names (migrate.test.ts runs it against old-style names).
const classified = (p: ReturnType<typeof plan>) =>
  p.steps
    .filter((s) => !/^(set local role|reset role|do \$plinth\$)/.test(s.sql))
    .map((s) => [s.classification, s.sql]);

describe("planMigration classifies each change", () => {
  it("keeps values through a widening type change, after dropping the old default", () => {
    const p = plan((bp) => {
      column(bp, "companies", "employees").type = "float";
    });
    const steps = classified(p);
    // Column grants name the column, so they are rebuilt around the change.
    expect(steps.filter(([, sql]) => !/^(revoke|grant) /.test(sql as string))).toEqual([
      ["safe", `alter table ${S}."companies" drop constraint "employees_min"`],
      [
        "safe",
        `alter table ${S}."companies" alter column "employees" type double precision using "employees"::double precision`,
      ],
      [
        "safe",
        `alter table ${S}."companies" add constraint "employees_min" check ("employees" >= '0'::double precision)`,
      ],
    ]);
    expect(steps.findIndex(([, sql]) => /^revoke /.test(sql as string))).toBe(0);
    expect(steps.every(([classification]) => classification === "safe")).toBe(true);
    expect(p.consequences.map((c) => c.message)).toContain(
      "The Employees field of Companies changes from whole number to number; existing values are kept.",
    );
  });

  it("relaxing rules is safe; tightening them needs a check that counts the offending rows", () => {
    const relaxed = plan((bp) => {
      column(bp, "deals", "stage").enum?.push("paused");
      column(bp, "companies", "employees").min = -1;
    });
    expect(relaxed.steps.every((s) => s.classification === "safe")).toBe(true);

    const tightened = plan((bp) => {
      const industry = column(bp, "companies", "industry");
      industry.enum = ["software", "retail"];
      industry.default = "software";
      column(bp, "companies", "employees").min = 10;
    });
    const checks = tightened.steps.filter((s) => s.classification === "needs-check");
    expect(checks.map((s) => s.check?.sql)).toEqual([
      `select count(*)::int as count from ${S}."companies" where not ("industry" in ('software'::text, 'retail'::text))`,
      `select count(*)::int as count from ${S}."companies" where not ("employees" >= '10'::integer)`,
    ]);
  });

  it("a required column added to a table with rows needs a usable default", () => {
    const withDefault = plan((bp) => {
      addToCompanies(bp, { name: "tier", type: "int", required: true, default: 1 });
    });
    expect(withDefault.steps.find((s) => s.sql.includes('add column "tier"'))).toMatchObject({
      classification: "safe",
      sql: `alter table ${S}."companies" add column "tier" integer not null default '1'::integer`,
    });
    expect(withDefault.consequences.map((c) => c.message)).toContain("Existing companies get 1 in tier.");

    const withUser = plan((bp) => {
      addToCompanies(bp, { name: "steward", type: "uuid", required: true, default: "$user.id" });
    });
    // Added optional, filled from any archived values, then made required: rows still empty stop it.
    expect(withUser.steps.find((s) => s.sql.endsWith('alter column "steward" set not null'))?.check?.sql).toBe(
      `select count(*)::int as count from ${S}."companies" where "steward" is null`,
    );
  });

  it("a new link on existing data checks for rows pointing nowhere", () => {
    const p = plan((bp) => {
      addToCompanies(bp, { name: "parent_id", type: "uuid", required: false });
      bp.data.relationships.push({
        type: "many_to_one",
        fromTable: "companies",
        fromColumn: "parent_id",
        toTable: "companies",
        toColumn: "id",
        onDelete: "set_null",
      });
    });
    // The column is new, so no existing row can point anywhere yet.
    expect(p.steps.find((s) => s.sql.includes("foreign key"))?.classification).toBe("safe");

    const existing = plan((bp) => {
      bp.data.relationships.push({
        type: "many_to_one",
        fromTable: "deals",
        fromColumn: "owner_id",
        toTable: "contacts",
        toColumn: "id",
        onDelete: "restrict",
      });
    });
    expect(existing.steps.find((s) => s.sql.includes("foreign key"))?.check?.message).toBe(
      "existing deals have a value in Owner that matches no row of Contacts; fix or clear them first",
    );
  });

  it("a new role is created, joined to the authenticator and given USAGE only while the app runs", () => {
    const p = planMigration(crm(), refine(crm()).blueprint, APP);
    expect(p.steps.slice(0, 2).map((s) => s.sql)).toEqual([
      `create role "app_6f1c2a9e4b7d_mig_auditor" nologin noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls`,
      `grant "app_6f1c2a9e4b7d_mig_auditor" to "plinth_authenticator"`,
    ]);
    expect(p.steps.filter((s) => s.onlyWhenRunning).map((s) => s.sql)).toEqual([
      `grant usage on schema ${S} to "app_6f1c2a9e4b7d_mig_auditor"`,
    ]);
  });

  it("restoring the older version is a forward migration that reports what it deletes", () => {
    const refined = refine(crm()).blueprint;
    const restore = planMigration(refined, crm(), APP);
    expect(restore.steps.filter((s) => s.classification === "destructive").map((s) => s.sql)).toEqual([
      `alter table ${S}."companies" drop column "mig_note"`,
      `alter table ${S}."companies" drop column "mig_rank"`,
      `drop table ${S}."mig_items"`,
      `drop owned by "app_6f1c2a9e4b7d_mig_auditor"`,
      `drop role "app_6f1c2a9e4b7d_mig_auditor"`,
    ]);
    expect(restore.consequences.filter((c) => c.kind === "access").map((c) => c.message)).toEqual([
      "The Auditor role is removed: Auditors lose all access to the app.",
      "Sales Managers lose access to Items, which is removed.",
      "What Sales Reps may read and add in Companies changes from rows where Created by is the user to every row.",
      "Sales Reps now see and change Contacts whether or not they can see the linked Company.",
      "Sales Reps now see and change Deals whether or not they can see the linked Company and the linked Primary contact.",
      "Sales Reps lose access to Items, which is removed.",
    ]);
  });

  it("refuses an invalid new blueprint with the problems, before any SQL", () => {
    const broken = crm() as unknown as { data: { tables: { name: string }[] } };
    (broken.data.tables[0] as { name: string }).name = "select";
    expect(() => planMigration(crm(), broken, APP)).toThrow(ProvisionError);
  });
});

describe("previewMigration", () => {
  it("lists the SQL in order with what each step does, and the consequences in words", () => {
    const preview = previewMigration(planMigration(crm(), refine(crm()).blueprint, APP));
    expect(preview.empty).toBe(false);
    expect(preview.sql).toMatch(/^-- Create the database role for app role "mig_auditor"\.\ncreate role /);
    expect(preview.sql).toContain(
      `-- Enforce the maximum rule on the Employees field of Companies. [needs-check]\nalter table ${S}."companies" add constraint "employees_max"`,
    );
    expect(preview.consequences).toEqual(
      expect.arrayContaining([
        "New table Items with 3 fields.",
        "New field mig_note in Companies (text).",
        'Existing companies get "none" in mig_note.',
        "What Sales Reps may read and add in Companies changes from every row to rows where Created by is the user.",
        "New role Auditor.",
        "Auditors can now read Deals (every row).",
      ]),
    );
    expect(preview.dataLoss).toEqual([]);
    expect(preview.checks).toEqual([
      "Enforce the maximum rule on the Employees field of Companies. Existing rows are checked first.",
    ]);
    expect(previewMigration(planMigration(crm(), crm(), APP)).empty).toBe(true);
  });
});

describe("a renamed table whose list is sorted", () => {
  it("is renamed in place: the list-order index follows it instead of the plan failing", () => {
    const school = validateBlueprint(example("school"));
    if (!school.ok) throw new Error("school is valid");
    const renamed = JSON.parse(JSON.stringify(school.blueprint).replaceAll('"classes"', '"courses"'));
    renamed.data.tables.find((t: { name: string }) => t.name === "courses").renamedFrom = "classes";
    const next = validateBlueprint(renamed);
    if (!next.ok) throw new Error(JSON.stringify(next.problems));
    const p = planMigration(school.blueprint, next.blueprint, "6f1c2a9e-4b7d-4c1a-9e2f-0a1b2c3d4e5f");
    expect(p.steps.map((s) => s.sql)).toContain(`alter table ${S}."classes" rename to "courses"`);
    expect(p.consequences.filter((c) => c.kind === "data loss")).toEqual([]);
  });
});
