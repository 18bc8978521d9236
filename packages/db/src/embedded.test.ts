import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.js";
import { createPool } from "./pool.js";
import { openTestDatabase, type TestDatabase } from "./testing/test-database.js";

describe("openTestDatabase", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  }, 60_000);
  afterAll(() => db.close());

  it("uses DATABASE_URL when set and the embedded server otherwise", () => {
    expect(db.embedded).toBe(!process.env.DATABASE_URL);
    expect(db.version).toMatch(/^PostgreSQL \d+/);
  });

  it("serves several pg clients at once, each transaction seeing only its own settings", async () => {
    // On PGlite the transactions run one after another (see embedded.ts); on Postgres in parallel.
    const seen = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const client = await db.pool.connect();
        try {
          await client.query("begin");
          await client.query("select set_config('plinth.probe', $1, true)", [`client ${i}`]);
          await new Promise((resolve) => setTimeout(resolve, 5));
          const { rows } = await client.query<{ v: string }>("select current_setting('plinth.probe') as v");
          await client.query("commit");
          return rows[0]?.v;
        } finally {
          client.release();
        }
      }),
    );
    expect(seen).toEqual(["client 0", "client 1", "client 2", "client 3"]);
    const after = await db.pool.query<{ v: string | null }>("select current_setting('plinth.probe', true) as v");
    expect(after.rows[0]?.v ?? "").toBe("");
  });
});

describe("startEmbeddedPostgres", () => {
  it("keeps data in its data folder across restarts", async () => {
    const dataDir = join(tmpdir(), `plinth-db-${process.pid}-${Date.now()}`);
    try {
      const first = await startEmbeddedPostgres({ dataDir });
      const pool = createPool(first.connectionString);
      await pool.query("create table kept (v text); insert into kept values ('still here')");
      await pool.end();
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir });
      const again = createPool(second.connectionString);
      const { rows } = await again.query("select v from kept");
      await again.end();
      await second.stop();
      expect(rows).toEqual([{ v: "still here" }]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
