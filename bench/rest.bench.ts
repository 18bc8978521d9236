/**
 * Data API speed: a real Plinth API (in a child process) on a fresh database of the
 * Postgres server at DATABASE_URL, serving a CRM app whose deals table holds 100,000
 * rows under a row filter (a sales rep owns 10% of them). autocannon, in another
 * child process, drives three requests as that rep at 10 and 64 connections: GET one
 * deal by id, GET a 25-row page with Prefer: count=exact, POST one deal. As the
 * ceiling, the translator's own SQL for GET-by-id runs straight through a `pg` pool
 * (no HTTP, no transaction, no role switch) from a third process.
 *
 * Child modes of this same file: `--load` runs autocannon, `--ceiling` runs the SQL
 * loop; each reads its spec as JSON on stdin and prints its result as one JSON line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { DatabaseLifecycle } from "../apps/api/src/apps/lifecycle.js";
import { insertBlueprintVersion, insertDraftApp, nameApp } from "../apps/api/src/apps/store.js";
import { hashBlueprint } from "../apps/api/src/jobs/blueprint-hash.js";
import { schemaModelOf } from "../apps/api/src/rest/schema-model.js";
import { validateBlueprint } from "../packages/blueprint/src/index.js";
import { createPool } from "../packages/db/src/index.js";
import { deleteApp } from "../packages/provision/src/index.js";
import { buildSql, parseRequest, planRequest } from "../packages/rest/src/index.js";
import { type Metric, percentile, round, writeBenchResult } from "./lib/results.js";

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SECONDS = Number(process.env.REST_BENCH_SECONDS ?? 10);
const ROWS = 100_000;
const REP_SHARE = 10; // every 10th deal is the rep's

interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** Paths to rotate through (GET) or one body (POST). */
  paths: string[];
  body?: string;
}

interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  failures: number;
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  let failures = 0;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: spec.method,
        headers: spec.headers,
        ...(spec.body !== undefined && { body: spec.body }),
        setupRequest: (request) => {
          request.path = spec.paths[next++ % spec.paths.length] as string;
          return request;
        },
      },
    ],
  });
  instance.on("response", (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (status >= 400) failures++;
  });
  const result = await instance;
  failures += result.errors + result.timeouts;
  return {
    rps: latencies.length / spec.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: result.requests.total,
    failures,
  };
}

interface CeilingSpec {
  databaseUrl: string;
  connections: number;
  seconds: number;
  text: string;
  values: (string | null)[][];
}

async function runCeiling(spec: CeilingSpec): Promise<{ rps: number; p95: number }> {
  const pool = createPool(spec.databaseUrl, { max: spec.connections, applicationName: "plinth-rest-bench-ceiling" });
  const latencies: number[] = [];
  const deadline = performance.now() + spec.seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await pool.query(spec.text, spec.values[next++ % spec.values.length]);
        latencies.push(performance.now() - started);
      }
    }),
  );
  await pool.end();
  return { rps: latencies.length / spec.seconds, p95: percentile(latencies, 95) };
}

/** Runs this file in a child process in `mode` and returns the JSON line it prints. */
function child<T>(mode: string, spec: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", SELF, mode], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    });
    proc.stdin.end(JSON.stringify(spec));
    let out = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
    });
    proc.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1) as string))
        : reject(new Error(`${mode} exited ${code}`)),
    );
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startServer(databaseUrl: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      PLINTH_DATA_DIR: `/tmp/plinth-rest-bench-${port}`,
      PLINTH_JWT_SECRET: `bench-secret-${randomUUID()}`,
      PLINTH_SIGNIN_RATE_LIMIT: "1000",
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, proc };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the API did not start within 60 s");
}

async function call<T>(url: string, method: string, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function signUp(url: string, email: string): Promise<{ id: string; token: string }> {
  const res = await call<{ token: string; user: { id: string } }>(url, "POST", "/api/auth/sign-up", {
    email,
    password: "bench password 1",
  });
  return { id: res.user.id, token: res.token };
}

async function main() {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const admin = createPool(serverUrl, { max: 1 });
  const dbName = `plinth_rest_bench_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  await admin.query(`create database ${dbName}`);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${dbName}`;
  const pool = createPool(databaseUrl.toString(), { max: 4, applicationName: "plinth-rest-bench" });
  let server: ChildProcess | undefined;
  let manifest: Awaited<ReturnType<DatabaseLifecycle["provision"]>>["manifest"] | undefined;
  try {
    const started = await startServer(databaseUrl.toString());
    server = started.proc;
    const api = started.url;
    const { rows: version } = await pool.query<{ v: string }>("select split_part(version(), ' ', 2) as v");

    // The CRM example, provisioned the way the generation worker does it.
    const founderEmail = `bench-${randomUUID().slice(0, 8)}@example.com`;
    const founder = await signUp(api, founderEmail);
    const crm = validateBlueprint(JSON.parse(readFileSync(`${ROOT}schemas/examples/crm.json`, "utf8")));
    if (!crm.ok) throw new Error("schemas/examples/crm.json is not a valid blueprint");
    const blueprint = crm.blueprint;
    const draft = await insertDraftApp(pool, founder.id, blueprint.app.name);
    const slug = await nameApp(pool, draft.id, blueprint.app.name, `bench-${draft.id.slice(0, 8)}`);
    const blueprintVersion = await insertBlueprintVersion(pool, {
      appId: draft.id,
      blueprint,
      hash: hashBlueprint(blueprint),
      source: "generate",
      note: null,
      createdBy: founder.id,
    });
    const lifecycle = new DatabaseLifecycle(pool, () => Promise.reject(new Error("no restore in the benchmark")));
    manifest = (await lifecycle.provision(draft.id, blueprint, blueprintVersion, slug, founder.id)).manifest;
    const schema = manifest.schema;

    const repEmail = `rep-${randomUUID().slice(0, 8)}@example.com`;
    await call(api, "POST", `/api/apps/${draft.id}/members`, { email: repEmail, role: "sales_rep" }, founder.token);
    const rep = await signUp(api, repEmail);
    const signIn = await call<{ access_token: string }>(api, "POST", `/api/runtime/${slug}/sign-in`, {
      email: repEmail,
      password: "bench password 1",
    });
    const token = signIn.access_token;

    // 100,000 deals; the rep owns every 10th, the rest belong to the founder.
    const loadStart = performance.now();
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: founder.id })]);
      const { rows: company } = await client.query<{ id: string }>(
        `insert into "${schema}".companies (name) values ('Bench Inc') returning id`,
      );
      await client.query(
        `insert into "${schema}".deals (title, amount, stage, owner_id, company_id, close_date)
         select 'deal ' || g, g % 5000, (array['lead','qualified','proposal','won','lost'])[1 + g % 5],
                case when g % ${REP_SHARE} = 0 then $1::uuid else $2::uuid end, $3::uuid,
                date '2025-01-01' + (g % 365)
         from generate_series(1, ${ROWS}) g`,
        [rep.id, founder.id, company[0]?.id],
      );
      await client.query("commit");
    } finally {
      client.release();
    }
    await pool.query(`analyze "${schema}".deals`);
    console.log(`loaded ${ROWS} deals in ${round((performance.now() - loadStart) / 1000, 1)} s`);
    const { rows: repDeals } = await pool.query<{ id: string }>(
      `select id from "${schema}".deals where owner_id = $1 order by random() limit 1000`,
      [rep.id],
    );
    const companyId = (await pool.query<{ id: string }>(`select id from "${schema}".companies limit 1`)).rows[0]?.id;

    const base = { url: `${api}/rest/v1/deals`, seconds: SECONDS };
    const readHeaders = { authorization: `Bearer ${token}`, "accept-profile": schema };
    const byId = {
      ...base,
      method: "GET" as const,
      headers: readHeaders,
      paths: repDeals.map((d) => `/rest/v1/deals?id=eq.${d.id}&select=*`),
    };
    const page = {
      ...base,
      method: "GET" as const,
      headers: { ...readHeaders, prefer: "count=exact" },
      paths: Array.from(
        { length: 20 },
        (_, i) => `/rest/v1/deals?select=*&order=close_date.desc,id.asc&limit=25&offset=${i * 25}`,
      ),
    };
    const insert = {
      ...base,
      method: "POST" as const,
      headers: {
        authorization: `Bearer ${token}`,
        "content-profile": schema,
        "content-type": "application/json",
        prefer: "return=representation",
      },
      paths: ["/rest/v1/deals?select=*"],
      body: JSON.stringify({ title: "bench deal", amount: 10, stage: "lead", owner_id: rep.id, company_id: companyId }),
    };

    const metrics: Record<string, Metric> = {};
    const record = (name: string, result: LoadResult) => {
      console.log(
        `${name}: ${round(result.rps)} req/s, p50 ${round(result.p50)} ms, p95 ${round(result.p95)} ms, p99 ${round(result.p99)} ms`,
      );
      if (result.failures > 0) throw new Error(`${name}: ${result.failures} requests failed`);
    };
    // The server compiles (tsx) and JIT-warms its hot path on first use; measure it warm.
    for (const spec of [byId, page, insert])
      await child<LoadResult>("--load", { ...spec, connections: 10, seconds: 3 });
    for (const connections of [10, 64]) {
      for (const [name, spec] of [
        ["get_by_id", byId],
        ["page25_count", page],
        ["insert", insert],
      ] as const) {
        const result = await child<LoadResult>("--load", { ...spec, connections });
        record(`${name} c${connections}`, result);
        metrics[`${name}_rps_c${connections}`] = { value: round(result.rps, 0), unit: "req/s" };
        metrics[`${name}_p50_ms_c${connections}`] = { value: round(result.p50), unit: "ms" };
        metrics[`${name}_p95_ms_c${connections}`] = { value: round(result.p95), unit: "ms" };
        metrics[`${name}_p99_ms_c${connections}`] = { value: round(result.p99), unit: "ms" };
      }
    }

    // The ceiling: the translator's SQL for the same GET, straight through pg.
    const model = schemaModelOf(blueprint);
    const statements = repDeals.map((d) => {
      const request = parseRequest({
        method: "GET",
        table: "deals",
        query: `id=eq.${d.id}&select=*`,
        headers: {},
        body: undefined,
      });
      return buildSql(planRequest(request, model, schema), schema);
    });
    const ceiling = await child<{ rps: number; p95: number }>("--ceiling", {
      databaseUrl: databaseUrl.toString(),
      connections: 10,
      seconds: SECONDS,
      text: statements[0]?.text,
      values: statements.map((s) => s.values),
    });
    console.log(`ceiling get_by_id c10: ${round(ceiling.rps)} req/s, p95 ${round(ceiling.p95)} ms`);
    metrics.ceiling_get_by_id_rps_c10 = { value: round(ceiling.rps, 0), unit: "req/s" };
    metrics.ceiling_get_by_id_p95_ms_c10 = { value: round(ceiling.p95), unit: "ms" };
    metrics.ceiling_ratio_get_by_id = {
      value: round((metrics.get_by_id_rps_c10?.value ?? 0) / ceiling.rps),
      unit: "ratio",
    };
    writeBenchResult("rest", `PostgreSQL ${version[0]?.v ?? "?"}`, metrics);
  } finally {
    server?.kill("SIGTERM");
    if (manifest) await deleteApp(pool, manifest).catch((error) => console.error(`cleanup: ${error.message}`));
    await pool.end();
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

const mode = process.argv[2];
if (mode === "--load") console.log(JSON.stringify(await runLoad(JSON.parse(await readStdin()))));
else if (mode === "--ceiling") console.log(JSON.stringify(await runCeiling(JSON.parse(await readStdin()))));
else await main();
