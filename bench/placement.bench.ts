/**
 * Placement: apps spread over two PostgreSQL servers on this machine (the one at
 * DATABASE_URL and a second cluster started here with initdb/pg_ctl).
 *
 * - GET one deal by id through /rest/v1, rotating over four apps' owners, with all four
 *   apps on one server and again after two of them moved to the second server, twice
 *   over (get_by_id_ratio_2v1: the mean two-server rate over the mean one-server rate). Both servers
 *   share this machine's cores, so this shows what placement costs per request (a pool
 *   lookup), not the headroom a second machine would add.
 * - Moving an app with 100,000 deals to the other server while three writers POST to it
 *   without pause: how long the move took, how long writes were held, and how many
 *   acknowledged writes are missing from (or doubled on) the new server — must be 0.
 *
 * Load runs in child processes (lib/load.ts).
 */
import { loadavg } from "node:os";
import { AppMover, type MoveReport, placementOf, registerServer } from "@plinth/api/placements";
import { startTestPlinth, type TestPlinth } from "@plinth/api/testing";
import { type ExampleApp, provisionExample } from "@plinth/api/testing/apps";
import { secondServerUnavailable, startSecondServer } from "@plinth/api/testing/second-server";
import { createPool } from "@plinth/db";
import { type LoadSpec, load } from "./lib/load.js";
import { type Metric, round, writeBenchResult } from "./lib/results.js";

const SECONDS = Number(process.env.PLACEMENT_BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const DEALS_PER_APP = 10_000;
const MOVED_ROWS = 100_000;
const WRITERS = 3;

/** `rows` deals owned by the app's owner, with one company; returns 200 of their ids. */
async function loadDeals(t: TestPlinth, app: ExampleApp, rows: number): Promise<string[]> {
  const pool = await t.plinth.servers.ddl((await placementOf(t.plinth.database.pool, app.id)).server);
  const { rows: company } = await pool.query<{ id: string }>(
    `insert into "${app.schema}".companies (name) values ('Bench Inc') returning id`,
  );
  await pool.query(
    `insert into "${app.schema}".deals (title, amount, stage, owner_id, company_id, close_date)
     select 'deal ' || g, g % 5000, (array['lead','qualified','proposal','won','lost'])[1 + g % 5],
            $1::uuid, $2::uuid, date '2025-01-01' + (g % 365)
     from generate_series(1, ${rows}) g`,
    [app.owner.id, company[0]?.id],
  );
  await pool.query(`analyze "${app.schema}".deals`);
  const ids = await pool.query<{ id: string }>(`select id from "${app.schema}".deals order by random() limit 200`);
  return ids.rows.map((r) => r.id);
}

function byIdRequests(apps: { app: ExampleApp; ids: string[] }[]): LoadSpec["requests"] {
  const requests: LoadSpec["requests"] = [];
  for (let i = 0; i < 200; i++) {
    for (const { app, ids } of apps) {
      requests.push({
        path: `/rest/v1/deals?id=eq.${ids[i % ids.length]}&select=*`,
        headers: { authorization: `Bearer ${app.owner.token}`, "accept-profile": app.schema },
      });
    }
  }
  return requests;
}

/** Moves an app of MOVED_ROWS deals to the other server while WRITERS clients POST to it, and counts what arrived. */
async function moveUnderLoad(t: TestPlinth, servers: string[], metrics: Record<string, Metric>) {
  const app = await provisionExample(t, "crm");
  await loadDeals(t, app, MOVED_ROWS);
  const acknowledged: string[] = [];
  let refused = 0;
  let writing = true;
  let next = 0;
  const writer = async () => {
    while (writing) {
      const name = `write-${next++}`;
      const res = await fetch(`${t.url}/rest/v1/companies`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${app.owner.token}`,
          "content-profile": app.schema,
          "content-type": "application/json",
        },
        body: JSON.stringify({ name }),
      });
      if (res.status === 201) acknowledged.push(name);
      else refused++;
    }
  };
  const { server: from } = await placementOf(t.plinth.database.pool, app.id);
  const target = servers.find((name) => name !== from) as string;
  const writers = Array.from({ length: WRITERS }, writer);
  let report: MoveReport;
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    report = await new AppMover(t.plinth.database.pool, t.plinth.servers).move(app.id, target);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  } finally {
    writing = false;
    await Promise.all(writers);
  }
  const pool = await t.plinth.servers.ddl(target);
  const { rows } = await pool.query<{ name: string; n: number }>(
    `select name, count(*)::int as n from "${app.schema}".companies where name like 'write-%' group by name`,
  );
  const present = new Map(rows.map((r) => [r.name, r.n]));
  const lost = acknowledged.filter((name) => !present.has(name)).length;
  const doubled = rows.filter((r) => r.n > 1).length;
  console.log(
    `moved ${report.rows} rows in ${round(report.totalMs)} ms (writes held ${round(report.heldMs)} ms); ${acknowledged.length} writes acknowledged, ${lost} lost, ${doubled} doubled, ${refused} refused`,
  );
  metrics.move_100k_rows_ms = { value: round(report.totalMs, 0), unit: "ms" };
  metrics.move_writes_held_ms = { value: round(report.heldMs, 0), unit: "ms" };
  metrics.move_rows_copied = { value: report.rows, unit: "rows" };
  metrics.move_writes_acknowledged = { value: acknowledged.length, unit: "writes" };
  metrics.move_writes_lost = { value: lost, unit: "writes" };
  metrics.move_writes_doubled = { value: doubled, unit: "writes" };
  metrics.move_writes_refused = { value: refused, unit: "writes" };
}

async function main() {
  process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/test";
  const unavailable = secondServerUnavailable();
  if (unavailable) throw new Error(unavailable);
  const admin = createPool(process.env.DATABASE_URL, { max: 1 });
  const { rows: version } = await admin.query<{ v: string }>("select split_part(version(), ' ', 2) as v");
  await admin.end();
  const second = await startSecondServer();
  const t = await startTestPlinth({
    PLINTH_REST_USER_RATE_LIMIT: "100000000",
    PLINTH_REST_APP_RATE_LIMIT: "100000000",
    PLINTH_REST_USER_CONCURRENCY: "16",
    PLINTH_REST_APP_CONCURRENCY: "16",
  });
  const metrics: Record<string, Metric> = {};
  try {
    // Four apps on the control plane's server; the second server joins afterwards.
    const apps: { app: ExampleApp; ids: string[] }[] = [];
    for (let i = 0; i < 4; i++) {
      const app = await provisionExample(t, "crm");
      apps.push({ app, ids: await loadDeals(t, app, DEALS_PER_APP) });
    }
    await registerServer(t.plinth.database.pool, { name: "second", ddlUrl: second.url });
    const spec: LoadSpec = {
      url: t.url,
      seconds: SECONDS,
      connections: CONNECTIONS,
      method: "GET",
      headers: {},
      requests: byIdRequests(apps),
    };
    const mover = new AppMover(t.plinth.database.pool, t.plinth.servers);
    const measure = async (label: string) => {
      await load({ ...spec, seconds: 3 });
      const result = await load(spec);
      console.log(`${label}: ${round(result.rps)} req/s, p95 ${round(result.p95)} ms`);
      return result;
    };
    // Two rounds, one server then two, so a change in the machine's load between runs evens out.
    const runs: { one: Awaited<ReturnType<typeof measure>>; two: Awaited<ReturnType<typeof measure>> }[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const onOne = await measure("1 server");
      for (const { app } of apps.slice(0, 2)) await mover.move(app.id, "second");
      const onTwo = await measure("2 servers");
      for (const { app } of apps.slice(0, 2)) await mover.move(app.id, "default");
      runs.push({ one: onOne, two: onTwo });
    }
    const mean = (pick: (r: (typeof runs)[number]) => number) =>
      runs.reduce((sum, r) => sum + pick(r), 0) / runs.length;
    const one = { rps: mean((r) => r.one.rps), p95: mean((r) => r.one.p95), failures: mean((r) => r.one.failures) };
    const two = { rps: mean((r) => r.two.rps), p95: mean((r) => r.two.p95), failures: mean((r) => r.two.failures) };
    if (one.failures + two.failures > 0) throw new Error(`${one.failures + two.failures} GET requests failed`);
    metrics.get_by_id_rps_1_server = { value: round(one.rps, 0), unit: "req/s" };
    metrics.get_by_id_rps_2_servers = { value: round(two.rps, 0), unit: "req/s" };
    metrics.get_by_id_p95_ms_1_server = { value: round(one.p95), unit: "ms" };
    metrics.get_by_id_p95_ms_2_servers = { value: round(two.p95), unit: "ms" };
    metrics.get_by_id_ratio_2v1 = { value: round(two.rps / one.rps), unit: "ratio" };
    // Other work on the machine moves these numbers a lot; the load says how much there was.
    metrics.load_average_1m = { value: round(loadavg()[0] ?? 0), unit: "load" };

    await moveUnderLoad(t, ["default", "second"], metrics);
  } finally {
    await t.close();
    second.remove();
  }
  writeBenchResult("placement", `PostgreSQL ${version[0]?.v ?? "?"} (two clusters)`, metrics);
  if ((metrics.move_writes_lost?.value ?? 1) !== 0 || (metrics.move_writes_doubled?.value ?? 1) !== 0) {
    throw new Error("a move lost or doubled writes");
  }
}

await main();
