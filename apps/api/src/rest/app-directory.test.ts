import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ExampleApp, provisionExample } from "../testing/example-apps.js";
import { startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";
import { AppDirectory } from "./app-directory.js";

let t: TestPlinth;
let crm: ExampleApp;
beforeAll(async () => {
  t = await startTestPlinth();
  crm = await provisionExample(t, "crm");
}, 120_000);
afterAll(async () => {
  await t?.close();
}, 60_000);

describe("the data API's app directory", () => {
  it("asks the database once when a burst of requests finds an app's entry missing", async () => {
    const pool = t.plinth.database.pool;
    const directory = new AppDirectory(pool);
    const query = vi.spyOn(pool, "query");
    try {
      const entries = await Promise.all(Array.from({ length: 20 }, () => directory.bySchema(crm.schema)));
      expect(new Set(entries.map((e) => e?.appId))).toEqual(new Set([crm.id]));
      const lookups = query.mock.calls.filter(([text]) => String(text).includes("app_runtime_config"));
      expect(lookups).toHaveLength(1);

      const accesses = await Promise.all(
        Array.from({ length: 20 }, () =>
          directory.accessOf(entries[0] as NonNullable<(typeof entries)[0]>, crypto.randomUUID()),
        ),
      );
      // A user who is not a member has no access, and that answer is cached like any other.
      expect(accesses.every((a) => a === null)).toBe(true);
      expect(await directory.accessOf(entries[0] as NonNullable<(typeof entries)[0]>, crm.owner.id)).not.toBeNull();
    } finally {
      query.mockRestore();
    }
  });

  it("knows no app behind a schema nobody has", async () => {
    expect(await new AppDirectory(t.plinth.database.pool).bySchema("app_000000000000")).toBeNull();
  });
});
