import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrations.js";
import { openTestDatabase, type TestDatabase } from "./testing/test-database.js";

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), "plinth-migrations-"));
const schema = `migrations_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;

beforeAll(async () => {
  db = await openTestDatabase();
  writeFileSync(join(dir, "0001_schema.sql"), `create schema ${schema};`);
  writeFileSync(join(dir, "0002_table.sql"), `create table ${schema}.things (id int primary key);`);
});
afterAll(async () => {
  await db.pool.query(`drop schema if exists ${schema} cascade`);
  await db.pool.query(
    "delete from public.plinth_migrations where name like '000%\\_schema.sql' or name like '000%\\_table.sql' or name = '0003_broken.sql'",
  );
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("applies each migration once, in order, even when two replicas start together", async () => {
    const migrations = readMigrations(dir);
    const [first, second] = await Promise.all([migrate(db.pool, migrations), migrate(db.pool, migrations)]);
    expect([...first, ...second].sort()).toEqual(["0001_schema.sql", "0002_table.sql"]);
    expect(await migrate(db.pool, migrations)).toEqual([]);
    const { rows } = await db.pool.query(`select count(*)::int as n from ${schema}.things`);
    expect(rows[0].n).toBe(0);
  });

  it("rolls back a failing migration and names it", async () => {
    writeFileSync(join(dir, "0003_broken.sql"), `create table ${schema}.half (id int); select no_such_function();`);
    await expect(migrate(db.pool, readMigrations(dir))).rejects.toThrow(/0003_broken\.sql failed/);
    const { rows } = await db.pool.query("select to_regclass($1) as t", [`${schema}.half`]);
    expect(rows[0].t).toBeNull();
  });

  it("reads the control plane's own migrations in name order", () => {
    const names = readMigrations().map((m) => m.name);
    expect(names[0]).toBe("0001_control_plane.sql");
    expect([...names].sort()).toEqual(names);
  });
});
