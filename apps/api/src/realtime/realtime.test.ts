/**
 * Live updates through the real supabase-js client against a real Plinth on Postgres:
 * what each member receives over /realtime/v1/websocket when another member writes
 * through /rest/v1. A viewer who may not see a row must never receive it; to show that
 * without waiting for "nothing", each check ends with a change the viewer may see and
 * asserts it is the only one they received (changes go out in commit order).
 */
import { randomUUID } from "node:crypto";
import type { RealtimeChannel, RealtimePostgresChangesPayload } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type AppUser, addMember, type ExampleApp, provisionExample, supabaseFor } from "../testing/example-apps.js";
import { startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";

type Deal = { id: string; title: string; owner_id: string; stage: string };
type Payload = RealtimePostgresChangesPayload<Deal>;

let t: TestPlinth;
let crm: ExampleApp;
let repB: AppUser;
let repC: AppUser;
let companyId: string;
const channels: { client: ReturnType<typeof supabaseFor>; channel: RealtimeChannel }[] = [];

beforeAll(async () => {
  t = await startTestPlinth({ PLINTH_REALTIME_CHECK_MS: "100" });
  crm = await provisionExample(t, "crm");
  repB = await addMember(t, crm, "sales_rep");
  repC = await addMember(t, crm, "sales_rep");
  const { data, error } = await supabaseFor(t, crm.schema, crm.owner.token)
    .from("companies")
    .insert({ name: "Acme" })
    .select()
    .single();
  if (error) throw error;
  companyId = data.id;
}, 120_000);
afterAll(async () => {
  for (const { client, channel } of channels) await client.removeChannel(channel);
  await t?.close();
}, 60_000);

/**
 * supabase-js fetches its token asynchronously; a channel subscribed in the same tick as
 * the client is created joins without it (the runtime's channels come long after).
 */
async function clientOf(schema: string, token: string) {
  const client = supabaseFor(t, schema, token);
  await client.realtime.setAuth(token);
  return client;
}

/** Collects what a member's channel receives; resolves once the server answered the join. */
async function follow(user: AppUser, options: { table?: string; filter?: string; schema?: string } = {}) {
  const client = await clientOf(crm.schema, user.token);
  const received: Payload[] = [];
  const waiters: { test: (p: Payload) => boolean; resolve: (p: Payload) => void }[] = [];
  const channel = client.channel(`test-${randomUUID()}`).on(
    "postgres_changes",
    {
      event: "*",
      schema: options.schema ?? crm.schema,
      table: options.table ?? "deals",
      ...(options.filter && { filter: options.filter }),
    },
    (payload: Payload) => {
      received.push(payload);
      for (const w of [...waiters]) if (w.test(payload)) w.resolve(payload);
    },
  );
  channels.push({ client, channel });
  const status = await new Promise<{ status: string; error?: Error }>((resolve) =>
    channel.subscribe((s, error) => {
      if (s !== "SUBSCRIBED" || !error) resolve({ status: s, error });
    }),
  );
  return {
    channel,
    status,
    received,
    /** The first received payload that passes `test` (also one already received). */
    next(test: (p: Payload) => boolean): Promise<Payload> {
      const seen = received.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

function dealsAs(user: AppUser) {
  return supabaseFor(t, crm.schema, user.token).from("deals");
}

async function insertDeal(by: AppUser, values: Partial<Deal>): Promise<Deal> {
  const { data, error } = await dealsAs(by)
    .insert({ company_id: companyId, ...values })
    .select()
    .single();
  if (error) throw error;
  return data as Deal;
}

const isRow = (id: string, type?: string) => (p: Payload) =>
  (p.eventType === type || !type) && ((p.new as Deal)?.id === id || (p.old as Deal)?.id === id);

describe("live updates over /realtime/v1 with supabase-js", () => {
  it("a manager's insert, update and delete reach the rep who owns the deal, and not the rep who does not", async () => {
    const b = await follow(repB);
    const c = await follow(repC);
    expect(b.status.status).toBe("SUBSCRIBED");
    expect(c.status.status).toBe("SUBSCRIBED");

    const deal = await insertDeal(crm.owner, { title: "For B", owner_id: repB.id });
    const inserted = await b.next(isRow(deal.id, "INSERT"));
    expect(inserted).toMatchObject({ schema: crm.schema, table: "deals", eventType: "INSERT" });
    expect(inserted.new).toMatchObject({ id: deal.id, title: "For B", owner_id: repB.id, stage: "lead" });

    const { error } = await dealsAs(crm.owner).update({ stage: "won" }).eq("id", deal.id);
    expect(error).toBeNull();
    const updated = await b.next(isRow(deal.id, "UPDATE"));
    expect(updated.new).toMatchObject({ id: deal.id, stage: "won" });
    expect(updated.old).toEqual({ id: deal.id });

    // C may see their own deals: this one is the only change C may receive.
    const marker = await insertDeal(crm.owner, { title: "For C", owner_id: repC.id });
    await c.next(isRow(marker.id, "INSERT"));
    expect(c.received.map((p) => (p.new as Deal).id)).toEqual([marker.id]);

    const removed = await dealsAs(crm.owner).delete().eq("id", deal.id);
    expect(removed.error).toBeNull();
    const deleted = await b.next(isRow(deal.id, "DELETE"));
    expect(deleted.old).toEqual({ id: deal.id });
    expect(deleted.new).toEqual({});
    // A delete carries the key only, to whoever may read the table (as Supabase sends it): never the row.
    const toC = await c.next(isRow(deal.id, "DELETE"));
    expect(toC.old).toEqual({ id: deal.id });
  });

  it("a rep's change to a deal reassigned away from them stops reaching them", async () => {
    const b = await follow(repB);
    const deal = await insertDeal(crm.owner, { title: "Moving", owner_id: repB.id });
    await b.next(isRow(deal.id, "INSERT"));
    await dealsAs(crm.owner).update({ owner_id: repC.id }).eq("id", deal.id);
    await dealsAs(crm.owner).update({ title: "Moved" }).eq("id", deal.id);
    const marker = await insertDeal(crm.owner, { title: "Marker for B", owner_id: repB.id });
    await b.next(isRow(marker.id, "INSERT"));
    expect(b.received.filter((p) => p.eventType === "UPDATE")).toEqual([]);
  });

  it("a filter narrows the changes a channel receives", async () => {
    const first = await insertDeal(crm.owner, { title: "Watched", owner_id: repB.id });
    const other = await insertDeal(crm.owner, { title: "Not watched", owner_id: repB.id });
    const b = await follow(repB, { filter: `id=eq.${first.id}` });
    expect(b.status.status).toBe("SUBSCRIBED");
    await dealsAs(crm.owner).update({ stage: "qualified" }).eq("id", other.id);
    await dealsAs(crm.owner).update({ stage: "proposal" }).eq("id", first.id);
    const seen = await b.next(isRow(first.id, "UPDATE"));
    expect(seen.new).toMatchObject({ stage: "proposal" });
    expect(b.received.map((p) => (p.new as Deal).id)).toEqual([first.id]);
  });

  it("a rolled-back write is never announced", async () => {
    const b = await follow(repB);
    // The stage enum refuses this value, so the statement and its transaction fail.
    const refused = await dealsAs(crm.owner).insert({
      company_id: companyId,
      title: "Bad",
      owner_id: repB.id,
      stage: "nope",
    });
    expect(refused.error).not.toBeNull();
    const marker = await insertDeal(crm.owner, { title: "After the failure", owner_id: repB.id });
    await b.next(isRow(marker.id, "INSERT"));
    expect(b.received.map((p) => (p.new as Deal).title)).toEqual(["After the failure"]);
  });

  it("refuses a channel for another app's schema, an unknown table, a bad filter or a forged token", async () => {
    const other = await provisionExample(t, "crm");
    const wrongSchema = await follow(repB, { schema: other.schema });
    expect(wrongSchema.status.status).toBe("CHANNEL_ERROR");
    expect(wrongSchema.status.error?.message).toContain(`Your token is for the schema "${crm.schema}"`);

    const unknown = await follow(repB, { table: "payroll" });
    expect(unknown.status.error?.message).toContain('This app has no table "payroll"');

    const badFilter = await follow(repB, { filter: "title=ilike.*x*" });
    expect(badFilter.status.error?.message).toContain('operator "ilike" is not supported');

    const forged = await follow({ ...repB, token: "not-a-token" });
    expect(forged.status.error?.message).toContain("sign in again");
  });

  it("closes the channels of an app that stops", async () => {
    const app = await provisionExample(t, "crm");
    const client = await clientOf(app.schema, app.owner.token);
    const closed = new Promise<string>((resolve) => {
      const channel = client
        .channel("stopping")
        .on("postgres_changes", { event: "*", schema: app.schema, table: "deals" }, () => undefined)
        .subscribe((status) => {
          if (status === "SUBSCRIBED") void app.founder.call("POST", `/api/apps/${app.id}/stop`);
          if (status === "CLOSED" || status === "CHANNEL_ERROR") resolve(status);
        });
      channels.push({ client, channel });
    });
    expect(await closed).toBe("CLOSED");
  });

  it("refuses a connection's joins beyond 30 in 10 seconds, saying when to try again", async () => {
    const socket = new WebSocket(`${t.url.replace(/^http/, "ws")}/realtime/v1/websocket?vsn=2.0.0`);
    await new Promise((resolve) => socket.once("open", resolve));
    const replies = new Map<string, string>();
    const all = new Promise<void>((resolve) =>
      socket.on("message", (data) => {
        const [, ref, , event, payload] = JSON.parse(data.toString()) as [
          unknown,
          string,
          unknown,
          string,
          { response: { reason: string } },
        ];
        if (event === "phx_reply") replies.set(ref, payload.response.reason);
        if (replies.size === 31) resolve();
      }),
    );
    for (let i = 0; i < 31; i++) {
      socket.send(JSON.stringify([`${i}`, `${i}`, `realtime:flood-${i}`, "phx_join", { config: {} }]));
    }
    await all;
    socket.close();
    const first30 = Array.from({ length: 30 }, (_, i) => replies.get(`${i}`));
    expect(first30.every((reason) => reason?.startsWith("Sign in to the app"))).toBe(true);
    expect(replies.get("30")).toBe("Too many joins: one connection may join 30 times in 10 s; wait and join again.");
  });
});
