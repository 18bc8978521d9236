/**
 * /metrics and request tracing, through HTTP on a real Plinth with an example app:
 * what an operator scraping it or reading the logs would see.
 */

import type { PoolClient } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExampleApp, provisionExample } from "../testing/example-apps.js";
import { failQueryObject, isQueryObject } from "../testing/one-shot-failures.js";
import { testPlinthForFile } from "../testing/per-file.js";
import { startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  err?: { code?: string; message?: string };
  [key: string]: unknown;
}

let t: TestPlinth;
let app: ExampleApp;
const logs: LogLine[] = [];
const warnings: (Error & { code?: string })[] = [];
const hearWarning = (warning: Error) => warnings.push(warning);
beforeAll(async () => {
  process.on("warning", hearWarning);
  t = await startTestPlinth(
    { LOG_LEVEL: "info" },
    { logStream: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } },
  );
  app = await provisionExample(t, "crm");
}, 120_000);
afterAll(async () => {
  process.off("warning", hearWarning);
  await t?.close();
}, 60_000);

it("starts without Fastify deprecation warnings", async () => {
  // Warnings are emitted on the next tick; let them arrive.
  await new Promise((resolve) => setImmediate(resolve));
  expect(warnings.map((warning) => warning.code).filter((code) => code?.startsWith("FSTDEP"))).toEqual([]);
});

const rest = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/rest/v1/${path}`, {
    headers: { authorization: `Bearer ${app.owner.token}`, "accept-profile": app.schema, ...headers },
  });

/** The value of one series line, e.g. `name{a="b"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("/metrics", () => {
  it("reports routes by pattern, the data API per app, the pools, the jobs and the process", async () => {
    expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
    const companies = await rest("companies?select=id&limit=1");
    expect(companies.status).toBe(200);
    expect((await rest("no_such_table")).status).toBe(404);
    expect((await fetch(`${t.url}/rest/v1/companies`)).status).toBe(401);

    // A finished job whose stages took 2 s, 0.5 s and 0.5 s, and one still waiting for a worker.
    const pool = t.plinth.database.pool;
    const start = Date.now() + 1000;
    const at = (ms: number) => new Date(start + ms).toISOString();
    await pool.query(
      `insert into control_plane.generation_jobs (app_id, kind, model, prompt, status, stages, started_at, finished_at)
       values ($1, 'generate', 'test-model', 'a CRM', 'SUCCEEDED', $2, $3, $4), ($1, 'generate', 'test-model', 'a CRM', 'QUEUED', '[]', null, null)`,
      [
        app.id,
        JSON.stringify([
          { stage: "planning", message: "", at: at(0) },
          { stage: "validating", message: "", at: at(2000) },
          { stage: "done", message: "", at: at(2500) },
        ]),
        at(0),
        at(3000),
      ],
    );

    const response = await fetch(`${t.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text();

    expect(
      sample(text, 'plinth_http_request_duration_seconds_count{method="GET",route="/api/health",status_code="200"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'plinth_http_request_duration_seconds_count{method="GET",route="/rest/v1/:table",status_code="404"}',
      ),
    ).toBe(1);
    expect(text).not.toContain("companies");
    expect(
      sample(text, `plinth_rest_request_duration_seconds_count{app="${app.id}",method="GET",status_class="2xx"}`),
    ).toBe(1);
    expect(sample(text, `plinth_rest_responses_total{app="${app.id}",status_code="200"}`)).toBe(1);
    expect(sample(text, `plinth_rest_responses_total{app="${app.id}",status_code="404"}`)).toBe(1);
    expect(sample(text, 'plinth_rest_responses_total{app="none",status_code="401"}')).toBe(1);

    const database = new URL(t.databaseUrl);
    const server = t.databaseUrl === "embedded" ? "embedded" : `${database.hostname}:${database.port || "5432"}`;
    for (const name of ["control", "rest"]) {
      expect(sample(text, `plinth_db_pool_connections{pool="${name}",server="${server}"}`)).toBeGreaterThan(0);
      expect(sample(text, `plinth_db_pool_idle_connections{pool="${name}",server="${server}"}`)).toBeGreaterThanOrEqual(
        0,
      );
      expect(sample(text, `plinth_db_pool_waiting_requests{pool="${name}",server="${server}"}`)).toBe(0);
    }

    expect(sample(text, 'plinth_job_stage_duration_seconds_count{stage="planning"}')).toBe(1);
    expect(sample(text, 'plinth_job_stage_duration_seconds_sum{stage="planning"}')).toBe(2);
    expect(sample(text, 'plinth_job_stage_duration_seconds_sum{stage="validating"}')).toBe(0.5);
    expect(sample(text, 'plinth_job_stage_duration_seconds_sum{stage="done"}')).toBe(0.5);
    expect(sample(text, 'plinth_job_queue_depth{status="queued"}')).toBe(1);
    expect(sample(text, 'plinth_job_queue_depth{status="running"}')).toBe(0);
    expect(text).toContain("process_cpu_user_seconds_total");

    // A job is counted once, however often Prometheus scrapes.
    const again = await (await fetch(`${t.url}/metrics`)).text();
    expect(sample(again, 'plinth_job_stage_duration_seconds_count{stage="planning"}')).toBe(1);
  });

  it("refuses a request a proxy forwarded when no metrics token is set", async () => {
    const response = await fetch(`${t.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain("PLINTH_METRICS_TOKEN");
  });
});

describe("request ids", () => {
  it("echoes a caller's X-Request-Id and logs the request under it", async () => {
    const response = await fetch(`${t.url}/api/health`, { headers: { "x-request-id": "trace-4f2a.9" } });
    expect(response.headers.get("x-request-id")).toBe("trace-4f2a.9");
    expect(logs.some((line) => line.reqId === "trace-4f2a.9" && line.msg === "request completed")).toBe(true);
  });

  it("replaces an id that is not a short plain token, and gives one to a request without any", async () => {
    const odd = await fetch(`${t.url}/api/health`, { headers: { "x-request-id": `"}{"level":60 ${"x".repeat(80)}` } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const none = await rest("companies?select=id");
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("data API failures", () => {
  /** Asks `ask` while the data API's pool hands out connections through `connect` (given its own) instead. */
  async function whileRestPoolConnects<T>(
    connect: (own: () => Promise<PoolClient>) => Promise<PoolClient>,
    ask: () => Promise<T>,
  ): Promise<T> {
    const restPool = t.plinth.database.restPool;
    const original = restPool.connect;
    const own = original.bind(restPool) as () => Promise<PoolClient>;
    restPool.connect = (() => connect(own)) as typeof restPool.connect;
    try {
      return await ask();
    } finally {
      restPool.connect = original;
    }
  }

  it("logs a 5xx with its cause and the request's id", async () => {
    const response = await whileRestPoolConnects(
      async () => {
        throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
      },
      () => rest("companies?select=id", { "x-request-id": "reset-1" }),
    );
    expect(response.status).toBe(500);
    const logged = logs.find((line) => line.reqId === "reset-1" && line.level >= 50);
    expect(logged?.err?.code).toBe("ECONNRESET");
    expect(logged?.err?.message).toBe("read ECONNRESET");
  });

  it("logs a 5xx the database answered with the database's error", async () => {
    // The transaction's settings take effect as usual; the request's own statement meets a server shutting down.
    const response = await whileRestPoolConnects(
      async (connect) => {
        const client = await connect();
        const { query, release } = client;
        const run = query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        const shutdown = () =>
          Object.assign(new Error("terminating connection due to administrator command"), {
            code: "57P01",
            severity: "FATAL",
          });
        client.query = ((text: unknown, ...rest: unknown[]) => {
          if (typeof text === "string" && /^(begin|commit|rollback)/i.test(text)) return run(text, ...rest);
          return isQueryObject(text)
            ? failQueryObject(client, text, "statement", shutdown())
            : Promise.reject(shutdown());
        }) as typeof client.query;
        client.release = (...args) => {
          Object.assign(client, { query, release });
          return release.call(client, ...args);
        };
        return client;
      },
      () => rest("companies?select=id", { "x-request-id": "shutdown-1" }),
    );
    expect(response.status).toBe(503);
    const logged = logs.find((line) => line.reqId === "shutdown-1" && line.level >= 50);
    expect(String(logged?.response)).toContain("terminating connection due to administrator command");
  });
});

describe("/metrics with PLINTH_METRICS_TOKEN", () => {
  const guarded = testPlinthForFile({ PLINTH_METRICS_TOKEN: "a-long-metrics-token-for-tests" });

  it("answers only a request bearing the token, even from this machine", async () => {
    const without = await fetch(`${guarded.url}/metrics`);
    expect(without.status).toBe(401);
    const wrong = await fetch(`${guarded.url}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${guarded.url}/metrics`, {
      headers: { authorization: "Bearer a-long-metrics-token-for-tests", "x-forwarded-for": "203.0.113.7" },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("plinth_http_request_duration_seconds");
  });
});
