import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, type Pool } from "./pool.js";
import { PREPARED_PER_CONNECTION } from "./prepared.js";
import { openTestDatabase, type TestDatabase } from "./testing/test-database.js";
import { singleStatementTransaction } from "./transaction.js";

const preparedCount = async (client: { query: Pool["query"] }) =>
  (await client.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements")).rows[0]?.n;

// Callers share a connection only where it pipelines (a real Postgres server).
describe.skipIf(!process.env.DATABASE_URL)("prepared single-statement transactions sharing a connection", () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await openTestDatabase();
    pool = createPool(db.connectionString, { max: 1, pipeline: true });
  });

  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  it("prepares a statement asked for again once, and answers each caller under its own settings", async () => {
    const client = await pool.connect();
    try {
      const text = "select current_setting('plinth.who') as v, $1::int as n";
      const before = await preparedCount(client);
      const answers = await Promise.all(
        [1, 2, 3].map((n) =>
          singleStatementTransaction<{ v: string; n: number }>(
            client,
            { readOnly: true, settings: { "plinth.who": `caller ${n}` } },
            text,
            [n],
            true,
          ).then((r) => r.rows[0]),
        ),
      );
      expect(answers).toEqual([1, 2, 3].map((n) => ({ v: `caller ${n}`, n })));
      expect(await preparedCount(client)).toBe((before ?? 0) + 1);
    } finally {
      client.release();
    }
  });

  it("answers a caller whose statement's preparation failed in the transaction written before it", async () => {
    const client = await pool.connect();
    try {
      const text = "select current_setting('plinth.who') as v, 'after a failed setup' as why";
      // The first caller's setup fails, so (pipelined) its statement is never prepared; the
      // second, written before that was known, must still get its answer.
      const [refused, answered] = await Promise.allSettled([
        singleStatementTransaction(client, { settings: { role: "no_such_role_h19" } }, text, [], true),
        singleStatementTransaction<{ v: string }>(client, { settings: { "plinth.who": "second" } }, text, [], true),
      ]);
      expect(refused.status).toBe("rejected");
      expect(answered.status === "fulfilled" && answered.value.rows[0]?.v).toBe("second");
    } finally {
      client.release();
    }
  });
});

describe.each([false, true])("prepared statements per connection, pipelined: %s", (pipeline) => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await openTestDatabase();
    pool = createPool(db.connectionString, { max: 1, pipeline: pipeline && !db.embedded });
  });

  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  it("keeps at most its share of prepared statements on a connection; the rest run unprepared", async () => {
    const client = await pool.connect();
    try {
      for (let i = 0; i < PREPARED_PER_CONNECTION + 5; i++) {
        const { rows } = await singleStatementTransaction<{ n: number }>(client, {}, `select ${i}::int as n`, [], true);
        expect(rows).toEqual([{ n: i }]);
      }
      expect(await preparedCount(client)).toBe(PREPARED_PER_CONNECTION);
    } finally {
      client.release();
    }
  });
});
