/**
 * Reads of different members written back to back on one shared connection: each runs
 * under its own role and claims, so each sees exactly its own rows, whatever the
 * interleaving, and one failing read leaves the others' answers alone.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

const t = testPlinthForFile({ PLINTH_REST_APP_CONCURRENCY: "1", PLINTH_REST_USER_CONCURRENCY: "1" });
const crm = exampleAppForFile(t, "crm");
let rep: AppUser;
beforeAll(async () => {
  rep = await addMember(t, crm, "sales_rep");
  const pool = t.plinth.database.pool;
  const { rows } = await pool.query<{ id: string }>(
    `insert into "${crm.schema}".companies (name) values ('Acme') returning id`,
  );
  // 30 deals: every third is the rep's.
  await pool.query(
    `insert into "${crm.schema}".deals (title, stage, owner_id, company_id)
     select 'deal ' || g, 'lead', case when g % 3 = 0 then $1::uuid else $2::uuid end, $3::uuid from generate_series(1, 30) g`,
    [rep.id, crm.owner.id, rows[0]?.id],
  );
}, 60_000);

async function deals(user: AppUser, query = "select=title,owner_id"): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.url}/rest/v1/deals?${query}`, {
    headers: { authorization: `Bearer ${user.token}`, "accept-profile": crm.schema },
  });
  return { status: res.status, body: await res.json() };
}

describe("reads sharing a connection", () => {
  it("each member sees exactly their own rows, and a failing read changes no one else's answer", async () => {
    const asked = Array.from({ length: 40 }, (_, i) =>
      i % 7 === 6 ? deals(rep, "select=title&amount=eq.not-a-number") : deals(i % 2 === 0 ? crm.owner : rep),
    );
    const answers = await Promise.all(asked);
    answers.forEach((answer, i) => {
      if (i % 7 === 6) {
        expect(answer.status).toBe(400);
        return;
      }
      expect(answer.status).toBe(200);
      const rows = answer.body as { owner_id: string }[];
      if (i % 2 === 0) expect(rows).toHaveLength(30);
      else {
        expect(rows).toHaveLength(10);
        expect(new Set(rows.map((r) => r.owner_id))).toEqual(new Set([rep.id]));
      }
    });
  });
});
