import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, type Pool } from "./pool.js";
import { PREPARED_PER_CONNECTION } from "./prepared.js";
import { openTestDatabase, type TestDatabase } from "./testing/test-database.js";
import { inTransaction, singleStatementTransaction, TransactionSetupError, withClient } from "./transaction.js";

/** Statements prepared for callers; the few settings statements (implicit-transaction.ts) are the transactions' own. */
const preparedCount = async (client: { query: Pool["query"] }) =>
  (
    await client.query<{ n: number }>(
      "select count(*)::int as n from pg_prepared_statements where name not like 'plinth\\_settings\\_%'",
    )
  ).rows[0]?.n;

// Pipeline mode is for a real Postgres server (the data API's pool); both kinds of pool
// must behave alike, so every case runs on each.
describe.each([false, true])("inTransaction, pipelined: %s", (pipeline) => {
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

  const setting = (client: { query: Pool["query"] }) =>
    client.query<{ v: string | null }>("select current_setting('plinth.test', true) as v");

  it("opens connections in the mode asked for", async () => {
    const client = await pool.connect();
    client.release();
    expect((client as unknown as { pipeline: boolean }).pipeline).toBe(pipeline && !db.embedded);
  });

  it("runs the last statement under the transaction's settings and commits with it", async () => {
    const rows = await inTransaction(pool, { readOnly: true, settings: { "plinth.test": "on" } }, async (_c, end) => {
      return (await end.commitWith<{ v: string }>("select current_setting('plinth.test') as v", [])).rows;
    });
    expect(rows).toEqual([{ v: "on" }]);
    // The setting was local to that transaction: the connection's next one does not see it.
    expect((await setting(pool)).rows[0]?.v ?? "").toBe("");
  });

  it("reports a setting the server refuses as a setup error, not the statement's failure behind it", async () => {
    const attempt = inTransaction(pool, { settings: { role: "plinth_no_such_role_h19" } }, async (client, end) => {
      await client.query("select 1");
      return end.commitWith("select 2", []);
    });
    await expect(attempt).rejects.toBeInstanceOf(TransactionSetupError);
    await expect(attempt).rejects.toThrow(/plinth_no_such_role_h19/);
    // The connection is back to no transaction and no role.
    const { rows } = await pool.query<{ u: string }>("select current_user as u");
    expect(rows[0]?.u).not.toBe("plinth_no_such_role_h19");
  });

  it("ends the transaction when the last statement fails, so the connection is usable", async () => {
    const attempt = inTransaction(pool, { settings: { "plinth.test": "on" } }, (_client, end) =>
      end.commitWith("select 1 / 0", []),
    );
    await expect(attempt).rejects.toThrow(/division by zero/);
    const client = await pool.connect();
    try {
      expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
      expect((await setting(client)).rows[0]?.v ?? "").toBe("");
    } finally {
      client.release();
    }
  });

  it("rolls a write back when the function throws after it", async () => {
    await pool.query("create temporary table if not exists tx_probe (n int)");
    const attempt = inTransaction(pool, {}, async (client) => {
      await client.query("insert into tx_probe values (1)");
      throw new Error("changed my mind");
    });
    await expect(attempt).rejects.toThrow("changed my mind");
    expect((await pool.query("select count(*)::int as n from tx_probe")).rows).toEqual([{ n: 0 }]);
  });

  it("keeps at most its share of prepared statements on a connection; the rest run unprepared", async () => {
    await withClient(pool, async (client) => {
      for (let i = 0; i < PREPARED_PER_CONNECTION + 5; i++) {
        const { rows } = await singleStatementTransaction<{ n: number }>(client, {}, `select ${i}::int as n`, [], true);
        expect(rows).toEqual([{ n: i }]);
      }
      expect(await preparedCount(client)).toBe(PREPARED_PER_CONNECTION);
    });
  });
});

describe("single-statement transactions sharing one pipelining connection", () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await openTestDatabase();
    pool = createPool(db.connectionString, { max: 1, pipeline: !db.embedded });
  });

  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  it("each sees only its own settings, and a failing one leaves the others alone", async () => {
    const client = await pool.connect();
    try {
      const reads = Array.from({ length: 30 }, (_, i) =>
        singleStatementTransaction<{ v: string }>(
          client,
          { readOnly: true, settings: { "plinth.who": `caller ${i}` } },
          // Every fifth one fails after reading its setting.
          i % 5 === 4
            ? "select current_setting('plinth.who') as v, 1 / 0 as boom"
            : "select current_setting('plinth.who') as v",
          [],
        ).then(
          (result) => result.rows[0]?.v,
          (error: Error) => `failed: ${error.message}`,
        ),
      );
      const answers = await Promise.all(reads);
      answers.forEach((answer, i) => {
        expect(answer).toBe(i % 5 === 4 ? "failed: division by zero" : `caller ${i}`);
      });
      // Nothing is left open or set on the connection.
      expect((await client.query("select current_setting('plinth.who', true) as v")).rows[0]?.v ?? "").toBe("");
      expect((client as unknown as { getTransactionStatus(): string }).getTransactionStatus()).toBe("I");
    } finally {
      client.release();
    }
  });

  // Callers share a connection only where it pipelines (a real Postgres server).
  it.skipIf(!process.env.DATABASE_URL)(
    "prepares a statement asked for again once, and answers each caller under its own settings",
    async () => {
      await withClient(pool, async (client) => {
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
      });
    },
  );

  it("refuses a write in a read-only one and stops a statement running past its timeout", async () => {
    await withClient(pool, async (client) => {
      const write = singleStatementTransaction(
        client,
        { readOnly: true },
        "create temporary table ro_probe (n int)",
        [],
      );
      await expect(write).rejects.toThrow(/read-only transaction/);
      const slow = singleStatementTransaction(client, { statementTimeoutMs: 50 }, "select pg_sleep(5)", []);
      await expect(slow).rejects.toThrow(/statement timeout/);
      expect((await client.query("show statement_timeout")).rows[0]?.statement_timeout).toBe("0");
    });
  });

  it.skipIf(!process.env.DATABASE_URL)("prepares its settings again when the server has forgotten them", async () => {
    await withClient(pool, async (client) => {
      const read = (who: string) =>
        singleStatementTransaction<{ v: string }>(
          client,
          { settings: { "plinth.who": who } },
          "select current_setting('plinth.who') as v",
          [],
          true,
        ).then((r) => r.rows[0]?.v);
      expect(await read("before")).toBe("before");
      await client.query("deallocate all");
      expect(await read("after")).toBe("after");
      expect(await read("again")).toBe("again");
    });
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "answers a caller whose statement's preparation failed in the transaction written before it",
    async () => {
      await withClient(pool, async (client) => {
        const text = "select current_setting('plinth.who') as v, 'after a failed setup' as why";
        // The first caller's setup fails, so (pipelined) its statement is never prepared; the
        // second, written before that was known, must still get its answer.
        const [refused, answered] = await Promise.allSettled([
          singleStatementTransaction(client, { settings: { role: "no_such_role_h19" } }, text, [], true),
          singleStatementTransaction<{ v: string }>(client, { settings: { "plinth.who": "second" } }, text, [], true),
        ]);
        expect(refused.status).toBe("rejected");
        expect(answered.status === "fulfilled" && answered.value.rows[0]?.v).toBe("second");
      });
    },
  );
});
