/**
 * One app's users cannot stall another app: over HTTP, an app that holds all the
 * database connections it may hold gets its further requests queued or refused with
 * 429 while another app's request is served; request budgets answer 429 with
 * Retry-After; a body over the limit is refused with 413 and writes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, type ExampleApp } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";
import type { TestPlinth } from "../testing/test-plinth.js";

interface Outcome {
  status: number;
  body: { code: string; message: string; hint: string | null };
  retryAfter: string | null;
}

/**
 * A read of app's companies. `ownTransaction` asks for a planned count, which makes it
 * two statements: such a read holds a connection of its own, where a one-statement read
 * may share one (SharedReads).
 */
function read(t: TestPlinth, app: ExampleApp, user: AppUser, ownTransaction = false): Promise<Outcome> {
  return fetch(`${t.url}/rest/v1/companies?select=id`, {
    headers: {
      authorization: `Bearer ${user.token}`,
      "accept-profile": app.schema,
      ...(ownTransaction && { prefer: "count=planned" }),
    },
  }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as Outcome["body"],
    retryAfter: res.headers.get("retry-after"),
  }));
}

/** Tracks whether a request has been answered yet. */
function watch(promise: Promise<Outcome>) {
  const watched = { settled: false, outcome: promise };
  void promise.finally(() => {
    watched.settled = true;
  });
  return watched;
}

describe("concurrency per app and per user", () => {
  const t = testPlinthForFile({
    PLINTH_REST_APP_CONCURRENCY: "2",
    PLINTH_REST_USER_CONCURRENCY: "1",
    PLINTH_REST_QUEUE_SIZE: "1",
    PLINTH_REST_QUEUE_WAIT_MS: "60000",
    PLINTH_REST_BODY_LIMIT_BYTES: String(1024 * 1024),
  });
  const a = exampleAppForFile(t, "crm");
  const b = exampleAppForFile(t, "crm");
  const reps: AppUser[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) reps.push(await addMember(t, a, "sales_rep"));
  }, 120_000);

  /** Resolves once `count` data-API statements wait on the test's lock. */
  async function blockedOnLock(count: number): Promise<void> {
    const pool = t.plinth.database.pool;
    for (;;) {
      const { rows } = await pool.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      if ((rows[0]?.n ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("queues or refuses app A's excess requests while app B's request is served at once", async () => {
    // App A's reads stall on a lock held here, holding their connections as slow queries would.
    const locker = await t.plinth.database.pool.connect();
    await locker.query("begin");
    await locker.query(`lock table "${a.schema}".companies in access exclusive mode`);
    const [rep1, rep2, rep3] = reps as [AppUser, AppUser, AppUser];
    try {
      const ownerFirst = watch(read(t, a, a.owner, true));
      await blockedOnLock(1);
      // The owner may run one request: of two more, one waits in the owner's queue, one is refused.
      const ownerMore = [watch(read(t, a, a.owner, true)), watch(read(t, a, a.owner, true))];
      const ownerRefused = await Promise.race(ownerMore.map((w) => w.outcome));
      expect(ownerRefused.status).toBe(429);
      expect(ownerRefused.body.message).toMatch(/you have too many data API requests running/i);
      expect(Number(ownerRefused.retryAfter)).toBeGreaterThan(0);

      const repFirst = watch(read(t, a, rep1, true));
      await blockedOnLock(2);
      // The app now runs its two: another user's request waits in the app's queue, a third is refused.
      const repsMore = [watch(read(t, a, rep2, true)), watch(read(t, a, rep3, true))];
      const appRefused = await Promise.race(repsMore.map((w) => w.outcome));
      expect(appRefused.status).toBe(429);
      expect(appRefused.body).toMatchObject({
        code: "PGRST429",
        message: expect.stringMatching(/this app has too many/i),
      });

      const quiet = await read(t, b, b.owner);
      expect(quiet.status).toBe(200);
      expect([ownerFirst, repFirst].map((w) => w.settled)).toEqual([false, false]);

      await locker.query("commit");
      const served = await Promise.all([ownerFirst, repFirst].map((w) => w.outcome));
      expect(served.map((o) => o.status)).toEqual([206, 206]);
      const queued = await Promise.all([...ownerMore, ...repsMore].map((w) => w.outcome));
      expect(queued.map((o) => o.status).sort()).toEqual([206, 206, 429, 429]);
    } finally {
      await locker.query("rollback").catch(() => undefined);
      locker.release();
    }
  });

  it("lets app A's one-statement reads share one connection, stalled or not, while app B's are served at once", async () => {
    const locker = await t.plinth.database.pool.connect();
    await locker.query("begin");
    await locker.query(`lock table "${a.schema}".companies in access exclusive mode`);
    try {
      // More than the owner's one connection and queue of one would take, were each read to need a connection.
      const stalled = Array.from({ length: 5 }, () => watch(read(t, a, a.owner)));
      await blockedOnLock(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Still one statement waiting: the other four are written behind it on the same connection.
      const { rows } = await t.plinth.database.pool.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      expect(rows[0]?.n).toBe(1);
      expect((await read(t, b, b.owner)).status).toBe(200);
      expect(stalled.map((w) => w.settled)).toEqual([false, false, false, false, false]);
      await locker.query("commit");
      expect((await Promise.all(stalled.map((w) => w.outcome))).map((o) => o.status)).toEqual([
        200, 200, 200, 200, 200,
      ]);
    } finally {
      await locker.query("rollback").catch(() => undefined);
      locker.release();
    }
  });

  it("refuses a 2 MB write with a 413 that says what to do, and writes nothing", async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => ({ name: `Company ${i} ${"x".repeat(80)}` }));
    const body = JSON.stringify(rows);
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await t.plinth.server.inject({
      method: "POST",
      url: "/rest/v1/companies",
      headers: {
        authorization: `Bearer ${a.owner.token}`,
        "content-profile": a.schema,
        "content-type": "application/json",
      },
      payload: body,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      code: "PGRST413",
      details: null,
      hint: expect.stringMatching(/fewer rows/i),
      message: expect.stringContaining("1048576 bytes"),
    });
    const { rows: count } = await t.plinth.database.pool.query<{ n: number }>(
      `select count(*)::int as n from "${a.schema}".companies where name like 'Company %'`,
    );
    expect(count[0]?.n).toBe(0);
  });
});

describe("request budgets per user and per app", () => {
  const t = testPlinthForFile({ PLINTH_REST_USER_RATE_LIMIT: "3", PLINTH_REST_APP_RATE_LIMIT: "5" });
  const a = exampleAppForFile(t, "crm");
  const b = exampleAppForFile(t, "crm");
  let rep: AppUser;
  beforeAll(async () => {
    rep = await addMember(t, a, "sales_rep");
  }, 60_000);

  it("answers 429 with Retry-After once a user, then the app, is over budget; other apps are unaffected", async () => {
    const owner: Outcome[] = [];
    for (let i = 0; i < 4; i++) owner.push(await read(t, a, a.owner));
    expect(owner.map((o) => o.status)).toEqual([200, 200, 200, 429]);
    expect(owner[3]?.body.message).toMatch(/you have sent too many requests/i);
    const retryAfter = Number(owner[3]?.retryAfter);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const other: Outcome[] = [];
    for (let i = 0; i < 3; i++) other.push(await read(t, a, rep));
    expect(other.map((o) => o.status)).toEqual([200, 200, 429]);
    expect(other[2]?.body.message).toMatch(/this app has received too many/i);
    expect(Number(other[2]?.retryAfter)).toBeGreaterThan(0);

    expect((await read(t, b, b.owner)).status).toBe(200);
  });
});
