/**
 * A declared junction (school's enrollments: one row per student and class) is a unique key
 * on its two links, whether the app is provisioned with it or migrated to and from it.
 */
import { randomUUID } from "node:crypto";
import type { BlueprintV2 } from "@plinth/blueprint";
import { validBlueprint } from "@plinth/blueprint/testing";
import { testDatabaseForFile } from "@plinth/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { type AppManifest, applyPlan } from "./apply.js";
import { deleteApp } from "./lifecycle.js";
import { applyMigration } from "./migrate/apply.js";
import { planMigration } from "./migrate/plan.js";
import { planProvision } from "./plan.js";
import { selfCheck } from "./self-check.js";
import { readCatalog } from "./testing/catalog.js";
import { example } from "./testing/examples.js";

const db = testDatabaseForFile();
const cleanup: AppManifest[] = [];
afterAll(async () => {
  for (const app of cleanup) await deleteApp(db.pool, app);
});

const school = () => validBlueprint(example("school"));
function withJunction(bp: BlueprintV2): BlueprintV2 {
  const next = structuredClone(bp);
  const enrollments = next.data.tables.find((t) => t.name === "enrollments");
  if (!enrollments) throw new Error("school has enrollments");
  enrollments.junction = { columns: ["student_id", "class_id"] };
  return validBlueprint(next);
}

async function provision(blueprint: BlueprintV2, appId = randomUUID()) {
  const plan = planProvision(blueprint, appId);
  const app = await applyPlan(db.pool, plan);
  cleanup.push(app);
  return { appId, app, plan };
}

const uniqueKeys = async (schema: string) =>
  (await readCatalog(db.pool, schema)).constraints.filter((c) => c.startsWith("enrollments ") && c.includes("UNIQUE"));

describe("a declared junction", () => {
  it("is provisioned as a unique key on its two links that refuses a second enrolment, and passes the self-check", async () => {
    const { app, plan } = await provision(withJunction(school()));
    expect(await selfCheck(db.pool, plan)).toEqual([]);
    expect(await uniqueKeys(app.schema)).toEqual([expect.stringContaining("UNIQUE (student_id, class_id)")]);

    const insert = (table: string, sql: string, values: unknown[] = []) =>
      db.pool.query<{ id: string }>(`insert into "${app.schema}"."${table}" ${sql} returning id`, values);
    const [cls] = (
      await insert("classes", "(name, subject, grade_level, teacher_id) values ('Algebra', 'maths', 9, $1)", [
        randomUUID(),
      ])
    ).rows;
    const [student] = (await insert("students", "(full_name, grade_level) values ('Ada', 9)")).rows;
    const enrol = () => insert("enrollments", "(student_id, class_id) values ($1, $2)", [student?.id, cls?.id]);
    await enrol();
    await expect(enrol()).rejects.toMatchObject({ code: "23505" });
  });

  it("is added and dropped by migrations, leaving what provisioning would", async () => {
    const before = school();
    const after = withJunction(before);
    const { appId, app } = await provision(before);
    expect(await uniqueKeys(app.schema)).toEqual([]);

    await applyMigration(db.pool, planMigration(before, after, appId), { appRunning: true });
    const fresh = await provision(after);
    expect(await uniqueKeys(app.schema)).toEqual(await uniqueKeys(fresh.app.schema));
    expect(await uniqueKeys(app.schema)).toHaveLength(1);

    await applyMigration(db.pool, planMigration(after, before, appId), { appRunning: true });
    expect(await uniqueKeys(app.schema)).toEqual([]);
  });
});
