/**
 * Live updates on the embedded database `npm run up` starts (PGlite: one backend shared
 * by every connection), through the real supabase-js client.
 */
import type { RealtimePostgresChangesPayload } from "@supabase/supabase-js";
import { beforeAll, expect, it } from "vitest";
import { type AppUser, addMember, supabaseFor } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

type Deal = { id: string; title: string };

let repB: AppUser;
let repC: AppUser;

const t = testPlinthForFile({}, { embedded: true });
const crm = exampleAppForFile(t, "crm");
beforeAll(async () => {
  repB = await addMember(t, crm, "sales_rep");
  repC = await addMember(t, crm, "sales_rep");
}, 180_000);

async function follow(user: AppUser) {
  const client = supabaseFor(t, crm.schema, user.token);
  await client.realtime.setAuth(user.token);
  const received: Deal[] = [];
  let notify: () => void = () => undefined;
  const channel = client
    .channel(`embedded-${user.id}`)
    .on(
      "postgres_changes",
      { event: "INSERT", schema: crm.schema, table: "deals" },
      (p: RealtimePostgresChangesPayload<Deal>) => {
        received.push(p.new as Deal);
        notify();
      },
    );
  await new Promise<void>((resolve, reject) =>
    channel.subscribe((status, error) => (status === "SUBSCRIBED" ? resolve() : reject(error ?? new Error(status)))),
  );
  return {
    received,
    until: (title: string) =>
      new Promise<void>((resolve) => {
        notify = () => received.some((d) => d.title === title) && resolve();
        notify();
      }),
  };
}

it("on the embedded database, a manager's new deal reaches its rep and not another rep", async () => {
  const b = await follow(repB);
  const c = await follow(repC);
  const owner = supabaseFor(t, crm.schema, crm.owner.token);
  const company = await owner.from("companies").insert({ name: "Acme" }).select().single();
  const insert = (title: string, ownerId: string) =>
    owner.from("deals").insert({ title, owner_id: ownerId, company_id: company.data?.id });
  expect((await insert("For B", repB.id)).error).toBeNull();
  await b.until("For B");
  expect((await insert("For C", repC.id)).error).toBeNull();
  await c.until("For C");
  expect(c.received.map((d) => d.title)).toEqual(["For C"]);
  expect(b.received.map((d) => d.title)).toEqual(["For B"]);
});
