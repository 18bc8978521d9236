/**
 * Migration speed: for each example, plan and apply the refined version of itself
 * (new columns, relaxed and tightened rules, a new linked table, a new role, a narrowed
 * row filter) to a freshly provisioned app with a row in every table, then restore the
 * original; and the same refine on a CRM whose companies table holds 10,000 rows.
 * Runs against DATABASE_URL (default: the local server).
 */

import { randomUUID } from "node:crypto";
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { createPool } from "@plinth/db";
import {
  type AppManifest,
  applyMigration,
  applyPlan,
  deleteApp,
  planMigration,
  planProvision,
} from "@plinth/provision";
import { examples, newUser, refine, Seeder } from "@plinth/provision/testing";
import { benchServer } from "./lib/database.js";
import { percentile, round, writeBenchResult } from "./lib/results.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const RUNS_PER_EXAMPLE = 5;
const BIG_TABLE_ROWS = 10_000;

const pool = createPool(DATABASE_URL, { max: 2, applicationName: "plinth-bench" });

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

async function provisionSeeded(blueprint: BlueprintV2, appId: string): Promise<AppManifest> {
  const app = await applyPlan(pool, planProvision(blueprint, appId));
  const client = await pool.connect();
  try {
    await client.query("begin");
    const seeder = new Seeder(client, blueprint, app.schema);
    for (const table of blueprint.data.tables) await seeder.insert(table.name, {}, newUser());
    await client.query("commit");
  } finally {
    client.release();
  }
  return app;
}

const live: AppManifest[] = [];
try {
  const postgres = await benchServer("plinth-migrate-bench");

  const planTimes: number[] = [];
  const applyTimes: number[] = [];
  const restoreTimes: number[] = [];
  const perExample: Record<string, { steps: number; plan_p50_ms: number; apply_p50_ms: number }> = {};
  for (const { name, blueprint: input } of examples()) {
    const validation = validateBlueprint(input);
    if (!validation.ok) throw new Error(`example ${name} is invalid`);
    const original = validation.blueprint;
    const refined = refine(original).blueprint;
    const mine: number[] = [];
    const minePlan: number[] = [];
    let steps = 0;
    for (let run = 0; run < RUNS_PER_EXAMPLE; run++) {
      const appId = randomUUID();
      const app = await provisionSeeded(original, appId);
      live.push(app);
      const start = performance.now();
      const plan = planMigration(original, refined, appId);
      minePlan.push(performance.now() - start);
      steps = plan.steps.length;
      const [, ms] = await timed(() => applyMigration(pool, plan, { appRunning: true }));
      mine.push(ms);
      const [, restoreMs] = await timed(() =>
        applyMigration(pool, planMigration(refined, original, appId), { appRunning: true, confirmDestructive: true }),
      );
      restoreTimes.push(restoreMs);
      await deleteApp(pool, live.pop() as AppManifest);
    }
    planTimes.push(...minePlan);
    applyTimes.push(...mine);
    perExample[name] = {
      steps,
      plan_p50_ms: round(percentile(minePlan, 50)),
      apply_p50_ms: round(percentile(mine, 50)),
    };
  }
  console.table(perExample);

  const crmValidation = validateBlueprint(examples().find((e) => e.name === "crm")?.blueprint);
  if (!crmValidation.ok) throw new Error("crm is invalid");
  const crm = crmValidation.blueprint;
  const appId = randomUUID();
  const app = await applyPlan(pool, planProvision(crm, appId));
  live.push(app);
  await pool.query(
    `insert into "${app.schema}"."companies" (name, employees) select 'Company ' || g, g % 500 from generate_series(1, $1) as g`,
    [BIG_TABLE_ROWS],
  );
  const [, bigMs] = await timed(() =>
    applyMigration(pool, planMigration(crm, refine(crm).blueprint, appId), { appRunning: true }),
  );

  writeBenchResult("migrate", postgres, {
    plan_p50_ms: { value: round(percentile(planTimes, 50)), unit: "ms" },
    apply_p50_ms: { value: round(percentile(applyTimes, 50)), unit: "ms" },
    apply_p95_ms: { value: round(percentile(applyTimes, 95)), unit: "ms" },
    restore_p50_ms: { value: round(percentile(restoreTimes, 50)), unit: "ms" },
    apply_crm_10k_companies_ms: { value: round(bigMs), unit: "ms" },
    migrations_measured: { value: applyTimes.length, unit: "migrations" },
  });
} finally {
  for (const app of live) await deleteApp(pool, app).catch(() => undefined);
  await pool.end();
}
