/**
 * Provisioning speed: provision and delete each example app repeatedly, then provision
 * 1,000 CRM apps into one database to see whether provisioning slows as the catalogs
 * grow, and delete them all again. Runs against DATABASE_URL (default: the local server).
 */

import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createPool } from "@plinth/db";
import { type AppManifest, applyPlan, deleteApp, planProvision } from "@plinth/provision";
import { benchServer } from "./lib/database.js";
import { percentile, round, writeBenchResult } from "./lib/results.js";

const SERVER_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// A database of its own, dropped afterwards: the catalogs it measures start empty, and
// a thousand apps' dead catalog rows are not left in the shared test database.
const BENCH_DATABASE = `plinth_bench_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
const admin = createPool(SERVER_URL, { max: 1, applicationName: "plinth-bench" });
await admin.query(`create database ${BENCH_DATABASE}`);
const benchUrl = new URL(SERVER_URL);
benchUrl.pathname = `/${BENCH_DATABASE}`;
const DATABASE_URL = benchUrl.toString();
const RUNS_PER_EXAMPLE = 10;
const SCALE_APPS = Number(process.env.PROVISION_SCALE_APPS ?? 1000);
const EXAMPLES_DIR = new URL("../schemas/examples/", import.meta.url);

const pool = createPool(DATABASE_URL, { max: 2, applicationName: "plinth-bench" });
const examples = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({
    name: f.replace(/\.json$/, ""),
    blueprint: JSON.parse(readFileSync(new URL(f, EXAMPLES_DIR), "utf8")),
  }));

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

async function provision(blueprint: unknown): Promise<[AppManifest, number]> {
  return timed(() => applyPlan(pool, planProvision(blueprint, randomUUID())));
}

async function catalogSize(): Promise<{ bytes: number; relations: number }> {
  const { rows } = await pool.query<{ bytes: string; relations: string }>(
    `select (select sum(pg_total_relation_size(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'pg_catalog' and c.relkind = 'r') as bytes,
            (select count(*) from pg_class) as relations`,
  );
  return { bytes: Number(rows[0]?.bytes), relations: Number(rows[0]?.relations) };
}

const created: AppManifest[] = [];
try {
  const postgres = await benchServer("plinth-provision-bench");

  const provisionTimes: number[] = [];
  const deleteTimes: number[] = [];
  const perExample: Record<string, { tables: number; provision_p50_ms: number; delete_p50_ms: number }> = {};
  for (const { name, blueprint } of examples) {
    const mine: number[] = [];
    const mineDelete: number[] = [];
    for (let run = 0; run < RUNS_PER_EXAMPLE; run++) {
      const [app, ms] = await provision(blueprint);
      const [, deleteMs] = await timed(() => deleteApp(pool, app));
      mine.push(ms);
      mineDelete.push(deleteMs);
    }
    provisionTimes.push(...mine);
    deleteTimes.push(...mineDelete);
    perExample[name] = {
      tables: blueprint.data.tables.length,
      provision_p50_ms: round(percentile(mine, 50)),
      delete_p50_ms: round(percentile(mineDelete, 50)),
    };
  }
  console.table(perExample);

  const crm = examples.find((e) => e.name === "crm")?.blueprint;
  const before = await catalogSize();
  const scaleTimes: number[] = [];
  for (let i = 0; i < SCALE_APPS; i++) {
    const [app, ms] = await provision(crm);
    created.push(app);
    scaleTimes.push(ms);
    if ((i + 1) % 100 === 0) console.log(`${i + 1} apps, last p50 ${round(percentile(scaleTimes.slice(-100), 50))} ms`);
  }
  const after = await catalogSize();
  const first = percentile(scaleTimes.slice(0, 100), 50);
  const last = percentile(scaleTimes.slice(-100), 50);
  const scaleDeleteTimes: number[] = [];
  while (created.length > 0) {
    const app = created.pop() as AppManifest;
    const [, ms] = await timed(() => deleteApp(pool, app));
    scaleDeleteTimes.push(ms);
  }

  writeBenchResult("provision", postgres, {
    provision_p50_ms: { value: round(percentile(provisionTimes, 50)), unit: "ms" },
    provision_p95_ms: { value: round(percentile(provisionTimes, 95)), unit: "ms" },
    delete_p50_ms: { value: round(percentile(deleteTimes, 50)), unit: "ms" },
    scale_first100_p50_ms: { value: round(first), unit: "ms" },
    scale_last100_p50_ms: { value: round(last), unit: "ms" },
    scale_ratio: { value: round(last / first), unit: "x" },
    apps_provisioned: { value: scaleTimes.length, unit: "apps" },
    scale_delete_p50_ms: { value: round(percentile(scaleDeleteTimes, 50)), unit: "ms" },
    catalog_bytes_after_scale: { value: after.bytes, unit: "bytes" },
    catalog_growth_per_app: { value: round((after.bytes - before.bytes) / SCALE_APPS, 0), unit: "bytes" },
    relations_after_scale: { value: after.relations, unit: "relations" },
  });
} finally {
  for (const app of created) await deleteApp(pool, app).catch(() => undefined);
  await pool.end();
  await admin.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await admin.end();
}
