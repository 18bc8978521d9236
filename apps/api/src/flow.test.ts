/**
 * The whole control-plane flow over HTTP with the offline planner, against a real
 * database: sign up → generate → job succeeds → app RUNNING → runtime endpoint and
 * data API serve it → stop → start → refine → history → delete.
 */
import { readMigrations } from "@plinth/db";
import { describe, expect, it } from "vitest";
import { testPlinthForFile } from "./testing/per-file.js";
import { ApiClient, dataApiRequest } from "./testing/test-plinth.js";

const founder = () => new ApiClient(t.url);

const t = testPlinthForFile();

async function schemaExists(schema: string): Promise<boolean> {
  const { rows } = await t.plinth.database.pool.query("select 1 from pg_namespace where nspname = $1", [schema]);
  return rows.length === 1;
}

async function rolesWithPrefix(prefix: string): Promise<string[]> {
  const { rows } = await t.plinth.database.pool.query<{ rolname: string }>(
    "select rolname from pg_roles where starts_with(rolname, $1)",
    [prefix],
  );
  return rows.map((r) => r.rolname);
}

describe("a founder's app from prompt to deletion", () => {
  it("generates, runs, stops, starts, refines and deletes an app", async () => {
    const api = founder();
    const me = await api.signUp();

    const generated = await api.generate("A CRM where sales reps see only their own deals and managers see every deal");
    expect(generated.status).toBe(202);
    const job = await api.waitForJob(generated.body.job_id);
    expect(job.status).toBe("SUCCEEDED");
    const stages = (job.stages as { stage: string }[]).map((s) => s.stage);
    expect(stages).toEqual(["planning", "validating", "verified", "provisioning", "provisioned", "done"]);

    const detail = await api.call<{ app: Record<string, string>; blueprint: { version: number } }>(
      "GET",
      `/api/apps/${generated.body.app_id}`,
    );
    expect(detail.body.app.status).toBe("RUNNING");
    expect(detail.body.blueprint.version).toBe(1);
    const { slug, db_schema: schema } = detail.body.app as { slug: string; db_schema: string };
    expect(await schemaExists(schema)).toBe(true);

    const list = await api.call<{ apps: { id: string; status: string }[] }>("GET", "/api/apps");
    expect(list.body.apps).toEqual([expect.objectContaining({ id: generated.body.app_id, status: "RUNNING" })]);

    const runtime = await api.call<{ status: string; blueprint: { data: { tables: { name: string }[] } } }>(
      "GET",
      `/api/runtime/${slug}/blueprint`,
    );
    expect(runtime.body.status).toBe("running");
    const tables = runtime.body.blueprint.data.tables.map((table) => table.name);
    expect(tables).toContain("deals");

    // The owner signs in to the app as an end user and writes a row through the data API.
    const signIn = await api.call<{ access_token: string; user: { role: string } }>(
      "POST",
      `/api/runtime/${slug}/sign-in`,
      { email: me.email, password: me.password },
    );
    expect(signIn.status).toBe(200);
    const appToken = signIn.body.access_token;
    const rest = (method: string, path: string, body?: unknown) =>
      fetch(`${t.url}/rest/v1/${path}`, dataApiRequest(appToken, schema, method, body));
    const beforeStop = await rest("GET", "deals?select=*");
    expect(beforeStop.status).toBe(200);

    const stopped = await api.call<{ app: { status: string } }>("POST", `/api/apps/${generated.body.app_id}/stop`);
    expect(stopped.body.app.status).toBe("STOPPED");
    // Past the data API's 2-second cache, which then holds the app as stopped: Start must still be seen at once.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const whileStopped = await rest("GET", "deals?select=*");
    expect(whileStopped.status).toBe(503);
    expect(((await whileStopped.json()) as { message: string }).message).toMatch(/stopped/);
    const stoppedRuntime = await api.call<{ status: string; blueprint?: unknown }>("GET", `/api/runtime/${slug}`);
    expect(stoppedRuntime.body.status).toBe("stopped");
    expect(stoppedRuntime.body.blueprint).toBeUndefined();

    const started = await api.call<{ app: { status: string } }>("POST", `/api/apps/${generated.body.app_id}/start`);
    expect(started.body.app.status).toBe("RUNNING");
    expect((await rest("GET", "deals?select=*")).status).toBe(200);

    const refine = await api.call<{ job_id: string }>("POST", `/api/apps/${generated.body.app_id}/refine`, {
      instruction: "add a priority field to deals",
      model: "offline",
    });
    expect(refine.status).toBe(202);
    const refineJob = await api.waitForJob(refine.body.job_id);
    expect(refineJob.error_message ?? null).toBeNull();
    expect(refineJob.status).toBe("SUCCEEDED");

    const history = await api.call<{ versions: { version: number }[]; events: { event: string }[] }>(
      "GET",
      `/api/apps/${generated.body.app_id}/history`,
    );
    expect(history.body.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(history.body.events.map((e) => e.event)).toEqual(
      expect.arrayContaining(["created", "generated", "provisioned", "stopped", "started", "migrated"]),
    );
    const latest = await api.call<{
      version: number;
      blueprint: { data: { tables: { name: string; columns: { name: string }[] }[] } };
    }>("GET", `/api/apps/${generated.body.app_id}/blueprints/latest`);
    expect(latest.body.version).toBe(2);
    const deals = latest.body.blueprint.data.tables.find((table) => table.name === "deals");
    expect(deals?.columns.map((c) => c.name)).toContain("priority");

    const deleted = await api.call("DELETE", `/api/apps/${generated.body.app_id}`);
    expect(deleted.status).toBe(204);
    expect(await schemaExists(schema)).toBe(false);
    expect(await rolesWithPrefix(`${schema}_`)).toEqual([]);
    expect((await api.call("GET", `/api/apps/${generated.body.app_id}`)).status).toBe(404);
    expect((await api.call("GET", `/api/runtime/${slug}`)).status).toBe(404);
  }, 120_000);
});

describe("refine with a preview, and restore", () => {
  it("applies exactly the previewed change and asks before restoring a version that loses data", async () => {
    const api = founder();
    await api.signUp();
    const generated = await api.generate("A project tracker where each team sees only its own projects");
    await api.waitForJob(generated.body.job_id);
    const id = generated.body.app_id;

    const preview = await api.call<{ proposal_id: string; summary: string[]; sql: string; destructive: boolean }>(
      "POST",
      `/api/apps/${id}/refine/preview`,
      { instruction: "add a client name field to projects", model: "offline" },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.destructive).toBe(false);
    expect(preview.body.sql).toMatch(/add column "client_name"/i);
    expect(preview.body.summary.join(" ")).toMatch(/client_name|client name/i);
    expect((await api.call<{ versions: unknown[] }>("GET", `/api/apps/${id}/history`)).body.versions).toHaveLength(1);

    const applied = await api.call<{ job_id: string }>("POST", `/api/apps/${id}/refine`, {
      instruction: "add a client name field to projects",
      model: "offline",
      proposal_id: preview.body.proposal_id,
    });
    const job = await api.waitForJob(applied.body.job_id);
    expect(job.status).toBe("SUCCEEDED");
    const stages = (job.stages as { stage: string }[]).map((s) => s.stage);
    expect(stages).toEqual(["verified", "migrating", "migrated", "done"]);

    // Going back to version 1 drops the new column: refused until the founder confirms.
    const refused = await api.call<{ error: { code: string; message: string } }>(
      "POST",
      `/api/apps/${id}/blueprints/1/restore`,
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("needs_confirmation");
    expect(refused.body.error.message).toMatch(/client_name|client name/i);
    const restored = await api.call<{ version: number }>("POST", `/api/apps/${id}/blueprints/1/restore`, {
      confirm_destructive: true,
    });
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(3);
    const latest = await api.call<{ blueprint: unknown }>("GET", `/api/apps/${id}/blueprints/latest`);
    const first = await api.call<{ blueprint: unknown }>("GET", `/api/apps/${id}/blueprints/1`);
    expect(latest.body.blueprint).toEqual(first.body.blueprint);
  }, 120_000);
});

describe("two founders", () => {
  it("cannot see or act on each other's apps", async () => {
    const alice = founder();
    await alice.signUp();
    const bob = founder();
    await bob.signUp();
    const generated = await alice.generate("An inventory tracker for a small shop");
    await alice.waitForJob(generated.body.job_id);
    const id = generated.body.app_id;

    expect((await bob.call<{ apps: unknown[] }>("GET", "/api/apps")).body.apps).toEqual([]);
    for (const [method, path, body] of [
      ["GET", `/api/apps/${id}`],
      ["POST", `/api/apps/${id}/stop`],
      ["POST", `/api/apps/${id}/start`],
      ["POST", `/api/apps/${id}/refine`, { instruction: "add a notes field", model: "offline" }],
      ["GET", `/api/apps/${id}/blueprints/latest`],
      ["GET", `/api/apps/${id}/history`],
      ["GET", `/api/apps/${id}/members`],
      ["GET", `/api/jobs/${generated.body.job_id}`],
      ["DELETE", `/api/apps/${id}`],
    ] as const) {
      const res = await bob.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const still = await alice.call<{ app: { status: string } }>("GET", `/api/apps/${id}`);
    expect(still.body.app.status).toBe("RUNNING");
  }, 120_000);
});

describe("bad input", () => {
  it("answers every malformed request with a 4xx that says what to fix", async () => {
    const api = founder();
    await api.signUp();
    const cases: [string, string, unknown, number, RegExp][] = [
      ["POST", "/api/apps/generate", {}, 400, /prompt/],
      ["POST", "/api/apps/generate", { prompt: "x".repeat(100_000), model: "offline" }, 400, /under/],
      ["POST", "/api/apps/generate", { prompt: "a helpdesk", model: "no/such-model" }, 400, /unknown model/],
      ["POST", "/api/apps/generate", "{not json", 400, /not valid JSON/],
      ["GET", "/api/jobs/not-a-uuid", undefined, 400, /UUID/],
      ["GET", `/api/apps/${crypto.randomUUID()}`, undefined, 404, /not found/],
      ["POST", "/api/auth/sign-up", { email: "nope", password: "short" }, 400, /email/],
      ["POST", "/api/auth/sign-in", { email: "nobody@example.com", password: "whatever1" }, 401, /not right/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await api.call<{ error: { message: string } }>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body.error.message, `${method} ${path}`).toMatch(message);
    }
    const anonymous = new ApiClient(t.url);
    const res = await anonymous.call<{ error: { message: string } }>("GET", "/api/apps");
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/Sign in/);
  }, 60_000);

  it("refuses a second account with the same email", async () => {
    const api = founder();
    const user = await api.signUp();
    const again = await new ApiClient(t.url).call<{ error: { message: string } }>("POST", "/api/auth/sign-up", {
      email: user.email.toUpperCase(),
      password: "another password",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already exists/);
  });
});

describe("health and docs", () => {
  it("reports the database in use and serves the OpenAPI description", async () => {
    const health = await founder().call<{ status: string; database: string }>("GET", "/api/health");
    expect(health.body.status).toBe("ok");
    expect(health.body.database).toMatch(process.env.DATABASE_URL ? /^PostgreSQL/ : /PGlite/);
    const docs = await founder().call<{ paths: Record<string, unknown> }>("GET", "/api/docs/json");
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(["/api/apps/generate", "/api/jobs/{id}"]));
  });

  it("keeps the control plane's migrations applied exactly once", async () => {
    const { rows } = await t.plinth.database.pool.query<{ name: string }>(
      "select name from public.plinth_migrations order by name",
    );
    expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
  });
});
