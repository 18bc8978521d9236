/**
 * Every @refinedev/supabase data-provider method, through the real package and the
 * real supabase-js, against the CRM example provisioned on a real Plinth API; each
 * answer is checked against direct SQL on the app's tables.
 */
import type { CrudFilter, CrudSort } from "@refinedev/core";
import { dataProvider } from "@refinedev/supabase";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, supabaseFor } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

type Row = Record<string, unknown> & { id: string };
type Provider = ReturnType<typeof dataProvider>;

let manager: Provider;

const INDUSTRIES = ["software", "retail", "finance", null];
const NAMES = ["Acme Corp", "acme labs", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Corp"];

const t = testPlinthForFile();
const crm = exampleAppForFile(t, "crm");
beforeAll(async () => {
  manager = dataProvider(supabaseFor(t, crm.schema, crm.owner.token));
}, 120_000);

async function sql<T = Row>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await t.plinth.database.pool.query(text.replaceAll("$schema", `"${crm.schema}"`), values)).rows as T[];
}

const ids = (rows: readonly { id: unknown }[]) => rows.map((row) => row.id);
const sorted = (values: readonly unknown[]) => [...values].map(String).sort();

/** The status and PostgREST code a rejected data-provider call carries. */
async function rejection(
  promise: Promise<unknown>,
  label = "the call",
): Promise<{ code: string; statusCode: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; statusCode: number; message: string };
  }
  throw new Error(`${label} succeeded but was expected to fail`);
}

describe("@refinedev/supabase against /rest/v1", () => {
  let companies: Row[];

  it("createMany inserts every row and returns them as stored", async () => {
    const variables = Array.from({ length: 30 }, (_, i) => ({
      name: `${NAMES[i % NAMES.length]} ${i}`,
      industry: INDUSTRIES[i % INDUSTRIES.length],
      employees: i % 5 === 0 ? null : i * 37,
      website: i % 3 === 0 ? null : `https://example.com/${i}`,
    }));
    const { data } = await manager.createMany<Row>({ resource: "companies", variables });
    companies = data as Row[];
    expect(companies).toHaveLength(30);
    const stored = await sql("select row_to_json(c) as row from $schema.companies c order by name");
    expect(sorted(ids(stored.map((r) => r.row as Row)))).toEqual(sorted(ids(companies)));
    for (const row of companies) {
      const inDb = stored.map((r) => r.row as Row).find((r) => r.id === row.id);
      expect(row).toEqual(inDb);
      expect(row.created_by).toBe(crm.owner.id);
    }
  });

  it("getList pages through the table with the exact total", async () => {
    const expected = ids(await sql("select id from $schema.companies order by name asc, id asc"));
    const seen: unknown[] = [];
    for (let page = 1; page <= 5; page++) {
      const result = await manager.getList<Row>({
        resource: "companies",
        pagination: { currentPage: page, pageSize: 7, mode: "server" },
        sorters: [
          { field: "name", order: "asc" },
          { field: "id", order: "asc" },
        ],
      });
      expect(result.total).toBe(30);
      expect(result.data.length).toBe(page === 5 ? 2 : 7);
      seen.push(...ids(result.data));
    }
    expect(seen).toEqual(expected);
    // Past the last page PostgREST answers 416 PGRST103, and so does Plinth.
    const past = await rejection(
      manager.getList({ resource: "companies", pagination: { currentPage: 6, pageSize: 7, mode: "server" } }),
    );
    expect(past).toMatchObject({ code: "PGRST103" });
    const all = await manager.getList<Row>({ resource: "companies", pagination: { mode: "off" } });
    expect(all.total).toBe(30);
    expect(all.data).toHaveLength(30);
  });

  it("getList sorts by every column, both directions, and by several columns", async () => {
    const columns = ["name", "industry", "employees", "website", "created_at", "updated_at", "created_by", "id"];
    const cases: CrudSort[][] = [
      ...columns.flatMap((field) => [[{ field, order: "asc" as const }], [{ field, order: "desc" as const }]]),
      [
        { field: "industry", order: "desc" },
        { field: "employees", order: "asc" },
      ],
      [
        { field: "website", order: "asc" },
        { field: "name", order: "desc" },
      ],
    ];
    for (const sorters of cases) {
      const orderBy = [...sorters, { field: "id", order: "asc" }].map((s) => `"${s.field}" ${s.order}`).join(", ");
      const expected = ids(await sql(`select id from $schema.companies order by ${orderBy} limit 10`));
      const result = await manager.getList<Row>({
        resource: "companies",
        pagination: { currentPage: 1, pageSize: 10 },
        sorters: [...sorters, { field: "id", order: "asc" }],
      });
      expect(ids(result.data), JSON.stringify(sorters)).toEqual(expected);
    }
  });

  it("getList applies every filter operator the provider turns into a query", async () => {
    const cases: [string, CrudFilter[], string, unknown[]][] = [
      ["eq", [{ field: "industry", operator: "eq", value: "software" }], "industry = $1", ["software"]],
      ["ne", [{ field: "industry", operator: "ne", value: "software" }], "industry <> $1", ["software"]],
      ["lt", [{ field: "employees", operator: "lt", value: 300 }], "employees < $1", [300]],
      ["lte", [{ field: "employees", operator: "lte", value: 296 }], "employees <= $1", [296]],
      ["gt", [{ field: "employees", operator: "gt", value: 300 }], "employees > $1", [300]],
      ["gte", [{ field: "employees", operator: "gte", value: 296 }], "employees >= $1", [296]],
      [
        "in",
        [{ field: "industry", operator: "in", value: ["software", "retail"] }],
        "industry = any($1)",
        [["software", "retail"]],
      ],
      ["contains", [{ field: "name", operator: "contains", value: "acme" }], "name ilike $1", ["%acme%"]],
      ["containss", [{ field: "name", operator: "containss", value: "Acme" }], "name like $1", ["%Acme%"]],
      ["ncontains", [{ field: "name", operator: "ncontains", value: "globex 2" }], "not name ilike $1", ["globex 2"]],
      ["ncontainss", [{ field: "name", operator: "ncontainss", value: "Globex 2" }], "not name like $1", ["Globex 2"]],
      ["startswith", [{ field: "name", operator: "startswith", value: "ac" }], "name ilike $1", ["ac%"]],
      ["endswith", [{ field: "name", operator: "endswith", value: "CORP 8" }], "name ilike $1", ["%CORP 8"]],
      [
        "between",
        [{ field: "employees", operator: "between", value: [100, 500] }],
        "employees between $1 and $2",
        [100, 500],
      ],
      ["null", [{ field: "website", operator: "null", value: true }], "website is null", []],
      ["nnull", [{ field: "website", operator: "nnull", value: null }], "website is not null", []],
      [
        "several filters are ANDed",
        [
          { field: "industry", operator: "eq", value: "retail" },
          { field: "employees", operator: "gt", value: 100 },
        ],
        "industry = $1 and employees > $2",
        ["retail", 100],
      ],
      [
        "or",
        [
          {
            operator: "or",
            value: [
              { field: "industry", operator: "eq", value: "finance" },
              { field: "employees", operator: "gt", value: 900 },
            ],
          },
        ],
        "industry = $1 or employees > $2",
        ["finance", 900],
      ],
      [
        "or with every operator the provider rewrites",
        [
          {
            operator: "or",
            value: [
              { field: "name", operator: "contains", value: "labs" },
              { field: "name", operator: "containss", value: "Hoo" },
              { field: "industry", operator: "in", value: ["software", "retail, inc."] },
              { field: "employees", operator: "ne", value: 37 },
            ],
          },
        ],
        `name ilike '%labs%' or name like '%Hoo%' or industry in ('software', 'retail, inc.') or employees <> 37`,
        [],
      ],
      [
        "or with null, nnull, comparisons and negations",
        [
          {
            operator: "or",
            value: [
              { field: "website", operator: "null", value: null },
              { field: "employees", operator: "lte", value: 74 },
              { field: "employees", operator: "gte", value: 1000 },
              { field: "name", operator: "ncontains", value: "%" },
            ],
          },
          {
            operator: "or",
            value: [
              { field: "industry", operator: "nnull", value: null },
              { field: "employees", operator: "lt", value: 50 },
            ],
          },
        ],
        `(website is null or employees <= 74 or employees >= 1000 or not name ilike '%')
         and (industry is not null or employees < 50)`,
        [],
      ],
      [
        "or next to a plain filter",
        [
          { field: "industry", operator: "ne", value: "retail" },
          {
            operator: "or",
            value: [
              { field: "employees", operator: "eq", value: 37 },
              { field: "employees", operator: "gt", value: 700 },
            ],
          },
        ],
        "industry <> 'retail' and (employees = 37 or employees > 700)",
        [],
      ],
    ];
    for (const [label, filters, where, values] of cases) {
      const expected = ids(await sql(`select id from $schema.companies where ${where}`, values));
      const result = await manager.getList<Row>({
        resource: "companies",
        pagination: { mode: "off" },
        filters,
      });
      expect(sorted(ids(result.data)), label).toEqual(sorted(expected));
      expect(result.total, label).toBe(expected.length);
    }
  });

  it("answers the filters PostgREST cannot parse with PostgREST's own 400 PGRST100", async () => {
    // The provider sends these verbatim (`industry=not.in.a,b`, `or=(name.startswith.x%)`,
    // `or=(…,)`), which hosted PostgREST refuses too; the runtime sees the same error either way.
    const unparsable: CrudFilter[][] = [
      [{ field: "industry", operator: "nin", value: ["software", "retail"] }],
      [{ operator: "or", value: [{ field: "name", operator: "startswith", value: "glob" }] }],
      [{ operator: "or", value: [{ field: "name", operator: "endswith", value: "corp 16" }] }],
      [
        {
          operator: "or",
          value: [
            { field: "name", operator: "eq", value: "Globex 2" },
            { operator: "and", value: [{ field: "industry", operator: "eq", value: "retail" }] },
          ],
        },
      ],
    ];
    for (const filters of unparsable) {
      const error = await rejection(manager.getList({ resource: "companies", filters }), JSON.stringify(filters));
      expect(error, JSON.stringify(filters)).toMatchObject({ code: "PGRST100" });
    }
    // `name=nstartswith.Acme` has no PostgREST operator: PostgREST refuses it on a table
    // (QueryParams.hs parses every non-keyword parameter as a filter), and so does Plinth,
    // since a filter dropped from a PATCH or DELETE would widen it to the whole table.
    for (const operator of ["nstartswith", "endswiths"] as const) {
      const error = await rejection(
        manager.getList({ resource: "companies", filters: [{ field: "name", operator, value: "Acme" }] }),
        operator,
      );
      expect(error, operator).toMatchObject({ code: "PGRST100" });
    }
    // A top-level `and` never leaves the browser: the provider itself refuses it.
    await expect(
      manager.getList({
        resource: "companies",
        filters: [{ operator: "and", value: [{ field: "name", operator: "eq", value: "x" }] }],
      }),
    ).rejects.toThrow(/'and' is not supported/);
  });

  it("getOne and getMany return rows exactly as stored", async () => {
    const target = companies[4] as Row;
    const { data } = await manager.getOne<Row>({ resource: "companies", id: target.id });
    const [stored] = await sql("select row_to_json(c) as row from $schema.companies c where id = $1", [target.id]);
    expect(data).toEqual(stored?.row);
    const wanted = companies.slice(10, 16).map((c) => c.id);
    const many = await manager.getMany<Row>({ resource: "companies", ids: [...wanted, crypto.randomUUID()] });
    expect(sorted(ids(many.data))).toEqual(sorted(wanted));
    const missing = await manager.getOne<Row>({ resource: "companies", id: crypto.randomUUID() });
    expect(missing.data).toBeUndefined();
  });

  it("create, update, updateMany, deleteOne and deleteMany change exactly the rows named", async () => {
    const company = companies[0] as Row;
    const { data: deal } = await manager.create<Row>({
      resource: "deals",
      variables: { title: "Big one", amount: 1250.5, stage: "lead", owner_id: crm.owner.id, company_id: company.id },
    });
    const [stored] = await sql("select row_to_json(d) as row from $schema.deals d where id = $1", [deal.id]);
    expect(deal).toEqual(stored?.row);
    expect(deal).toMatchObject({ title: "Big one", amount: 1250.5, created_by: crm.owner.id, close_date: null });

    const { data: updated } = await manager.update<Row>({
      resource: "deals",
      id: deal.id,
      variables: { stage: "won", close_date: "2025-02-28" },
    });
    expect(updated).toMatchObject({ id: deal.id, stage: "won", close_date: "2025-02-28" });
    const [afterUpdate] = await sql<{ stage: string; close_date: string }>(
      "select stage, close_date::text from $schema.deals where id = $1",
      [deal.id],
    );
    expect(afterUpdate).toEqual({ stage: "won", close_date: "2025-02-28" });

    const targets = companies.slice(20, 24).map((c) => c.id);
    const { data: many } = await manager.updateMany<Row>({
      resource: "companies",
      ids: targets,
      variables: { industry: "other" },
    });
    expect(sorted(ids(many))).toEqual(sorted(targets));
    const aerospace = await sql("select id from $schema.companies where industry = 'other'");
    expect(sorted(ids(aerospace))).toEqual(sorted(targets));

    await manager.deleteOne({ resource: "deals", id: deal.id });
    expect(await sql("select id from $schema.deals where id = $1", [deal.id])).toEqual([]);
    const doomed = companies.slice(25, 28).map((c) => c.id);
    await manager.deleteMany({ resource: "companies", ids: doomed });
    expect(await sql("select id from $schema.companies where id = any($1)", [doomed])).toEqual([]);
    expect(await sql("select count(*)::int as n from $schema.companies")).toEqual([{ n: 27 }]);
  });

  it("embeds related tables when sorting by a related column or selecting them", async () => {
    const company = companies[1] as Row;
    const deals = await manager.createMany<Row>({
      resource: "deals",
      variables: ["b", "a", "c"].map((title) => ({
        title,
        stage: "lead",
        owner_id: crm.owner.id,
        company_id: company.id,
      })),
    });
    const result = await manager.getList<Row>({
      resource: "deals",
      sorters: [{ field: "companies.name", order: "asc" }],
      filters: [{ field: "company_id", operator: "eq", value: company.id }],
    });
    expect(result.total).toBe(3);
    for (const row of result.data) expect(row.companies).toEqual({ name: company.name });
    const { data } = await manager.getOne<Row>({
      resource: "companies",
      id: company.id,
      meta: { select: "name, deals(title)" },
    });
    expect(data.name).toBe(company.name);
    expect(sorted((data.deals as { title: string }[]).map((d) => d.title))).toEqual(["a", "b", "c"]);
    await manager.deleteMany({ resource: "deals", ids: ids(deals.data as Row[]) as string[] });
  });

  it("counts and lists only the rows a sales rep's row filter allows", async () => {
    const rep = await addMember(t, crm, "sales_rep");
    const asRep = dataProvider(supabaseFor(t, crm.schema, rep.token));
    const company = companies[2] as Row;
    await manager.createMany({
      resource: "deals",
      variables: Array.from({ length: 9 }, (_, i) => ({
        title: `deal ${i}`,
        stage: "lead",
        owner_id: i % 3 === 0 ? rep.id : crm.owner.id,
        company_id: company.id,
      })),
    });
    const expected = ids(await sql("select id from $schema.deals where owner_id = $1", [rep.id]));
    expect(expected).toHaveLength(3);
    const page = await asRep.getList<Row>({ resource: "deals", pagination: { currentPage: 1, pageSize: 2 } });
    expect(page.total).toBe(3);
    expect(page.data).toHaveLength(2);
    const all = await asRep.getList<Row>({ resource: "deals", pagination: { mode: "off" } });
    expect(sorted(ids(all.data))).toEqual(sorted(expected));
    const hidden = (await sql("select id from $schema.deals where owner_id <> $1", [rep.id]))[0] as Row;
    expect((await asRep.getOne({ resource: "deals", id: hidden.id })).data).toBeUndefined();
    // A sales rep may not delete deals at all: the grant is missing, so PostgREST's 403 42501.
    const denied = await rejection(asRep.deleteOne({ resource: "deals", id: expected[0] as string }));
    expect(denied).toMatchObject({ code: "42501" });
  });
});
