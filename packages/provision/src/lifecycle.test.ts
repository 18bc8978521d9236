/**
 * Deleting an app: it is unreachable from the first step on, and a delete that stops
 * half-way (a crash, a lost connection) is finished by running it again.
 */
import { randomUUID } from "node:crypto";
import { testDatabaseForFile } from "@plinth/db/testing";
import type { Pool, PoolClient } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPlan } from "./apply.js";
import { deleteApp } from "./lifecycle.js";
import { AUTHENTICATOR_ROLE } from "./names.js";
import { planProvision } from "./plan.js";
import { withRequestContext } from "./request-context.js";
import { example } from "./testing/examples.js";
import { claimsOf, newUser } from "./testing/rows.js";

const db = testDatabaseForFile();

/** The pool, except that the connection dies at the `n`th DROP TABLE. */
function crashingAt(n: number): Pool {
  let drops = 0;
  const pool = db.pool;
  const connect = async () => {
    const client = await pool.connect();
    return new Proxy(client, {
      get(target, key) {
        if (key === "query")
          return (sql: unknown, ...rest: unknown[]) => {
            if (typeof sql === "string" && sql.startsWith("drop table") && ++drops === n)
              return Promise.reject(new Error("connection lost"));
            return (target.query as (...args: unknown[]) => unknown)(sql, ...rest);
          };
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as PoolClient;
  };
  return { query: pool.query.bind(pool), connect } as unknown as Pool;
}

async function tablesLeft(schema: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    "select count(*)::int as n from pg_tables where schemaname = $1",
    [schema],
  );
  return rows[0]?.n ?? 0;
}

describe("deleting an app", () => {
  it("cuts the app off first, and running delete again after a crash finishes the job", async () => {
    const appId = randomUUID();
    const plan = planProvision(example("crm"), appId);
    const app = await applyPlan(db.pool, plan);

    await expect(deleteApp(crashingAt(1), app)).rejects.toThrow("connection lost");
    // Half deleted: the tables and their data are still there, and nobody reaches them.
    expect(await tablesLeft(app.schema)).toBe(plan.tables.length);
    const read = withRequestContext(db.pool, { appId, role: "manager", claims: claimsOf(newUser()) }, (c) =>
      c.query(`select from "${app.schema}"."companies"`),
    );
    await expect(read).rejects.toMatchObject({ code: "42501" });
    const { rows } = await db.pool.query(
      `select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles a on a.oid = m.member
        where a.rolname = $1 and starts_with(r.rolname, $2)`,
      [AUTHENTICATOR_ROLE, `${app.schema}_`],
    );
    expect(rows).toEqual([]);

    await deleteApp(db.pool, app);
    const { rows: left } = await db.pool.query(
      "select nspname from pg_namespace where nspname = $1 union all select rolname from pg_roles where starts_with(rolname, $1 || '_')",
      [app.schema],
    );
    expect(left).toEqual([]);
  });
});
