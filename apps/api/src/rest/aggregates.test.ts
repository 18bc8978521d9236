/**
 * Aggregates through the real supabase-js and @refinedev/supabase, as the runtime's
 * STAT-CARD and CHART send them: totals cover every row past the data API's max rows
 * and only the rows the caller's row filter lets them see.
 */
import { dataProvider } from "@refinedev/supabase";
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, supabaseFor } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

let rep: AppUser;

const REP_WON = 1_200;
const REP_LEAD = 300;
const MANAGER_WON = 700;

const t = testPlinthForFile();
const crm = exampleAppForFile(t, "crm");
beforeAll(async () => {
  rep = await addMember(t, crm, "sales_rep");
  const pool = t.plinth.database.pool;
  const { rows } = await pool.query<{ id: string }>(
    `insert into "${crm.schema}".companies (name) values ('Aggregates Inc') returning id`,
  );
  const deals = (owner: string, stage: string, amount: number, n: number) =>
    pool.query(
      `insert into "${crm.schema}".deals (title, owner_id, company_id, stage, amount)
       select 'Deal ' || i, $1, $2, $3, $4 from generate_series(1, $5) as i`,
      [owner, rows[0]?.id, stage, amount, n],
    );
  await deals(rep.id, "won", 2, REP_WON);
  await deals(rep.id, "lead", 1, REP_LEAD);
  await deals(crm.owner.id, "won", 5, MANAGER_WON);
}, 120_000);

describe("aggregates over /rest/v1", () => {
  it("sums more rows than one read may return", async () => {
    const { data, error } = await supabaseFor(t, crm.schema, crm.owner.token).from("deals").select("amount.sum()");
    expect(error).toBeNull();
    expect(data).toEqual([{ sum: REP_WON * 2 + REP_LEAD * 1 + MANAGER_WON * 5 }]);
  });

  it("sums only the deals a sales rep owns", async () => {
    const { data, error } = await supabaseFor(t, crm.schema, rep.token).from("deals").select("amount.sum()");
    expect(error).toBeNull();
    expect(data).toEqual([{ sum: REP_WON * 2 + REP_LEAD * 1 }]);
  });

  it("groups by the other selected columns under the caller's row filter", async () => {
    const { data, error } = await supabaseFor(t, crm.schema, rep.token)
      .from("deals")
      .select("stage, amount.sum(), count()")
      .order("stage");
    expect(error).toBeNull();
    expect(data).toEqual([
      { stage: "lead", sum: REP_LEAD * 1, count: REP_LEAD },
      { stage: "won", sum: REP_WON * 2, count: REP_WON },
    ]);
  });

  it("answers the STAT-CARD and CHART queries of the runtime's data provider", async () => {
    const provider = dataProvider(supabaseFor(t, crm.schema, rep.token));
    const won = await provider.getList({
      resource: "deals",
      pagination: { currentPage: 1, pageSize: 1 },
      filters: [{ field: "stage", operator: "eq", value: "won" }],
      meta: { select: "value:amount.sum()" },
    });
    expect(won.data).toEqual([{ value: REP_WON * 2 }]);
    const open = await provider.getList({
      resource: "deals",
      pagination: { currentPage: 1, pageSize: 1 },
      filters: [{ field: "stage", operator: "in", value: ["lead", "qualified", "proposal"] }],
      meta: { select: "value:count()" },
    });
    expect(open.data).toEqual([{ value: REP_LEAD }]);
    const byStage = await provider.getList({
      resource: "deals",
      pagination: { currentPage: 1, pageSize: 1000 },
      meta: { select: "stage,value:amount.sum()" },
    });
    expect(byStage.data).toEqual(
      expect.arrayContaining([
        { stage: "lead", value: REP_LEAD * 1 },
        { stage: "won", value: REP_WON * 2 },
      ]),
    );
    expect(byStage.data).toHaveLength(2);
  });
});
