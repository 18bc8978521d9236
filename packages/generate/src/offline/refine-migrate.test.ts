/**
 * Every refine case migrates a live app: the example is provisioned with a row in each
 * table, the refined blueprint is migrated onto it, and the rows must come out as the
 * preview said — every kept or renamed field keeps its values, and whatever is lost or
 * refused is what the preview listed. Each migration is rolled back afterwards, so one
 * provisioned app per example serves all its cases.
 */
import { randomUUID } from "node:crypto";
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { exampleBlueprint } from "@plinth/blueprint/testing";
import { openTestDatabase, type TestDatabase } from "@plinth/db/testing";
import {
  type AppManifest,
  applyMigration,
  applyPlan,
  deleteApp,
  MigrationCheckError,
  planMigration,
  planProvision,
  previewMigration,
} from "@plinth/provision";
import { type Row, seedOneRowEach } from "@plinth/provision/testing";
import type { PoolClient } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFINE_CASES } from "./refine/cases.js";
import { refineOffline } from "./refine.js";

let db: TestDatabase;
const apps = new Map<string, { appId: string; manifest: AppManifest; blueprint: BlueprintV2 }>();

function valid(input: unknown): BlueprintV2 {
  const checked = validateBlueprint(input);
  if (!checked.ok) throw new Error(`invalid: ${JSON.stringify(checked.problems)}`);
  return checked.blueprint;
}

async function snapshot(client: PoolClient | TestDatabase["pool"], schema: string, tables: string[]) {
  const rows: Record<string, Row[]> = {};
  for (const t of tables) rows[t] = (await client.query(`select * from "${schema}"."${t}" order by id`)).rows;
  return rows;
}

class RolledBack extends Error {}

const cases = REFINE_CASES.filter((c) => "expect" in c);
const appNames = [...new Set(cases.map((c) => c.app))];

beforeAll(async () => {
  db = await openTestDatabase();
  for (const name of appNames) {
    const blueprint = valid(exampleBlueprint(name));
    const appId = randomUUID();
    const manifest = await applyPlan(db.pool, planProvision(blueprint, appId));
    apps.set(name, { appId, manifest, blueprint });
    await seedOneRowEach(db.pool, blueprint, manifest.schema);
  }
}, 240_000);

afterAll(async () => {
  for (const app of apps.values()) await deleteApp(db.pool, app.manifest);
  await db?.close();
});

describe("each refine case migrates a live app with its data kept as the preview says", () => {
  for (const c of cases) {
    it(`${c.app}: ${c.say}`, async () => {
      const app = apps.get(c.app);
      if (!app) throw new Error(`no app for ${c.app}`);
      const after = valid(refineOffline(app.blueprint, c.say).blueprint);
      const plan = planMigration(app.blueprint, after, app.appId);
      const preview = previewMigration(plan);
      const schema = app.manifest.schema;
      const oldTables = app.blueprint.data.tables.map((t) => t.name);
      const before = await snapshot(db.pool, schema, oldTables);
      let rowsAfter: Record<string, Row[]> | undefined;
      try {
        await applyMigration(db.pool, plan, {
          confirmDestructive: true,
          appRunning: true,
          beforeCommit: async (client) => {
            rowsAfter = await snapshot(
              client,
              schema,
              after.data.tables.map((t) => t.name),
            );
            throw new RolledBack();
          },
        });
      } catch (error) {
        if (error instanceof MigrationCheckError) {
          // Refused by a check the preview announced; nothing changed.
          expect(preview.checks.join(" ")).toContain(error.description);
          expect(await snapshot(db.pool, schema, oldTables)).toEqual(before);
          return;
        }
        if (!(error instanceof RolledBack)) throw error;
      }
      if (!rowsAfter) throw new Error("the migration did not reach its commit");
      const lost = preview.dataLoss.join(" ");
      for (const oldTable of app.blueprint.data.tables) {
        const newTable = after.data.tables.find((t) => t.name === oldTable.name || t.renamedFrom === oldTable.name);
        if (!newTable) {
          expect(lost).toContain(`The ${oldTable.label ?? oldTable.name} table is removed`);
          continue;
        }
        const rows = rowsAfter[newTable.name] ?? [];
        expect(rows.map((r) => r.id)).toEqual((before[oldTable.name] ?? []).map((r) => r.id));
        for (const oldColumn of oldTable.columns) {
          const kept =
            newTable.columns.find((col) => col.renamedFrom === oldColumn.name && newTable.renamedFrom === undefined) ??
            newTable.columns.find((col) => col.renamedFrom === oldColumn.name) ??
            newTable.columns.find((col) => col.name === oldColumn.name);
          if (!kept) {
            expect(lost).toContain(
              `The ${oldColumn.label ?? oldColumn.name} field of ${oldTable.label ?? oldTable.name}`,
            );
            continue;
          }
          const values = (list: Row[], name: string) => list.map((r) => (r[name] === null ? null : String(r[name])));
          expect(values(rows, kept.name), `${newTable.name}.${kept.name}`).toEqual(
            values(before[oldTable.name] ?? [], oldColumn.name),
          );
        }
      }
    });
  }
});
