import { createPool, migrate, type Pool, startEmbeddedPostgres } from "@plinth/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseForTest } from "../testing/test-plinth.js";
import { ServerRegistry, UnknownServerError } from "./registry.js";
import { addServer } from "./store.js";

let control: Pool;
let done: () => Promise<void>;

beforeAll(async () => {
  const database = await databaseForTest();
  const embedded = database.url ? undefined : await startEmbeddedPostgres();
  control = createPool(database.url ?? (embedded?.connectionString as string), { max: 1 });
  await migrate(control);
  // Nothing listens there: pools are only made, never used to connect.
  for (const name of ["x", "y", "z"])
    await addServer(control, { name, ddlUrl: "postgres://postgres@127.0.0.1:9/none" });
  done = async () => {
    await control.end();
    await database.drop();
    await embedded?.stop();
  };
}, 60_000);
afterAll(() => done?.());

describe("ServerRegistry", () => {
  it("serves the control plane's own server with the API's own pools", async () => {
    const controlRest = createPool("postgres://postgres@127.0.0.1:9/none");
    const registry = new ServerRegistry({ control, controlRest });
    expect(await registry.ddl("default")).toBe(control);
    expect(await registry.rest("default")).toBe(controlRest);
    expect(registry.openServers()).toEqual([]);
    await registry.close();
    await controlRest.end();
  });

  it("opens a server's pools on first use, reuses them, and closes the least recently used past its bound", async () => {
    const registry = new ServerRegistry({ control, controlRest: control, maxServers: 2 });
    const x = await registry.rest("x");
    expect(await registry.rest("x")).toBe(x);
    await registry.ddl("y");
    await registry.rest("x");
    await registry.rest("z");
    expect(registry.openServers().sort()).toEqual(["x", "z"]);
    expect(x.ending).toBe(false);
    await registry.close();
    expect(x.ending).toBe(true);
  });

  it("closes a server's pools once they go unused", async () => {
    const registry = new ServerRegistry({ control, controlRest: control, idleMs: 1_000 });
    const pool = await registry.rest("x");
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(registry.openServers()).toEqual([]);
    expect(pool.ending).toBe(true);
    expect(await registry.rest("x")).not.toBe(pool);
    await registry.close();
  });

  it("names a server the control plane does not know", async () => {
    const registry = new ServerRegistry({ control, controlRest: control });
    await expect(registry.rest("nowhere")).rejects.toThrow(UnknownServerError);
    await expect(registry.rest("nowhere")).rejects.toThrow('no database server named "nowhere" is registered');
    await registry.close();
  });
});
