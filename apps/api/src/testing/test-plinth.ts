/**
 * A real Plinth API for tests: its own database (a fresh database on the server at
 * DATABASE_URL, else an embedded PGlite in a temporary folder), listening on a free
 * port. Teardown removes every app's roles (they are cluster-wide) and the database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPool, type Pool } from "@plinth/db";
import { deleteApp } from "@plinth/provision";
import type { DestinationStream } from "pino";
import { manifestForApp } from "../apps/lifecycle.js";
import { loadConfig } from "../config.js";
import { startPlinth } from "../plinth.js";

export interface TestPlinth {
  url: string;
  databaseUrl: string;
  plinth: Awaited<ReturnType<typeof startPlinth>>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Drops every app's schema and roles; roles are cluster-wide and outlive a dropped database. */
export async function removeAllApps(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ id: string }>("select id from control_plane.apps");
  for (const row of rows) await deleteApp(pool, manifestForApp(row.id));
}

export async function databaseForTest(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const name = `plinth_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = createPool(serverUrl, { max: 1 });
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** `embedded: true` runs on the embedded database even when DATABASE_URL is set. */
export async function startTestPlinth(
  env: Record<string, string | undefined> = {},
  options: { embedded?: boolean; logStream?: DestinationStream } = {},
): Promise<TestPlinth> {
  const database = options.embedded ? { url: undefined, drop: async () => undefined } : await databaseForTest();
  const dataDir = mkdtempSync(join(tmpdir(), "plinth-api-test-"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    PLINTH_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    PLINTH_SIGNIN_RATE_LIMIT: "1000",
    PLINTH_GENERATE_RATE_LIMIT: "1000",
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const plinth = await startPlinth(config, { ...env }, { logStream: options.logStream });
  return {
    url: plinth.url,
    databaseUrl: database.url ?? "embedded",
    plinth,
    async close() {
      await removeAllApps(plinth.database.pool);
      await plinth.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny JSON client for the control-plane API, carrying a founder's session. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { "content-type": "application/json" }),
        ...(this.token && { authorization: `Bearer ${this.token}` }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  async signUp(email = `founder-${crypto.randomUUID().slice(0, 8)}@example.com`, password = "correct horse battery") {
    const res = await this.call<{ token: string; user: { id: string; email: string } }>("POST", "/api/auth/sign-up", {
      email,
      password,
    });
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.token;
    return { ...res.body.user, password };
  }

  /** Asks for an app from `prompt` (the offline planner unless `model` names another); the job runs on its own. */
  generate(prompt: string, model = "offline") {
    return this.call<{ job_id: string; app_id: string }>("POST", "/api/apps/generate", { prompt, model });
  }

  /** Polls a job until it finishes. */
  async waitForJob(jobId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.call<{ job: Record<string, unknown> }>("GET", `/api/jobs/${jobId}`);
      const status = res.body.job?.status;
      if (status === "SUCCEEDED" || status === "FAILED") return res.body.job;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(status)} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * A data API request as supabase-js sends it: the app user's token, the app's schema as
 * the profile to read and write, and the changed rows asked back. Plain data, so a
 * browser test can hand it to the page's own fetch.
 */
export function dataApiRequest(
  token: string,
  schema: string,
  method = "GET",
  body?: unknown,
): { method: string; headers: Record<string, string>; body?: string } {
  return {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "accept-profile": schema,
      "content-profile": schema,
      "content-type": "application/json",
      prefer: "return=representation",
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  };
}
