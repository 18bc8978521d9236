/**
 * Data API speed: a real Plinth API on a fresh database of the Postgres server at
 * DATABASE_URL, serving a CRM app whose deals table holds 100,000 rows under a row
 * filter (a sales rep owns 10% of them). autocannon, in child processes, drives three
 * requests as that rep at 10 and 64 connections: GET one deal by id, GET a 25-row page
 * with Prefer: count=exact, POST one deal. These runs raise the per-minute request
 * budgets (one user sending thousands of requests a second is what they refuse); the
 * concurrency limits are the defaults. As the ceiling, the translator's own SQL for
 * GET-by-id runs straight through a `pg` pool (no HTTP, no transaction, no role switch).
 *
 * Noisy neighbour, with every limit at its default: app B's owner reads one deal by id
 * at a steady 50 requests a second, first alone (quiet_p95_ms), then while app A's
 * users flood the API with unbounded reads of 100,000 rows and slow counted scans on
 * many connections (noisy_neighbour_p95_ms). The goal is noisy within 2x of quiet.
 *
 * Child modes of this same file: `--load` runs autocannon, `--ceiling` runs the SQL
 * loop; each reads its spec as JSON on stdin and prints its result as one JSON line.
 */

import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { schemaModelOf } from "@plinth/api/schema-model";
import { startTestPlinth, type TestPlinth } from "@plinth/api/testing";
import { type AppUser, addMember, type ExampleApp, provisionExample } from "@plinth/api/testing/apps";
import { createPool } from "@plinth/db";
import { buildSql, parseRequest, planRequest } from "@plinth/rest";
import autocannon from "autocannon";
import { benchServer } from "./lib/database.js";
import { type Metric, mergeBenchResult, percentile, round, writeBenchResult } from "./lib/results.js";

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SECONDS = Number(process.env.REST_BENCH_SECONDS ?? 10);
const ROWS = 100_000;
const REP_SHARE = 10; // every 10th deal is the rep's
const QUIET_RATE = 50; // app B's requests per second: a busy but well-behaved app
const NOISY_CONNECTIONS = 32; // per abusive load of app A

interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** Paths to rotate through (GET) or one body (POST). */
  paths: string[];
  body?: string;
  /** Requests per second across all connections; as fast as possible when unset. */
  overallRate?: number;
}

interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  failures: number;
  /** Responses by status, e.g. {"200": 812, "429": 40}. */
  statuses: Record<string, number>;
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    ...(spec.overallRate !== undefined && { overallRate: spec.overallRate }),
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
  };
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  instance?.on("response", (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 400) failures++;
  });
  const result = await finished;
  failures += result.errors + result.timeouts;
  return {
    rps: latencies.length / spec.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: result.requests.total,
    failures,
    statuses,
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

/** `rows` deals in the app's schema; every `share`th belongs to `rep`, the rest to `owner`. */
async function loadDeals(t: TestPlinth, app: ExampleApp, owner: AppUser, rep: AppUser, rows: number, share: number) {
  const pool = t.plinth.database.pool;
  const client = await pool.connect();
  let companyId: string | undefined;
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: owner.id })]);
    const { rows: company } = await client.query<{ id: string }>(
      `insert into "${app.schema}".companies (name) values ('Bench Inc') returning id`,
    );
    await client.query(
      `insert into "${app.schema}".deals (title, amount, stage, owner_id, company_id, close_date)
       select 'deal ' || g, g % 5000, (array['lead','qualified','proposal','won','lost'])[1 + g % 5],
              case when g % ${share} = 0 then $1::uuid else $2::uuid end, $3::uuid,
              date '2025-01-01' + (g % 365)
       from generate_series(1, ${rows}) g`,
      [rep.id, owner.id, company[0]?.id],
    );
    companyId = company[0]?.id;
    await client.query("commit");
  } finally {
    client.release();
  }
  await pool.query(`analyze "${app.schema}".deals`);
  const ids = async (user: AppUser) =>
    (
      await pool.query<{ id: string }>(
        `select id from "${app.schema}".deals where owner_id = $1 order by random() limit 1000`,
        [user.id],
      )
    ).rows.map((r) => r.id);
  return { repDeals: await ids(rep), ownerDeals: await ids(owner), companyId };
}

function byIdSpec(t: TestPlinth, app: ExampleApp, user: AppUser, ids: string[]) {
  return {
    url: `${t.url}/rest/v1/deals`,
    seconds: SECONDS,
    method: "GET" as const,
    headers: { authorization: `Bearer ${user.token}`, "accept-profile": app.schema },
    paths: ids.map((id) => `/rest/v1/deals?id=eq.${id}&select=*`),
  };
}

function describeLoad(name: string, result: LoadResult): void {
  console.log(
    `${name}: ${round(result.rps)} req/s, p50 ${round(result.p50)} ms, p95 ${round(result.p95)} ms, p99 ${round(result.p99)} ms, statuses ${JSON.stringify(result.statuses)}`,
  );
}

/** GET by id, a counted page and POST as a sales rep, at 10 and 64 connections, and the ceiling. */
async function throughput(metrics: Record<string, Metric>): Promise<void> {
  const t = await startTestPlinth({
    PLINTH_REST_USER_RATE_LIMIT: "100000000",
    PLINTH_REST_APP_RATE_LIMIT: "100000000",
  });
  try {
    const app = await provisionExample(t, "crm");
    const rep = await addMember(t, app, "sales_rep");
    const loadStart = performance.now();
    const { repDeals, companyId } = await loadDeals(t, app, app.owner, rep, ROWS, REP_SHARE);
    console.log(`loaded ${ROWS} deals in ${round((performance.now() - loadStart) / 1000, 1)} s`);

    const byId = byIdSpec(t, app, rep, repDeals);
    const page = {
      ...byId,
      headers: { ...byId.headers, prefer: "count=exact" },
      paths: Array.from(
        { length: 20 },
        (_, i) => `/rest/v1/deals?select=*&order=close_date.desc,id.asc&limit=25&offset=${i * 25}`,
      ),
    };
    const insert = {
      ...byId,
      method: "POST" as const,
      headers: {
        authorization: `Bearer ${rep.token}`,
        "content-profile": app.schema,
        "content-type": "application/json",
        prefer: "return=representation",
      },
      paths: ["/rest/v1/deals?select=*"],
      body: JSON.stringify({ title: "bench deal", amount: 10, stage: "lead", owner_id: rep.id, company_id: companyId }),
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
        describeLoad(`${name} c${connections}`, result);
        if (result.failures > 0) throw new Error(`${name}: ${result.failures} requests failed`);
        metrics[`${name}_rps_c${connections}`] = { value: round(result.rps, 0), unit: "req/s" };
        metrics[`${name}_p50_ms_c${connections}`] = { value: round(result.p50), unit: "ms" };
        metrics[`${name}_p95_ms_c${connections}`] = { value: round(result.p95), unit: "ms" };
        metrics[`${name}_p99_ms_c${connections}`] = { value: round(result.p99), unit: "ms" };
      }
    }

    // The ceiling: the translator's SQL for the same GET, straight through pg.
    const model = schemaModelOf(app.blueprint);
    const statements = repDeals.map((id) => {
      const request = parseRequest({
        method: "GET",
        table: "deals",
        query: `id=eq.${id}&select=*`,
        headers: {},
        body: undefined,
      });
      return buildSql(planRequest(request, model, app.schema), app.schema);
    });
    const ceiling = await child<{ rps: number; p95: number }>("--ceiling", {
      databaseUrl: t.databaseUrl,
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
  } finally {
    await t.close();
  }
}

/** App B's GET-by-id p95 alone, then while app A floods the API; the limits are the server's defaults. */
async function noisyNeighbour(metrics: Record<string, Metric>): Promise<void> {
  // PLINTH_REST_* set for the benchmark (e.g. while tuning the defaults) reach its server.
  const t = await startTestPlinth(
    Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("PLINTH_REST_"))),
  );
  try {
    const a = await provisionExample(t, "crm");
    const b = await provisionExample(t, "crm");
    const [aRep, bRep] = [await addMember(t, a, "sales_rep"), await addMember(t, b, "sales_rep")];
    await loadDeals(t, a, a.owner, aRep, ROWS, REP_SHARE);
    const { ownerDeals } = await loadDeals(t, b, b.owner, bRep, 10_000, REP_SHARE);
    const quiet = { ...byIdSpec(t, b, b.owner, ownerDeals), connections: 4, overallRate: QUIET_RATE };
    await child<LoadResult>("--load", { ...quiet, seconds: 3 });

    const loadBefore = loadavg()[0] ?? 0;
    const alone = await child<LoadResult>("--load", quiet);
    describeLoad("quiet: app B alone", alone);

    const aHeaders = (user: AppUser) => ({ authorization: `Bearer ${user.token}`, "accept-profile": a.schema });
    const abuse = [
      // Every deal at once, about 17 MB of JSON a response.
      { user: a.owner, paths: ["/rest/v1/deals?select=*"], prefer: undefined },
      // A scan of every row under the rep's row filter, counted, matching nothing.
      { user: aRep, paths: ["/rest/v1/deals?select=id&title=ilike.*nothing*"], prefer: "count=exact" },
    ].map(({ user, paths, prefer }) =>
      child<LoadResult>("--load", {
        url: `${t.url}/rest/v1/deals`,
        connections: NOISY_CONNECTIONS,
        seconds: SECONDS + 4,
        method: "GET",
        headers: { ...aHeaders(user), ...(prefer && { prefer }) },
        paths,
      }),
    );
    // Let app A's flood reach its limits before app B's measurement starts.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const noisy = await child<LoadResult>("--load", quiet);
    const loadDuring = loadavg()[0] ?? 0;
    describeLoad("noisy: app B while app A floods", noisy);
    const [unbounded, scans] = await Promise.all(abuse);
    describeLoad("app A unbounded reads", unbounded as LoadResult);
    describeLoad("app A counted scans", scans as LoadResult);

    metrics.quiet_p95_ms = { value: round(alone.p95), unit: "ms" };
    metrics.noisy_neighbour_p95_ms = { value: round(noisy.p95), unit: "ms" };
    metrics.noisy_neighbour_ratio = { value: round(noisy.p95 / alone.p95), unit: "x" };
    metrics.noisy_neighbour_failures = { value: noisy.failures, unit: "requests" };
    const refused = [unbounded, scans].reduce((sum, r) => sum + (r?.statuses["429"] ?? 0), 0);
    const answered = [unbounded, scans].reduce((sum, r) => sum + (r?.statuses["200"] ?? 0), 0);
    metrics.noisy_app_answered = { value: answered, unit: "requests" };
    metrics.noisy_app_refused_429 = { value: refused, unit: "requests" };
    metrics.load_average_1m_before = { value: round(loadBefore), unit: "load" };
    metrics.load_average_1m_during = { value: round(loadDuring), unit: "load" };
  } finally {
    await t.close();
  }
}

/** REST_BENCH_ONLY=throughput or =noisy runs one part, e.g. while tuning the limits; the file keeps both. */
async function main() {
  const server = await benchServer("plinth-rest-bench");
  const only = process.env.REST_BENCH_ONLY;
  const metrics: Record<string, Metric> = {};
  if (only !== "noisy") await throughput(metrics);
  if (only !== "throughput") await noisyNeighbour(metrics);
  // A partial run keeps the last numbers of the part it skips; a full run replaces them all.
  (only ? mergeBenchResult : writeBenchResult)("rest", server, metrics);
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
