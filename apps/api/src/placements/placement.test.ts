/**
 * Placement against two real PostgreSQL servers: the one at DATABASE_URL (the control
 * plane's, server "default") and a throwaway cluster this file starts (server "b").
 */
import { createPool, type Pool } from "@plinth/db";
import { applyPlan, planProvision, RequestContextError, roleName, withRequestContext } from "@plinth/provision";
import { isolationMatrix, matrixSize } from "@plinth/provision/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExampleApp, provisionExample } from "../testing/example-apps.js";
import { type SecondServer, secondServerUnavailable, startSecondServer } from "../testing/second-server.js";
import { startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";
import { catchUp, checksumOf, snapshotOf } from "./copy-rows.js";
import { AppMover, type MoveReport } from "./mover.js";
import { drainServer, listServerStatuses, registerConfiguredServers } from "./operator.js";
import { prepareServer } from "./prepare.js";
import { addServer, beginMove, placementOf } from "./store.js";

const unavailable = secondServerUnavailable();
if (unavailable) console.warn(`skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)("apps on two PostgreSQL servers", () => {
  let second: SecondServer;
  let t: TestPlinth;
  let b: Pool;
  /** Two apps on each server, placed by the policy in turn: b, default, b, default. */
  const apps: { app: ExampleApp; server: string }[] = [];

  const control = () => t.plinth.database.pool;
  const serverPool = (server: string) => (server === "b" ? b : control());
  const schemaOn = async (pool: Pool, schema: string) =>
    (await pool.query("select from pg_namespace where nspname = $1", [schema])).rowCount === 1;
  const rest = (app: ExampleApp, path: string, init: RequestInit = {}) =>
    fetch(`${t.url}/rest/v1/${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${app.owner.token}`,
        "accept-profile": app.schema,
        "content-profile": app.schema,
        "content-type": "application/json",
        ...init.headers,
      },
    });

  beforeAll(async () => {
    second = await startSecondServer();
    t = await startTestPlinth({
      PLINTH_REST_USER_RATE_LIMIT: "100000",
      PLINTH_REST_APP_RATE_LIMIT: "100000",
      PLINTH_REST_USER_CONCURRENCY: "4",
      PLINTH_REST_APP_CONCURRENCY: "4",
    });
    b = createPool(second.url, { max: 4 });
    await prepareServer(b);
    await addServer(control(), { name: "b", ddlUrl: second.url });
    for (let i = 0; i < 4; i++) {
      const app = await provisionExample(t, "crm");
      apps.push({ app, server: (await placementOf(control(), app.id)).server });
    }
  }, 180_000);

  afterAll(async () => {
    await b?.end();
    await t?.close();
    second?.remove();
  }, 120_000);

  it("places new apps on the open server with the most room, so they land on both", async () => {
    expect(apps.map((a) => a.server)).toEqual(["b", "default", "b", "default"]);
    for (const { app, server } of apps) {
      expect(await schemaOn(serverPool(server), app.schema)).toBe(true);
      expect(await schemaOn(serverPool(server === "b" ? "default" : "b"), app.schema)).toBe(false);
      const res = await rest(app, "companies?select=id");
      expect(res.status).toBe(200);
    }
  });

  it("keeps every role to exactly what the blueprint allows on each server", async () => {
    for (const server of ["default", "b"]) {
      const [one, other] = apps.filter((a) => a.server === server).map((a) => a.app);
      if (!one || !other) throw new Error(`two apps were expected on ${server}`);
      const { cases, mismatches } = await isolationMatrix(
        serverPool(server),
        one.blueprint,
        one.schema,
        one.id,
        other.id,
      );
      expect(mismatches).toEqual([]);
      expect(cases).toBe(matrixSize(one.blueprint));
    }
  }, 180_000);

  it("gives a token for an app on one server nothing on the other", async () => {
    const onDefault = apps.find((a) => a.server === "default")?.app as ExampleApp;
    const onB = apps.find((a) => a.server === "b")?.app as ExampleApp;
    // Through the data API: the token names its app, so another app's schema is refused outright.
    const res = await rest(onDefault, "companies?select=id", {
      headers: { "accept-profile": onB.schema },
    });
    expect(res.status).toBe(406);
    // In the database: server b has no role of the app on default at all.
    const claims = {
      sub: onDefault.owner.id,
      app_id: onDefault.id,
      app_role: "manager",
      role: roleName(onDefault.id, "manager"),
    };
    await expect(
      withRequestContext(await t.plinth.servers.rest("b"), { appId: onDefault.id, role: "manager", claims }, (client) =>
        client.query(`select * from ${onB.schema}.companies`),
      ),
    ).rejects.toThrow(RequestContextError);
  });

  it("moves an app under a steady write load without losing or repeating a row", async () => {
    const { app } = apps.find((a) => a.server === "default") as { app: ExampleApp };
    await control().query(
      `insert into ${app.schema}.companies (name) select 'seed-' || g from generate_series(1, 5000) g`,
    );
    const acknowledged: string[] = [];
    const refused: string[] = [];
    let writing = true;
    let next = 0;
    const writer = async () => {
      while (writing) {
        const name = `write-${next++}`;
        const res = await rest(app, "companies", { method: "POST", body: JSON.stringify({ name }) });
        (res.status === 201 ? acknowledged : refused).push(name);
      }
    };
    const writers = [writer(), writer(), writer()];
    let report: MoveReport;
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      report = await new AppMover(control(), t.plinth.servers).move(app.id, "b");
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      writing = false;
      await Promise.all(writers);
    }

    expect(report).toMatchObject({ from: "default", to: "b", sourceDropped: true });
    console.log(
      `moved under load: ${report.rows} rows, ${report.caughtUp} caught up, writes held ${Math.round(report.heldMs)} ms`,
    );
    expect((await placementOf(control(), app.id)).server).toBe("b");
    expect(await schemaOn(control(), app.schema)).toBe(false);
    expect(refused).toEqual([]);
    const { rows } = await b.query<{ name: string; n: number }>(
      `select name, count(*)::int as n from ${app.schema}.companies where name like 'write-%' group by name`,
    );
    expect(rows.filter((r) => r.n > 1)).toEqual([]);
    expect(rows.map((r) => r.name).sort()).toEqual([...acknowledged].sort());
    const seeds = await b.query<{ n: number }>(
      `select count(*)::int as n from ${app.schema}.companies where name like 'seed-%'`,
    );
    expect(seeds.rows[0]?.n).toBe(5000);
    expect(acknowledged.length).toBeGreaterThan(10);
    // The app is served from its new server.
    expect((await rest(app, "companies?select=id&limit=1")).status).toBe(200);
    apps.splice(
      apps.findIndex((a) => a.app.id === app.id),
      1,
      { app, server: "b" },
    );
  }, 120_000);

  it("catches a copy up with rows added, changed and removed since it was made", async () => {
    const schema = `catch_up_${crypto.randomUUID().slice(0, 8)}`;
    const table = { table: "things", columns: ["id", "v"] };
    const setUp = `create schema ${schema}; create table ${schema}.things (id uuid primary key, v text)`;
    await control().query(setUp);
    await b.query(setUp);
    try {
      const [kept, changed, added, removed] = Array.from({ length: 4 }, () => crypto.randomUUID());
      const rows = `($1, 'kept'), ($2, 'old value'), ($3, 'removed')`;
      await control().query(`insert into ${schema}.things values ${rows}`, [kept, changed, removed]);
      // The copy as a bulk copy made it, and the snapshot it was made from.
      await b.query(`insert into ${schema}.things values ${rows}`, [kept, changed, removed]);
      const source = await control().connect();
      const target = await b.connect();
      try {
        await source.query("begin isolation level repeatable read");
        const snapshot = await snapshotOf(source);
        await source.query("commit");
        // Writes after the snapshot.
        await control().query(`update ${schema}.things set v = 'new value' where id = $1`, [changed]);
        await control().query(`insert into ${schema}.things values ($1, 'added')`, [added]);
        await control().query(`delete from ${schema}.things where id = $1`, [removed]);
        await target.query("begin");
        const outcome = await catchUp(source, target, schema, table, snapshot);
        expect(outcome).toEqual({ changed: 2, removed: 1, rows: 3 });
        expect(await checksumOf(target, schema, table)).toEqual(await checksumOf(source, schema, table));
        const { rows: values } = await target.query(`select v from ${schema}.things order by v`);
        expect(values.map((r) => r.v)).toEqual(["added", "kept", "new value"]);
        await target.query("rollback");
      } finally {
        source.release();
        target.release();
      }
    } finally {
      await control().query(`drop schema ${schema} cascade`);
      await b.query(`drop schema ${schema} cascade`);
    }
  });

  it("leaves an app where it was, running, when its move fails", async () => {
    const { app } = apps.find((a) => a.server === "default") as { app: ExampleApp };
    // A transaction still writing to the app keeps the move from holding writes in time.
    const blocker = await control().connect();
    try {
      await blocker.query("begin");
      await blocker.query(`insert into ${app.schema}.companies (name) values ('in flight')`);
      const moving = new AppMover(control(), t.plinth.servers, { lockTimeoutMs: 300 }).move(app.id, "b");
      await expect(moving).rejects.toThrow(/stays on "default", running as before/);
    } finally {
      await blocker.query("rollback");
      blocker.release();
    }
    expect(await placementOf(control(), app.id)).toEqual({ server: "default", movingTo: null });
    expect(await schemaOn(b, app.schema)).toBe(false);
    expect((await rest(app, "companies", { method: "POST", body: JSON.stringify({ name: "after" }) })).status).toBe(
      201,
    );
  }, 60_000);

  it("removes the half-made copy of a move that died, and the app stays where it was", async () => {
    const { app } = apps.find((a) => a.server === "default") as { app: ExampleApp };
    await beginMove(control(), app.id, "default", "b");
    await applyPlan(b, planProvision(app.blueprint, app.id));
    expect(await new AppMover(control(), t.plinth.servers).recoverUnfinished()).toBe(1);
    expect(await placementOf(control(), app.id)).toEqual({ server: "default", movingTo: null });
    expect(await schemaOn(b, app.schema)).toBe(false);
    expect((await rest(app, "companies?select=id&limit=1")).status).toBe(200);
  }, 60_000);

  it("registers configured servers once, and refuses another connection for a known one", async () => {
    await registerConfiguredServers(control(), [{ name: "b", ddlUrl: second.url }]);
    await expect(
      registerConfiguredServers(control(), [{ name: "b", ddlUrl: second.url.replace("postgres@", "other@") }]),
    ).rejects.toThrow(/another connection than the control plane has/);
  });

  it("keeps serving the apps on one server while the other is down", async () => {
    const onDefault = apps.find((a) => a.server === "default")?.app as ExampleApp;
    const onB = apps.find((a) => a.server === "b")?.app as ExampleApp;
    await b.end();
    second.stop();
    try {
      expect((await rest(onDefault, "companies?select=id")).status).toBe(200);
      const down = await rest(onB, "companies?select=id");
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        message: "The database server holding this app cannot be reached right now; nothing was changed.",
      });
      const health = (await (await fetch(`${t.url}/api/health`)).json()) as {
        status: string;
        servers: { name: string; reachable: boolean; apps: number }[];
      };
      expect(health.status).toBe("degraded");
      expect(health.servers.find((s) => s.name === "b")).toMatchObject({ reachable: false });
      expect(health.servers.find((s) => s.name === "default")).toMatchObject({ reachable: true });
    } finally {
      second.start();
      b = createPool(second.url, { max: 4 });
    }
    // Back up, its apps answer again without restarting Plinth.
    expect((await rest(onB, "companies?select=id")).status).toBe(200);
  }, 60_000);

  it("lists each server's apps and app data for the operator, and drains a server onto the others", async () => {
    const listed = await listServerStatuses(control(), t.plinth.servers);
    expect(listed.map(({ name, state, apps, reachable }) => ({ name, state, apps, reachable }))).toEqual([
      { name: "b", state: "open", apps: 3, reachable: true },
      { name: "default", state: "open", apps: 1, reachable: true },
    ]);
    expect(listed.find((s) => s.name === "b")?.appBytes).toBeGreaterThan(0);

    const moved: string[] = [];
    const outcome = await drainServer(control(), t.plinth.servers, "b", (report) => {
      if (!("error" in report)) moved.push(report.appId);
    });
    expect(outcome).toEqual({ moved: 3, failed: 0, closed: true });
    for (const { app } of apps) {
      expect((await placementOf(control(), app.id)).server).toBe("default");
      expect((await rest(app, "companies?select=id&limit=1")).status).toBe(200);
    }
    const after = await listServerStatuses(control(), t.plinth.servers);
    expect(after.find((s) => s.name === "b")).toMatchObject({ state: "closed", apps: 0 });
  }, 120_000);
});
