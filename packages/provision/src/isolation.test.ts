/** The isolation matrix (testing/isolation-matrix.ts) over every example blueprint, freshly provisioned. */
import { randomUUID } from "node:crypto";
import { validateBlueprint } from "@plinth/blueprint";
import { openTestDatabase, type TestDatabase } from "@plinth/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppManifest, applyPlan } from "./apply.js";
import { deleteApp } from "./lifecycle.js";
import { planProvision } from "./plan.js";
import { examples } from "./testing/examples.js";
import { isolationMatrix, matrixSize } from "./testing/isolation-matrix.js";

describe("isolation matrix", () => {
  let db: TestDatabase;
  const apps: AppManifest[] = [];
  let total = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await deleteApp(db.pool, app);
    console.log(`isolation matrix: ${total} cases`);
    await db.close();
  });

  for (const { name, blueprint: input } of examples()) {
    it(`${name}: every role sees and changes exactly what the blueprint allows`, async () => {
      const validation = validateBlueprint(input);
      if (!validation.ok) throw new Error(`example ${name} is invalid`);
      const blueprint = validation.blueprint;
      const appId = randomUUID();
      const otherAppId = randomUUID();
      apps.push(await applyPlan(db.pool, planProvision(input, appId)));
      apps.push(await applyPlan(db.pool, planProvision(input, otherAppId)));
      const schema = apps.at(-2)?.schema as string;
      const { cases, mismatches } = await isolationMatrix(db.pool, blueprint, schema, appId, otherAppId);
      total += cases;
      console.log(`isolation matrix ${name}: ${cases} cases`);
      expect(mismatches).toEqual([]);
      expect(cases).toBe(matrixSize(blueprint));
    }, 120_000);
  }
});
