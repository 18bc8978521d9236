import { randomUUID } from "node:crypto";
import { testDatabaseForFile } from "@plinth/db/testing";
import type { PoolClient } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ApplyError, type AppManifest, applyPlan } from "./apply.js";
import { deleteApp, startApp, stopApp } from "./lifecycle.js";
import { AUTHENTICATOR_ROLE, roleName } from "./names.js";
import { planProvision } from "./plan.js";
import { RequestContextError, withRequestContext } from "./request-context.js";
import { selfCheck } from "./self-check.js";
import { example, examples } from "./testing/examples.js";
import { claimsOf, newUser } from "./testing/rows.js";

const db = testDatabaseForFile();
const cleanup: AppManifest[] = [];
afterAll(async () => {
  for (const app of cleanup) await deleteApp(db.pool, app);
});

async function provision(name: string, appId = randomUUID()) {
  const plan = planProvision(example(name), appId);
  const app = await applyPlan(db.pool, plan);
  cleanup.push(app);
  return { appId, plan, app };
}

/** Everything of the app the catalogs still know about. */
async function leftovers(schema: string) {
  const { rows } = await db.pool.query<{ what: string }>(
    `select 'schema ' || nspname as what from pg_namespace where nspname = $1
     union all select 'role ' || rolname from pg_roles where starts_with(rolname, $1 || '_')
     union all select 'membership of ' || r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid where starts_with(r.rolname, $1 || '_')
     union all select 'relation ' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1`,
    [schema],
  );
  return rows.map((r) => r.what);
}

const denied = { code: "42501" };

describe("provision and delete", () => {
  for (const { name, blueprint } of examples()) {
    it(`provisions ${name} and deletes it without a trace`, async () => {
      const plan = planProvision(blueprint, randomUUID());
      const app = await applyPlan(db.pool, plan);
      const members = await db.pool.query<{ rolname: string }>(
        `select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles a on a.oid = m.member
          where a.rolname = $1 and starts_with(r.rolname, $2) order by 1`,
        [AUTHENTICATOR_ROLE, `${plan.schema}_`],
      );
      expect(members.rows.map((r) => r.rolname)).toEqual([...app.roles].sort());
      expect(await leftovers(plan.schema)).toContain(`schema ${plan.schema}`);
      expect(await selfCheck(db.pool, plan)).toEqual([]);

      await deleteApp(db.pool, app);
      expect(await leftovers(plan.schema)).toEqual([]);
    });
  }

  it("is all or nothing: a statement failing half-way leaves nothing behind", async () => {
    const plan = planProvision(example("crm"), randomUUID());
    const half = Math.floor(plan.steps.length / 2);
    const broken = {
      ...plan,
      steps: [
        ...plan.steps.slice(0, half),
        { sql: "select 1 / 0", description: "fail on purpose" },
        ...plan.steps.slice(half),
      ],
    };
    const error = await applyPlan(db.pool, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplyError);
    expect((error as ApplyError).step).toBe(half);
    expect((error as Error).message).toMatch(/fail on purpose.*division by zero.*nothing was created/);
    expect(await leftovers(plan.schema)).toEqual([]);
  });

  it("rolls back an app the self-check refuses", async () => {
    const plan = planProvision(example("crm"), randomUUID());
    const weakened = {
      ...plan,
      steps: [
        ...plan.steps,
        { sql: `alter table "${plan.schema}"."deals" no force row level security`, description: "weaken" },
      ],
    };
    const error = (await applyPlan(db.pool, weakened).catch((e: unknown) => e)) as ApplyError;
    expect(error.findings).toEqual([
      { check: "rls", message: "table deals has row-level security enabled but not forced" },
    ]);
    expect(await leftovers(plan.schema)).toEqual([]);
  });
});

describe("self-check", () => {
  const tampering: [string, (schema: string, role: string, other: string) => string, RegExp][] = [
    [
      "RLS disabled",
      (s) => `alter table "${s}"."deals" disable row level security`,
      /deals has row-level security disabled/,
    ],
    [
      "TRUNCATE granted",
      (s, r) => `grant truncate on "${s}"."companies" to "${r}"`,
      /TRUNCATE on companies is granted/,
    ],
    [
      "REFERENCES on a column",
      (s, r) => `grant references ("name") on "${s}"."companies" to "${r}"`,
      /REFERENCES on companies.name/,
    ],
    [
      "a table granted to public",
      (s) => `grant select on "${s}"."companies" to public`,
      /SELECT on companies is granted to public/,
    ],
    [
      "another app's role on the schema",
      (s, _r, o) => `grant usage on schema "${s}" to "${o}"`,
      /USAGE on schema .* is granted to app_/,
    ],
    [
      "a policy without TO",
      (s) => `create policy leak on "${s}"."deals" for select using (true)`,
      /policy leak on deals applies to public/,
    ],
    [
      "an update policy without WITH CHECK",
      (s, r) => `create policy loose on "${s}"."deals" for update to "${r}" using (true)`,
      /loose on deals allows updates without a WITH CHECK/,
    ],
    [
      "a child of a filtered table that is not scoped through it",
      (s) => `drop policy "sales_rep_parents" on "${s}"."activities"`,
      /activities has no restrictive policy sales_rep_parents/,
    ],
    [
      "a column write privilege the blueprint does not give",
      (s, r) => `grant update ("created_by") on "${s}"."deals" to "${r}"`,
      /UPDATE on deals.created_by to app_\w+_sales_rep is granted, but the blueprint does not allow it/,
    ],
    [
      "a write privilege taken away",
      (s, r) => `revoke delete on "${s}"."activities" from "${r}"`,
      /DELETE on activities to app_\w+_sales_rep is missing/,
    ],
    [
      "a command's policy dropped",
      (s) => `drop policy "sales_rep_update" on "${s}"."deals"`,
      /deals has no policy sales_rep_update/,
    ],
    [
      "a command's policy replaced by one for another command",
      (s, r) =>
        `drop policy "sales_rep_delete" on "${s}"."activities"; create policy "sales_rep_delete" on "${s}"."activities" for select to "${r}" using (true)`,
      /policy sales_rep_delete on activities is not the permissive policy for delete/,
    ],
    [
      "a link to a scoping parent without an index",
      (s) => `drop index "${s}"."plinth_idx_activities_deal_id"`,
      /activities.deal_id is read by a row-level policy but has no index/,
    ],
    [
      "a filter column without an index",
      // The deals list's order within each owner is indexed by owner_id first too.
      (s) => `drop index "${s}"."plinth_idx_deals_owner_id"; drop index "${s}"."plinth_idx_deals_owner_id_close_date"`,
      /deals.owner_id is read by a row-level policy but has no index/,
    ],
    ["an app role that can log in", (_s, r) => `alter role "${r}" login`, /can log in/],
  ];

  it.each(tampering)("finds %s", async (_what, tamper, finding) => {
    const { plan } = await provisionOnce();
    const other = await provisionOnce(true);
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      await client.query(
        tamper(plan.schema, roleName(plan.appKey, "sales_rep"), roleName(other.plan.appKey, "manager")),
      );
      const findings = await selfCheck(client, plan);
      expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(finding)]);
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
});

const shared: Promise<Awaited<ReturnType<typeof provision>>>[] = [];
function provisionOnce(second = false) {
  const index = second ? 1 : 0;
  shared[index] ??= provision("crm");
  return shared[index] as Promise<Awaited<ReturnType<typeof provision>>>;
}

describe("system columns", () => {
  it("stamps created_by with the token's user and never lets a client write it", async () => {
    const { appId, app } = await provisionOnce();
    const [alice, bob] = [newUser(), newUser()];
    const asAlice = { appId, role: "sales_rep", claims: claimsOf(alice) };
    const deal = await withRequestContext(db.pool, asAlice, async (client) => {
      const company = await client.query<{ id: string }>(
        `insert into "${app.schema}"."companies" (name) values ('Acme') returning id`,
      );
      const { rows } = await client.query(
        `insert into "${app.schema}"."deals" (title, company_id) values ('Big one', $1) returning id, owner_id, created_by, created_at, updated_at`,
        [company.rows[0]?.id],
      );
      return rows[0];
    });
    expect(deal).toMatchObject({ owner_id: alice.id, created_by: alice.id });

    const forge = (sql: string, params: unknown[]) =>
      withRequestContext(db.pool, asAlice, (client) => client.query(sql, params));
    await expect(
      forge(`insert into "${app.schema}"."activities" (subject, deal_id, created_by) values ('x', $1, $2)`, [
        deal.id,
        bob.id,
      ]),
    ).rejects.toMatchObject(denied);
    await expect(
      forge(`update "${app.schema}"."deals" set created_by = $2 where id = $1`, [deal.id, bob.id]),
    ).rejects.toMatchObject(denied);
    await expect(
      forge(`update "${app.schema}"."deals" set created_at = now() - interval '1 year' where id = $1`, [deal.id]),
    ).rejects.toMatchObject(denied);

    const updated = await withRequestContext(db.pool, asAlice, async (client) => {
      const { rows } = await client.query(
        `update "${app.schema}"."deals" set title = 'Bigger' where id = $1 returning created_by, created_at, updated_at`,
        [deal.id],
      );
      return rows[0];
    });
    expect(updated.created_by).toBe(alice.id);
    expect(updated.created_at).toEqual(deal.created_at);
    expect(updated.updated_at.getTime()).toBeGreaterThan(deal.updated_at.getTime());
  });
});

describe("withRequestContext", () => {
  it("refuses any role that is not one of the app's roles", async () => {
    const { appId } = await provisionOnce();
    const { appId: otherAppId } = await provisionOnce(true);
    const claims = claimsOf(newUser());
    const noop = async () => undefined;
    await expect(withRequestContext(db.pool, { appId, role: '" or 1=1 --', claims }, noop)).rejects.toThrow(
      RequestContextError,
    );
    await expect(withRequestContext(db.pool, { appId, role: "_owner", claims }, noop)).rejects.toThrow(
      RequestContextError,
    );
    await expect(withRequestContext(db.pool, { appId, role: "auditor", claims }, noop)).rejects.toThrow(
      /cannot act as role "auditor"/,
    );
    // The database's own refusal keeps its SQLSTATE, so callers tell a missing role from a lost connection.
    await expect(withRequestContext(db.pool, { appId, role: "auditor", claims }, noop)).rejects.toMatchObject({
      sqlState: "22023",
    });
    await expect(
      withRequestContext(db.pool, { appId, role: "manager", claims: { ...claims, app_id: otherAppId } }, noop),
    ).rejects.toThrow(/token is for app/);
    await expect(
      withRequestContext(
        db.pool,
        { appId, role: "manager", claims: { ...claims, role: roleName(otherAppId, "manager") } },
        noop,
      ),
    ).rejects.toThrow(/does not match/);
  });

  it("acts as the role with the claims inside one transaction, and read-only when asked", async () => {
    const { appId, app } = await provisionOnce();
    const user = newUser();
    const seen = await withRequestContext(
      db.pool,
      { appId, role: "manager", claims: claimsOf(user), readOnly: true },
      async (client) => {
        const { rows } = await client.query(
          "select current_user as role, current_setting('request.jwt.claims', true)::jsonb ->> 'sub' as sub",
        );
        await expect(client.query(`insert into "${app.schema}"."companies" (name) values ('x')`)).rejects.toMatchObject(
          { code: "25006" },
        );
        return rows[0];
      },
    );
    expect(seen).toEqual({ role: roleName(appId, "manager"), sub: user.id });
  });

  it("leaves nothing on a reused connection, and a request without claims sees no user's rows", async () => {
    const { appId, app } = await provisionOnce();
    const user = newUser();
    const client: PoolClient = await db.pool.connect();
    try {
      await withRequestContext(client, { appId, role: "sales_rep", claims: claimsOf(user) }, async (c) => {
        const company = await c.query<{ id: string }>(
          `insert into "${app.schema}"."companies" (name) values ('Reuse') returning id`,
        );
        await c.query(`insert into "${app.schema}"."deals" (title, company_id) values ('Mine', $1)`, [
          company.rows[0]?.id,
        ]);
      });
      const after = await client.query(
        "select current_user as role, coalesce(current_setting('request.jwt.claims', true), '') as claims",
      );
      expect(after.rows[0]?.claims).toBe("");
      expect(after.rows[0]?.role).not.toMatch(/^app_/);
      const visible = await withRequestContext(client, { appId, role: "sales_rep", claims: {} }, (c) =>
        c.query(`select id from "${app.schema}"."deals"`),
      );
      expect(visible.rowCount).toBe(0);
    } finally {
      client.release();
    }
  });
});

describe("stop and start", () => {
  it("a stopped app refuses every operation for every role; starting it restores access with data intact", async () => {
    const { appId, app } = await provision("crm");
    const user = newUser();
    const companyId = randomUUID();
    await withRequestContext(db.pool, { appId, role: "manager", claims: claimsOf(user) }, (c) =>
      c.query(`insert into "${app.schema}"."companies" (id, name) values ($1, 'Kept')`, [companyId]),
    );
    const operations = [
      `select count(*) from "${app.schema}"."companies"`,
      `insert into "${app.schema}"."companies" (name) values ('New')`,
      `update "${app.schema}"."companies" set name = 'Changed' where id = '${companyId}'`,
      `delete from "${app.schema}"."companies" where id = '${companyId}'`,
      `select "${app.schema}".plinth_user_id()`,
    ];

    await stopApp(db.pool, app);
    for (const role of ["manager", "sales_rep"]) {
      for (const sql of operations) {
        await expect(
          withRequestContext(db.pool, { appId, role, claims: claimsOf(user) }, (c) => c.query(sql)),
          `${role}: ${sql}`,
        ).rejects.toMatchObject({ code: "42501", message: expect.stringMatching(/permission denied for schema/) });
      }
    }

    await startApp(db.pool, app);
    const rows = await withRequestContext(
      db.pool,
      { appId, role: "sales_rep", claims: claimsOf(user), readOnly: true },
      (c) => c.query(`select id, name from "${app.schema}"."companies"`),
    );
    expect(rows.rows).toEqual([{ id: companyId, name: "Kept" }]);
  });
});
