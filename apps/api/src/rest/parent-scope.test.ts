/**
 * A row filter on a parent protects its children over /rest/v1 too: a sales rep who
 * cannot see a deal reads none of its activities (not even through an embed that
 * comes back null) and cannot attach new ones to it — and the refusal is the same
 * whether the deal exists or not, so it does not reveal hidden deals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

let alice: AppUser;
let bob: AppUser;
const t = testPlinthForFile();
const app = exampleAppForFile(t, "crm");
beforeAll(async () => {
  alice = await addMember(t, app, "sales_rep");
  bob = await addMember(t, app, "sales_rep");
}, 120_000);

async function rest(user: AppUser, method: string, path: string, body?: unknown) {
  const response = await fetch(`${t.url}/rest/v1/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.token}`,
      [method === "GET" ? "accept-profile" : "content-profile"]: app.schema,
      ...(body !== undefined && { "content-type": "application/json", prefer: "return=representation" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const created = (answer: { status: number; body: unknown }) => {
  expect(answer.status).toBe(201);
  return (answer.body as { id: string }[])[0]?.id as string;
};

describe("children of a filtered table over /rest/v1", () => {
  it("a rep reads only the activities of deals they can see and cannot attach one to a hidden deal", async () => {
    const company = created(await rest(bob, "POST", "companies", { name: "Initech" }));
    // Bob works a deal and logs a call on it; then the deal is handed to Alice.
    const handedOver = created(await rest(bob, "POST", "deals", { title: "Handed over", company_id: company }));
    created(await rest(bob, "POST", "activities", { subject: "Call", notes: "budget is 2M", deal_id: handedOver }));
    const kept = created(await rest(bob, "POST", "deals", { title: "Kept", company_id: company }));
    created(await rest(bob, "POST", "activities", { subject: "Call", notes: "follow up", deal_id: kept }));
    await t.plinth.database.pool.query(`update "${app.schema}"."deals" set owner_id = $1 where id = $2`, [
      alice.id,
      handedOver,
    ]);

    const read = await rest(bob, "GET", "activities?select=notes,deals(title)");
    expect(read).toEqual({ status: 200, body: [{ notes: "follow up", deals: { title: "Kept" } }] });

    const attach = (deal: string) =>
      rest(bob, "POST", "activities", { subject: "Sneak", notes: "hello", deal_id: deal });
    const hidden = await attach(handedOver);
    expect(hidden.status).toBe(403);
    expect(hidden.body).toMatchObject({ code: "42501" });
    // A deal that does not exist gets exactly the same answer: the refusal is no existence oracle.
    const missing = await attach(crypto.randomUUID());
    expect(missing).toEqual(hidden);

    const { rows } = await t.plinth.database.pool.query(
      `select notes from "${app.schema}"."activities" where deal_id = $1`,
      [handedOver],
    );
    expect(rows).toEqual([{ notes: "budget is 2M" }]);
  });
});
