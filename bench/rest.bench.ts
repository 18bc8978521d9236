/**
 * Data API speed: a real Plinth API on a fresh database of the Postgres server at
 * DATABASE_URL, serving a CRM app whose deals table holds 100,000 rows under a row
 * filter (a sales rep owns 10% of them). autocannon, in child processes, drives three
 * requests as that rep at 10 and 64 connections: GET one deal by id, GET a 25-row page
 * with Prefer: count=exact, POST one deal. These runs raise the per-minute request
 * budgets (one user sending thousands of requests a second is what they refuse); the
 * concurrency limits are the defaults. Two ceilings for GET-by-id run in the same pass:
 * the translator's own SQL straight through a `pg` pool (the physical limit: no HTTP, no
 * transaction, no role switch), and the same SQL behind a bare Fastify route on the same
 * pool settings (the HTTP floor: no auth, no transaction, no role switch). Both run it
 * prepared, as the API runs its reads, so neither pays planning the API does not.
 * Beside them: a `sum` over the deals under the rep's row filter (aggregate_sum_*).
 *
 * Directory: GET-by-id on one app, first as the only app, then after 999 more (small,
 * one-table) apps are provisioned for real; the ratio says whether the per-request app
 * lookup stays flat (directory_1000_apps_ratio, goal <= 1.2).
 *
 * Noisy neighbour, with every limit at its default: app B's owner reads one deal by id
 * at a steady 50 requests a second, first alone (quiet_p95_ms), then while app A's
 * users flood the API with unbounded reads of 100,000 rows and slow counted scans on
 * many connections (noisy_neighbour_p95_ms). The goal is noisy within 2x of quiet.
 *
 * CPU (REST_BENCH_ONLY=cpu): the API's and the floor's CPU microseconds per GET-by-id,
 * each process's own process.cpuUsage over a fixed load: what bounds the throughput ratio
 * once the API's one thread is the bottleneck; a loaded machine moves it less than req/s.
 *
 * Load runs in child processes (lib/load.ts). Child modes of this same file: `--ceiling`
 * runs the SQL loop, `--http-floor` serves the bare route until killed; each reads its
 * spec as JSON on stdin and prints its result (the floor: its URL) as one JSON line.
 */

import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { schemaModelOf } from "@plinth/api/schema-model";
import { startTestPlinth, type TestPlinth } from "@plinth/api/testing";
import {
  type AppUser,
  addMember,
  type ExampleApp,
  loadExample,
  provisionExample,
  provisionFor,
} from "@plinth/api/testing/apps";
import type { BlueprintV2 } from "@plinth/blueprint";
import { createPool } from "@plinth/db";
import { buildSql, parseRequest, planRequest } from "@plinth/rest";
import Fastify from "fastify";
import { childResult, childServing, readStdin } from "./lib/child.js";
import { benchServer } from "./lib/database.js";
import { eachPath, type LoadResult, load } from "./lib/load.js";
import { type Metric, mergeBenchResult, percentile, round, writeBenchResult } from "./lib/results.js";

const SELF = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.REST_BENCH_SECONDS ?? 10);
const ROWS = 100_000;
const REP_SHARE = 10; // every 10th deal is the rep's
const QUIET_RATE = 50; // app B's requests per second: a busy but well-behaved app
const NOISY_CONNECTIONS = 32; // per abusive load of app A
const DIRECTORY_APPS = 1_000;
const FLOOR_TURNS = 3;
const PROVISION_CONCURRENCY = 4;
/** The ceilings' statement, prepared once per connection as the API prepares its reads. */
const CEILING_STATEMENT = "rest_bench_get_by_id";

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
        await pool.query({
          name: CEILING_STATEMENT,
          text: spec.text,
          values: spec.values[next++ % spec.values.length],
        });
        latencies.push(performance.now() - started);
      }
    }),
  );
  await pool.end();
  return { rps: latencies.length / spec.seconds, p95: percentile(latencies, 95) };
}

interface FloorSpec {
  databaseUrl: string;
  connections: number;
  text: string;
  /** The statement's values for each deal id. */
  valuesById: Record<string, (string | null)[]>;
}

/**
 * The HTTP floor: a bare Fastify route answering `GET /rest/v1/deals?id=eq.<id>` with the
 * translator's SQL for it through a `pg` pool, with no auth, no transaction and no role
 * switch. Prints its URL, then serves until killed.
 */
async function serveFloor(spec: FloorSpec): Promise<void> {
  const pool = createPool(spec.databaseUrl, { max: spec.connections, applicationName: "plinth-rest-bench-floor" });
  const server = Fastify({ logger: false });
  server.get("/rest/v1/deals", async (request, reply) => {
    const id = String((request.query as { id?: string }).id ?? "").replace(/^eq\./, "");
    const values = spec.valuesById[id];
    if (!values) return reply.status(404).send("[]");
    const { rows } = await pool.query<{ body: string }>({ name: CEILING_STATEMENT, text: spec.text, values });
    return reply.header("content-type", "application/json; charset=utf-8").send(rows[0]?.body ?? "[]");
  });
  // The floor's own CPU time so far, for the per-request CPU comparison (REST_BENCH_ONLY=cpu).
  server.get("/cpu", async () => process.cpuUsage());
  const url = await server.listen({ port: 0, host: "127.0.0.1" });
  console.log(JSON.stringify({ url }));
}

/** Starts the floor server in a child process; resolves with its URL and a way to stop it. */
async function startFloor(spec: FloorSpec): Promise<{ url: string; stop: () => void }> {
  const { value, stop } = await childServing<{ url: string }>(SELF, "--http-floor", spec);
  return { url: value.url, stop };
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
  // What autovacuum does after a bulk insert (PG 13+ vacuums on inserts too): statistics, and
  // the visibility map that lets a count under the row filter read only the index.
  await pool.query(`vacuum analyze "${app.schema}".deals`);
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
    requests: eachPath(ids.map((id) => `/rest/v1/deals?id=eq.${id}&select=*`)),
  };
}

function describeLoad(name: string, result: LoadResult): void {
  console.log(
    `${name}: ${round(result.rps)} req/s, p50 ${round(result.p50)} ms, p95 ${round(result.p95)} ms, p99 ${round(result.p99)} ms, statuses ${JSON.stringify(result.statuses)}`,
  );
}

function recordLoad(metrics: Record<string, Metric>, name: string, connections: number, result: LoadResult): void {
  describeLoad(`${name} c${connections}`, result);
  if (result.failures > 0) throw new Error(`${name}: ${result.failures} requests failed`);
  metrics[`${name}_rps_c${connections}`] = { value: round(result.rps, 0), unit: "req/s" };
  for (const p of ["p50", "p95", "p99"] as const)
    metrics[`${name}_${p}_ms_c${connections}`] = { value: round(result[p]), unit: "ms" };
}

/** PLINTH_REST_* set for the benchmark (e.g. while tuning the defaults) reach its server. */
function restSettingsFromEnvironment(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("PLINTH_REST_")));
}

/** The translator's statement for GET one deal by id, for each id: what both ceilings run. */
function byIdStatements(app: ExampleApp, ids: string[]) {
  const model = schemaModelOf(app.blueprint);
  return ids.map((id) => {
    const request = parseRequest({
      method: "GET",
      table: "deals",
      query: `id=eq.${id}&select=*`,
      headers: {},
      body: undefined,
    });
    return { id, ...buildSql(planRequest(request, model, app.schema), app.schema) };
  });
}

/** A Plinth whose per-minute budgets let one user send thousands of requests a second. */
function startUnbudgetedPlinth(): Promise<TestPlinth> {
  return startTestPlinth({
    PLINTH_REST_USER_RATE_LIMIT: "100000000",
    PLINTH_REST_APP_RATE_LIMIT: "100000000",
    // E.g. PLINTH_REST_USER_CONCURRENCY / _APP_CONCURRENCY, to see what the default caps cost here.
    ...restSettingsFromEnvironment(),
  });
}

/** The HTTP floor for GET one of `ids` by id, with the translator's statement for each. */
async function startFloorFor(t: TestPlinth, app: ExampleApp, ids: string[]) {
  const statements = byIdStatements(app, ids);
  const floor = await startFloor({
    databaseUrl: t.databaseUrl,
    connections: 10,
    text: statements[0]?.text as string,
    valuesById: Object.fromEntries(statements.map((s) => [s.id, s.values])),
  });
  return { floor, statements };
}

/** GET by id, a counted page, a sum and POST as a sales rep, at 10 and 64 connections, and both ceilings. */
async function throughput(metrics: Record<string, Metric>): Promise<void> {
  const t = await startUnbudgetedPlinth();
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
      requests: eachPath(
        Array.from(
          { length: 20 },
          (_, i) => `/rest/v1/deals?select=*&order=close_date.desc,id.asc&limit=25&offset=${i * 25}`,
        ),
      ),
    };
    // The dashboard's "won value": every deal the rep may see, added up by Postgres.
    const sum = { ...byId, requests: eachPath(["/rest/v1/deals?select=amount.sum()"]) };
    const insert = {
      ...byId,
      method: "POST" as const,
      headers: {
        authorization: `Bearer ${rep.token}`,
        "content-profile": app.schema,
        "content-type": "application/json",
        prefer: "return=representation",
      },
      requests: eachPath(["/rest/v1/deals?select=*"]),
      body: JSON.stringify({ title: "bench deal", amount: 10, stage: "lead", owner_id: rep.id, company_id: companyId }),
    };
    const { floor, statements } = await startFloorFor(t, app, repDeals);
    const floorById = { ...byId, url: `${floor.url}/rest/v1/deals`, headers: {} };
    try {
      // The server compiles (tsx) and JIT-warms its hot path on first use; measure it warm.
      for (const spec of [byId, floorById, page, sum, insert]) await load({ ...spec, connections: 10, seconds: 3 });
      for (const connections of [10, 64]) {
        for (const [name, spec] of [
          ["get_by_id", byId],
          ["page25_count", page],
          ["aggregate_sum", sum],
          ["insert", insert],
        ] as const) {
          recordLoad(metrics, name, connections, await load({ ...spec, connections }));
        }
      }
      // Plinth and the HTTP floor in turns, so both see the same neighbours on a shared
      // machine; the ratio is of their totals over every turn.
      let [plinthTotal, floorTotal] = [0, 0];
      for (let turn = 1; turn <= FLOOR_TURNS; turn++) {
        const seconds = Math.ceil(SECONDS / 2);
        const plinthTurn = await load({ ...byId, connections: 10, seconds });
        const floorTurn = await load({ ...floorById, connections: 10, seconds });
        describeLoad(`turn ${turn}: plinth get_by_id c10`, plinthTurn);
        describeLoad(`turn ${turn}: http floor get_by_id c10`, floorTurn);
        plinthTotal += plinthTurn.rps;
        floorTotal += floorTurn.rps;
        if (turn === FLOOR_TURNS) {
          metrics.http_floor_get_by_id_p95_ms_c10 = { value: round(floorTurn.p95), unit: "ms" };
        }
      }
      metrics.http_floor_get_by_id_rps_c10 = { value: round(floorTotal / FLOOR_TURNS, 0), unit: "req/s" };
      metrics.http_ceiling_ratio_get_by_id = { value: round(plinthTotal / floorTotal), unit: "ratio" };
    } finally {
      floor.stop();
    }

    // The physical ceiling: the translator's SQL for the same GET, straight through pg.
    const ceiling = await childResult<{ rps: number; p95: number }>(SELF, "--ceiling", {
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
    metrics.throughput_load_average_1m = { value: round(loadavg()[0] ?? 0), unit: "load" };
  } finally {
    await t.close();
  }
}

/** A one-table app (the CRM's companies), to provision a thousand of quickly but for real. */
function oneTableBlueprint(): BlueprintV2 {
  const crm = loadExample("crm");
  const mentions = (value: unknown) => JSON.stringify(value).includes('"companies"');
  return {
    ...crm,
    app: { ...crm.app, name: "Directory filler", slug: "directory-filler" },
    data: { tables: crm.data.tables.filter((t) => t.name === "companies"), relationships: [] },
    security: {
      ...crm.security,
      permissions: crm.security.permissions.filter((p) => p.resource === "companies"),
      rowFilters: [],
    },
    ui: {
      ...crm.ui,
      navigation: crm.ui.navigation.filter((n) => n.page === "companies"),
      pages: crm.ui.pages.filter((p) => p.id === "companies"),
      modals: (crm.ui.modals ?? []).filter(mentions),
    },
  } as BlueprintV2;
}

/** GET-by-id on one app while it is the only one, then beside 999 more provisioned apps. */
async function directory(metrics: Record<string, Metric>): Promise<void> {
  const t = await startTestPlinth({
    PLINTH_REST_USER_RATE_LIMIT: "100000000",
    PLINTH_REST_APP_RATE_LIMIT: "100000000",
  });
  try {
    const app = await provisionExample(t, "crm");
    const rep = await addMember(t, app, "sales_rep");
    const { repDeals } = await loadDeals(t, app, app.owner, rep, 10_000, REP_SHARE);
    const byId = { ...byIdSpec(t, app, rep, repDeals), connections: 10 };
    // The best of three short runs: on a shared machine one run says more about the neighbours.
    const best = async () => {
      let top: LoadResult | undefined;
      for (let run = 0; run < 3; run++) {
        const result = await load({ ...byId, seconds: Math.ceil(SECONDS / 2) });
        if (!top || result.rps > top.rps) top = result;
      }
      return top as LoadResult;
    };
    await load({ ...byId, seconds: 3 });
    const alone = await best();
    describeLoad("get_by_id c10, 1 app", alone);

    const filler = oneTableBlueprint();
    const started = performance.now();
    let next = 1;
    await Promise.all(
      Array.from({ length: PROVISION_CONCURRENCY }, async () => {
        while (next < DIRECTORY_APPS) {
          const n = next++;
          await provisionFor(t, app.owner.id, { ...filler, app: { ...filler.app, slug: `directory-filler-${n}` } });
        }
      }),
    );
    const { rows } = await t.plinth.database.pool.query<{ n: number }>(
      "select count(*)::int as n from control_plane.apps where status = 'RUNNING'",
    );
    console.log(`provisioned ${rows[0]?.n} running apps in ${round((performance.now() - started) / 1000, 1)} s`);
    // Creating thousands of objects leaves the catalogs to autovacuum; settle them first, as it would.
    await t.plinth.database.pool.query("vacuum analyze");
    await load({ ...byId, seconds: 3 });
    const crowded = await best();
    describeLoad(`get_by_id c10, ${rows[0]?.n} apps`, crowded);
    metrics.directory_1_app_rps_c10 = { value: round(alone.rps, 0), unit: "req/s" };
    metrics.directory_1000_apps_rps_c10 = { value: round(crowded.rps, 0), unit: "req/s" };
    metrics.directory_1000_apps_ratio = { value: round(alone.rps / crowded.rps), unit: "x" };
    metrics.directory_load_average_1m = { value: round(loadavg()[0] ?? 0), unit: "load" };
  } finally {
    await t.close();
  }
}

/** App B's GET-by-id p95 alone, then while app A floods the API; the limits are the server's defaults. */
async function noisyNeighbour(metrics: Record<string, Metric>): Promise<void> {
  const t = await startTestPlinth(restSettingsFromEnvironment());
  try {
    const a = await provisionExample(t, "crm");
    const b = await provisionExample(t, "crm");
    const [aRep, bRep] = [await addMember(t, a, "sales_rep"), await addMember(t, b, "sales_rep")];
    await loadDeals(t, a, a.owner, aRep, ROWS, REP_SHARE);
    const { ownerDeals } = await loadDeals(t, b, b.owner, bRep, 10_000, REP_SHARE);
    const quiet = { ...byIdSpec(t, b, b.owner, ownerDeals), connections: 4, overallRate: QUIET_RATE };
    await load({ ...quiet, seconds: 3 });

    const loadBefore = loadavg()[0] ?? 0;
    const alone = await load(quiet);
    describeLoad("quiet: app B alone", alone);

    const aHeaders = (user: AppUser) => ({ authorization: `Bearer ${user.token}`, "accept-profile": a.schema });
    const abuse = [
      // Every deal at once, about 17 MB of JSON a response.
      { user: a.owner, paths: ["/rest/v1/deals?select=*"], prefer: undefined },
      // A scan of every row under the rep's row filter, counted, matching nothing.
      { user: aRep, paths: ["/rest/v1/deals?select=id&title=ilike.*nothing*"], prefer: "count=exact" },
    ].map(({ user, paths, prefer }) =>
      load({
        url: `${t.url}/rest/v1/deals`,
        connections: NOISY_CONNECTIONS,
        seconds: SECONDS + 4,
        method: "GET",
        headers: { ...aHeaders(user), ...(prefer && { prefer }) },
        requests: eachPath(paths),
      }),
    );
    // Let app A's flood reach its limits before app B's measurement starts.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const noisy = await load(quiet);
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

const CPU_RUNS = 5;

/** Microseconds of CPU (user + system) `cpu` reports spent per request `run` sent. */
async function cpuPerRequest(cpu: () => Promise<NodeJS.CpuUsage>, run: () => Promise<LoadResult>): Promise<number> {
  const before = await cpu();
  const result = await run();
  const after = await cpu();
  if (result.failures > 0) throw new Error(`${result.failures} requests failed`);
  return (after.user - before.user + after.system - before.system) / result.requests;
}

/**
 * The API's CPU time per GET-by-id, beside the HTTP floor's: what decides the throughput
 * ratio once the API's one thread is the bottleneck. The neighbours move it less than
 * req/s, but still (a loaded machine's cores do less per microsecond): compare runs at a
 * like load average. The API runs in this process (its only other work meanwhile is
 * waiting), the floor in its child; each reports its own process.cpuUsage.
 */
async function cpuCost(metrics: Record<string, Metric>): Promise<void> {
  const t = await startUnbudgetedPlinth();
  try {
    const app = await provisionExample(t, "crm");
    const rep = await addMember(t, app, "sales_rep");
    const { repDeals } = await loadDeals(t, app, app.owner, rep, 10_000, REP_SHARE);
    const byId = { ...byIdSpec(t, app, rep, repDeals), connections: 10 };
    const { floor } = await startFloorFor(t, app, repDeals);
    const floorById = { ...byId, url: `${floor.url}/rest/v1/deals`, headers: {} };
    const floorCpu = async () => (await fetch(`${floor.url}/cpu`)).json() as Promise<NodeJS.CpuUsage>;
    const plinthCpu = async () => process.cpuUsage();
    try {
      await load({ ...byId, seconds: 3 });
      await load({ ...floorById, seconds: 3 });
      const plinth: number[] = [];
      const bare: number[] = [];
      for (let run = 1; run <= CPU_RUNS; run++) {
        const seconds = Math.ceil(SECONDS / 2);
        plinth.push(await cpuPerRequest(plinthCpu, () => load({ ...byId, seconds })));
        bare.push(await cpuPerRequest(floorCpu, () => load({ ...floorById, seconds })));
        console.log(
          `run ${run}: plinth API ${round(plinth.at(-1) ?? 0, 1)} µs CPU/request, http floor ${round(bare.at(-1) ?? 0, 1)} µs`,
        );
      }
      const median = (values: number[]) => percentile(values, 50);
      metrics.get_by_id_api_cpu_us_per_request = { value: round(median(plinth), 1), unit: "µs" };
      metrics.http_floor_cpu_us_per_request = { value: round(median(bare), 1), unit: "µs" };
      metrics.cpu_load_average_1m = { value: round(loadavg()[0] ?? 0), unit: "load" };
      console.log(
        `load average ${loadavg()
          .map((l) => round(l))
          .join(", ")}`,
      );
    } finally {
      floor.stop();
    }
  } finally {
    await t.close();
  }
}

/**
 * REST_BENCH_ONLY=throughput, =noisy, =directory or =cpu (or a comma list) runs those parts, e.g.
 * while tuning the limits; the file keeps the others' last numbers.
 */
async function main() {
  const server = await benchServer("plinth-rest-bench");
  const only = process.env.REST_BENCH_ONLY;
  const parts = only?.split(",") ?? ["throughput", "noisy", "directory", "cpu"];
  const metrics: Record<string, Metric> = {};
  if (parts.includes("throughput")) await throughput(metrics);
  if (parts.includes("noisy")) await noisyNeighbour(metrics);
  if (parts.includes("directory")) await directory(metrics);
  if (parts.includes("cpu")) await cpuCost(metrics);
  // A partial run keeps the last numbers of the part it skips; a full run replaces them all.
  (only ? mergeBenchResult : writeBenchResult)("rest", server, metrics);
}

const mode = process.argv[2];
if (mode === "--ceiling") console.log(JSON.stringify(await runCeiling(JSON.parse(await readStdin()))));
else if (mode === "--http-floor") await serveFloor(JSON.parse(await readStdin()));
else await main();
