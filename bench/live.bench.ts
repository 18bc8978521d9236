/**
 * Live-update latency: a real Plinth API on a fresh database of the Postgres server at
 * DATABASE_URL serving the CRM example, with 50 viewers connected over
 * /realtime/v1/websocket through the real supabase-js client (in a child process, so
 * they do not share the server's event loop): 25 managers, who see every deal, and 25
 * sales reps, who see only their own. One writer (the owner) inserts deals one after
 * another through /rest/v1, each owned by the next rep. Latency is from the writer's
 * 201 (the write committed) to each viewer's receipt; every deal reaches the 25
 * managers and its rep, and must reach no other rep.
 *
 * Child mode of this same file: `--viewers` reads its spec as JSON on stdin, prints
 * "ready" once every channel joined, and prints its receipts as one JSON line when its
 * stdin ends.
 */

import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { startTestPlinth } from "@plinth/api/testing";
import { type AppUser, addMember, provisionExample, supabaseFor } from "@plinth/api/testing/apps";
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { spawnChild } from "./lib/child.js";
import { benchServer } from "./lib/database.js";
import { type Metric, mergeBenchResult, percentile, round } from "./lib/results.js";

const SELF = fileURLToPath(import.meta.url);
const MANAGERS = 25;
const REPS = 25;
const WRITES = Number(process.env.LIVE_BENCH_WRITES ?? 200);
/** Pause between writes: one writer at a steady pace, not a flood. */
const WRITE_GAP_MS = 50;
const ANON_KEY = "plinth-public-anon-key";

interface ViewerSpec {
  url: string;
  schema: string;
  viewers: { id: string; token: string }[];
}

/** A viewer received a deal: which deal (its title), who, and when (ms since the epoch). */
interface Receipt {
  viewer: string;
  title: string;
  owner: string;
  at: number;
}

const now = () => performance.timeOrigin + performance.now();

async function runViewers(spec: ViewerSpec): Promise<void> {
  const receipts: Receipt[] = [];
  await Promise.all(
    spec.viewers.map(async (viewer) => {
      const client = createClient(spec.url, ANON_KEY, {
        db: { schema: spec.schema },
        accessToken: async () => viewer.token,
        realtime: { transport: WebSocket as never },
      });
      await client.realtime.setAuth(viewer.token);
      await new Promise<void>((resolve, reject) =>
        client
          .channel(`bench-${viewer.id}`)
          .on("postgres_changes", { event: "INSERT", schema: spec.schema, table: "deals" }, (payload) => {
            const deal = payload.new as { title: string; owner_id: string };
            receipts.push({ viewer: viewer.id, title: deal.title, owner: deal.owner_id, at: now() });
          })
          .subscribe((status, error) =>
            status === "SUBSCRIBED" ? resolve() : reject(error ?? new Error(`channel ${status}`)),
          ),
      );
    }),
  );
  console.log("ready");
  for await (const _ of process.stdin) {
    // The parent ends stdin once it has written everything and waited for the stragglers.
  }
  // The supabase-js sockets would keep the process alive; exit once the line is out.
  process.stdout.write(`${JSON.stringify(receipts)}\n`, () => process.exit(0));
}

async function measure(metrics: Record<string, Metric>): Promise<void> {
  const t = await startTestPlinth({
    LOG_LEVEL: "error",
    PLINTH_REST_USER_RATE_LIMIT: "100000",
    PLINTH_REST_APP_RATE_LIMIT: "100000",
  });
  try {
    const app = await provisionExample(t, "crm");
    const managers: AppUser[] = [];
    const reps: AppUser[] = [];
    for (let i = 0; i < MANAGERS; i++) managers.push(await addMember(t, app, "manager"));
    for (let i = 0; i < REPS; i++) reps.push(await addMember(t, app, "sales_rep"));
    const writer = supabaseFor(t, app.schema, app.owner.token);
    const company = await writer.from("companies").insert({ name: "Bench Inc" }).select("id").single();
    if (company.error) throw company.error;

    const viewers = [...managers, ...reps].map((u) => ({ id: u.id, token: u.token }));
    const child = spawnChild(SELF, "--viewers");
    let output = "";
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("ready\n")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`the viewers exited (${code}) before joining`)));
    });
    child.stdin.write(JSON.stringify({ url: t.url, schema: app.schema, viewers } satisfies ViewerSpec));
    child.stdin.write("\n");
    await ready;

    const committed = new Map<string, { at: number; sent: number; owner: string }>();
    const loadBefore = loadavg()[0] ?? 0;
    for (let i = 0; i < WRITES; i++) {
      const owner = reps[i % reps.length] as AppUser;
      const title = `live ${i}`;
      const sent = now();
      const { error } = await writer.from("deals").insert({ title, owner_id: owner.id, company_id: company.data.id });
      if (error) throw error;
      committed.set(title, { at: now(), sent, owner: owner.id });
      await new Promise((resolve) => setTimeout(resolve, WRITE_GAP_MS));
    }
    const loadDuring = loadavg()[0] ?? 0;
    // Stragglers: any receipt later than this counts as missed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const done = new Promise<Receipt[]>((resolve) =>
      child.on("close", () => resolve(JSON.parse(output.slice(output.indexOf("ready\n") + 6)) as Receipt[])),
    );
    child.stdin.end();
    const receipts = await done;

    const managerIds = new Set(managers.map((m) => m.id));
    const fromCommit: number[] = [];
    const fromRequest: number[] = [];
    let leaked = 0;
    for (const receipt of receipts) {
      const write = committed.get(receipt.title);
      if (!write) continue;
      if (!managerIds.has(receipt.viewer) && receipt.viewer !== write.owner) leaked++;
      fromCommit.push(receipt.at - write.at);
      fromRequest.push(receipt.at - write.sent);
    }
    const expected = WRITES * (MANAGERS + 1);
    metrics.live_update_p50_ms = { value: round(percentile(fromCommit, 50)), unit: "ms" };
    metrics.live_update_p95_ms = { value: round(percentile(fromCommit, 95)), unit: "ms" };
    metrics.live_update_p99_ms = { value: round(percentile(fromCommit, 99)), unit: "ms" };
    metrics.live_update_from_request_p95_ms = { value: round(percentile(fromRequest, 95)), unit: "ms" };
    metrics.live_update_viewers = { value: viewers.length, unit: "connections" };
    metrics.live_update_deliveries = { value: fromCommit.length - leaked, unit: "messages" };
    metrics.live_update_missed = { value: expected - (fromCommit.length - leaked), unit: "messages" };
    metrics.live_update_leaked = { value: leaked, unit: "messages" };
    metrics.live_update_load_1m_before = { value: round(loadBefore), unit: "load" };
    metrics.live_update_load_1m_during = { value: round(loadDuring), unit: "load" };
  } finally {
    await t.close();
  }
}

async function main() {
  const server = await benchServer("plinth-live-bench");
  const metrics: Record<string, Metric> = {};
  await measure(metrics);
  mergeBenchResult("runtime", server, metrics);
}

async function readSpec(): Promise<ViewerSpec> {
  // Only the first line is the spec; the rest of stdin stays open until the parent is done.
  return new Promise((resolve) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf("\n");
      if (end < 0) return;
      process.stdin.off("data", onData);
      process.stdin.pause();
      resolve(JSON.parse(text.slice(0, end)) as ViewerSpec);
    };
    process.stdin.on("data", onData);
  });
}

if (process.argv[2] === "--viewers") await runViewers(await readSpec());
else await main();
