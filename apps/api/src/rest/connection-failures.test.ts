/**
 * What a data-API user sees when the database connection fails under their request:
 * a failure at BEGIN is a retryable 503 (nothing ran), not a verdict on their role; a
 * role the database no longer knows is the 403 that sends them to sign in again; and
 * every such 5xx leaves a log line with its cause.
 */
import type { PoolClient } from "pg";
import { expect, it, vi } from "vitest";
import { failQueryObject, isQueryObject } from "../testing/one-shot-failures.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

interface LogLine {
  level: number;
  msg: string;
  err?: { code?: string; stack?: string };
}

const logs: LogLine[] = [];
const t = testPlinthForFile(
  {},
  { logStream: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } },
);
const app = exampleAppForFile(t, "crm");

const connectionReset = () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" });

/** The next connection the data API takes fails its one-shot read, before its settings took effect or after. */
function failNextConnection(at: "settings" | "statement", error: () => Error): void {
  const pool = t.plinth.database.restPool;
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  vi.spyOn(pool, "connect").mockImplementationOnce(async () => {
    const client = await connect();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    let failed = false;
    vi.spyOn(client, "query").mockImplementation(((first: unknown, ...rest: unknown[]) => {
      if (failed || !isQueryObject(first)) return query(first, ...rest);
      failed = true;
      return failQueryObject(client, first, at, error());
    }) as never);
    return client;
  });
}

const companies = () =>
  fetch(`${t.url}/rest/v1/companies?select=id`, {
    headers: { authorization: `Bearer ${app.owner.token}`, "accept-profile": app.schema },
  });

it("answers a connection lost at BEGIN with a 503 to retry, and logs it", async () => {
  failNextConnection("settings", connectionReset);
  const answer = await companies();
  expect(answer.status).toBe(503);
  expect(await answer.json()).toEqual({
    code: "PGRST000",
    message: "The connection to the database was lost before your request could run; nothing was changed.",
    details: null,
    hint: "Retry the request in a moment.",
  });
  expect(logs.some((line) => line.level >= 50 && line.err?.stack?.includes("caused by: Error: read ECONNRESET"))).toBe(
    true,
  );
  expect((await companies()).status).toBe(200);
});

it("answers a role the database no longer knows with the 403 that asks to sign in again", async () => {
  failNextConnection("settings", () =>
    Object.assign(new Error('role "app_x_admin" does not exist'), { code: "22023", severity: "ERROR" }),
  );
  const answer = await companies();
  expect(answer.status).toBe(403);
  expect(await answer.json()).toMatchObject({ code: "42501", message: "Your role cannot act in this app any more." });
});

it("logs a connection lost mid-request with its cause, and does not take it for a database error", async () => {
  failNextConnection("statement", connectionReset);
  const answer = await companies();
  expect(answer.status).toBe(500);
  expect(((await answer.json()) as { code: string }).code).toBe("PGRSTX00");
  expect(logs.some((line) => line.level >= 50 && line.err?.code === "ECONNRESET")).toBe(true);
});
