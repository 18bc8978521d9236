/**
 * Whatever Plinth can provision it can migrate and delete: the largest blueprint the
 * verifier accepts (60 tables × 100 columns, 20 roles, every permission, a row filter
 * per role and table, a 59-table chain of links) is provisioned, migrated and deleted
 * on the real server. Deleting it in one transaction ran Postgres out of lock memory.
 */
import { randomUUID } from "node:crypto";
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { testDatabaseForFile } from "@plinth/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPlan } from "./apply.js";
import { deleteApp } from "./lifecycle.js";
import { applyMigration } from "./migrate/apply.js";
import { planMigration } from "./migrate/plan.js";
import { planProvision } from "./plan.js";
import { LIMITS, largestBlueprint } from "./testing/largest.js";

const db = testDatabaseForFile();

function valid(input: unknown): BlueprintV2 {
  const validation = validateBlueprint(input);
  if (!validation.ok) throw new Error(`invalid blueprint: ${JSON.stringify(validation.problems.slice(0, 5))}`);
  return validation.blueprint;
}

describe("the largest blueprint the verifier accepts", () => {
  it("is at the schema's limits: one more table, column or role is refused", () => {
    const largest = valid(largestBlueprint());
    expect(largest.data.tables).toHaveLength(LIMITS.tables);
    expect(largest.data.tables.every((t) => t.columns.length === LIMITS.columns)).toBe(true);
    expect(largest.security.roles).toHaveLength(LIMITS.roles);
    expect(largest.security.permissions).toHaveLength(LIMITS.roles * LIMITS.tables);

    const moreTables = structuredClone(largest);
    moreTables.data.tables.push({ ...structuredClone(largest.data.tables[0]), name: "one_more" } as never);
    const moreColumns = structuredClone(largest);
    moreColumns.data.tables[0]?.columns.push({ name: "one_more", type: "text" } as never);
    const moreRoles = structuredClone(largest);
    moreRoles.security.roles.push({ name: "one_more" });
    for (const bigger of [moreTables, moreColumns, moreRoles])
      expect(validateBlueprint(bigger).problems.map((p) => p.code)).toContain("schema_too_big");
  });

  it("provisions, migrates (a column added to every table) and deletes", async () => {
    const appId = randomUUID();
    const before = valid(largestBlueprint());
    const app = await applyPlan(db.pool, planProvision(before, appId));
    try {
      // The tables are full, so the migration replaces each table's last column with a new one.
      const after = structuredClone(before);
      for (const table of after.data.tables) {
        const last = table.columns.at(-1) as (typeof table.columns)[number];
        table.columns.splice(-1, 1, { ...last, name: "added" });
      }
      await applyMigration(db.pool, planMigration(before, after, appId), {
        appRunning: true,
        confirmDestructive: true,
      });
      const { rows: added } = await db.pool.query<{ n: number }>(
        "select count(*)::int as n from information_schema.columns where table_schema = $1 and column_name = 'added'",
        [app.schema],
      );
      expect(added[0]?.n).toBe(LIMITS.tables);
    } finally {
      await deleteApp(db.pool, app);
    }
    const { rows: left } = await db.pool.query(
      "select nspname from pg_namespace where nspname = $1 union all select rolname from pg_roles where starts_with(rolname, $1 || '_')",
      [app.schema],
    );
    expect(left).toEqual([]);
  }, 600_000);
});
