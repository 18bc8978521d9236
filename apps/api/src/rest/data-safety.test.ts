/**
 * Attacks on one app's data through /rest/v1, through the real supabase-js where the
 * runtime would send them: filters that must never be dropped, counts that must not
 * reveal hidden rows, errors that must not echo them, and requests too large to serve.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, supabaseFor } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

const MAX_ROWS = 20;

let rep: AppUser;
const t = testPlinthForFile({ PLINTH_DB_MAX_ROWS: String(MAX_ROWS) });
const crm = exampleAppForFile(t, "crm");
beforeAll(async () => {
  rep = await addMember(t, crm, "sales_rep");
}, 120_000);

async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await t.plinth.database.pool.query(text.replaceAll("$schema", `"${crm.schema}"`), values)).rows as T[];
}

async function companyNames(prefix: string): Promise<string[]> {
  const rows = await sql<{ name: string }>("select name from $schema.companies where name like $1 order by name", [
    `${prefix}%`,
  ]);
  return rows.map((row) => row.name);
}

async function addCompanies(names: string[]): Promise<void> {
  await sql("insert into $schema.companies (name) select unnest($1::text[])", [names]);
}

const rest = (user: AppUser, method: string, path: string, init: { body?: string; prefer?: string } = {}) =>
  fetch(`${t.url}/rest/v1/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.token}`,
      [method === "GET" || method === "HEAD" ? "accept-profile" : "content-profile"]: crm.schema,
      "content-type": "application/json",
      ...(init.prefer && { prefer: init.prefer }),
    },
    ...(init.body !== undefined && { body: init.body }),
  });

describe("filters are applied or refused, never dropped", () => {
  it("deletes with likeAnyOf only the rows matching a pattern", async () => {
    await addCompanies(["f1 Alpha", "f1 Beta", "f1 Gamma"]);
    const db = supabaseFor(t, crm.schema, crm.owner.token);
    const { error } = await db.from("companies").delete().likeAnyOf("name", ["f1 A*", "f1 B*"]);
    expect(error).toBeNull();
    expect(await companyNames("f1 ")).toEqual(["f1 Gamma"]);
  });

  it("updates with isDistinct only the rows that differ", async () => {
    await sql("insert into $schema.companies (name, industry) values ('f2 A', 'retail'), ('f2 B', null)");
    const db = supabaseFor(t, crm.schema, crm.owner.token);
    const { error } = await db
      .from("companies")
      .update({ employees: 7 })
      .like("name", "f2 *")
      .isDistinct("industry", "retail");
    expect(error).toBeNull();
    const rows = await sql("select name, employees from $schema.companies where name like 'f2 %' order by name");
    expect(rows).toEqual([
      { name: "f2 A", employees: null },
      { name: "f2 B", employees: 7 },
    ]);
  });

  it("deletes with ?name=isdistinct. only the other rows", async () => {
    await addCompanies(["f3 A", "f3 B"]);
    const response = await rest(
      crm.owner,
      "DELETE",
      `companies?name=like.f3*&name=isdistinct.${encodeURIComponent("f3 A")}`,
    );
    expect(response.status).toBe(204);
    expect(await companyNames("f3 ")).toEqual(["f3 A"]);
  });

  it.each([
    ["an unknown operator", "name=isdistinctfrom.x", "failed to parse filter (isdistinctfrom.x)"],
    ["a bare column=value", "name=x", "failed to parse filter (x)"],
    ["a quantifier the operator does not take", "name=neq(any).{x}", "failed to parse filter (neq(any).{x})"],
  ])("refuses %s on DELETE with PGRST100 and loses no row", async (_label, query, message) => {
    await addCompanies(["f4 kept"]);
    const before = await sql<{ n: number }>("select count(*)::int as n from $schema.companies");
    const response = await rest(crm.owner, "DELETE", `companies?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "PGRST100", message: expect.stringContaining(message) });
    expect(await sql("select count(*)::int as n from $schema.companies")).toEqual(before);
  });
});

describe("hidden rows stay hidden", () => {
  it("answers a sales rep's planned count exactly, under their row filter", async () => {
    const [company] = await sql<{ id: string }>("insert into $schema.companies (name) values ('h1') returning id");
    await sql(
      "insert into $schema.deals (title, owner_id, company_id) select 'Hidden merger', $1, $2 from generate_series(1, 150)",
      [crm.owner.id, company?.id],
    );
    await sql("analyze $schema.deals");
    const asRep = await supabaseFor(t, crm.schema, rep.token)
      .from("deals")
      .select("id", { count: "planned", head: true })
      .eq("title", "Hidden merger");
    expect(asRep.count).toBe(0);
    const asManager = await rest(crm.owner, "HEAD", "deals?title=eq.Hidden%20merger", { prefer: "count=planned" });
    expect(asManager.headers.get("preference-applied")).toBe("count=planned");
  });

  it("refuses an insert reusing a hidden row's id with 409, without echoing the row", async () => {
    const [company] = await sql<{ id: string }>("insert into $schema.companies (name) values ('h2') returning id");
    const [hidden] = await sql<{ id: string }>(
      "insert into $schema.deals (title, owner_id, company_id) values ('Secret', $1, $2) returning id",
      [crm.owner.id, company?.id],
    );
    const body = (id: string) => JSON.stringify({ id, title: "Mine", company_id: company?.id });
    const taken = await rest(rep, "POST", "deals", { body: body(hidden?.id as string) });
    expect(taken.status).toBe(409);
    const error = (await taken.json()) as { code: string; details: string | null; message: string };
    expect(error.code).toBe("23505");
    expect(JSON.stringify(error)).not.toContain(hidden?.id as string);
    const fresh = await rest(rep, "POST", "deals", { body: body(crypto.randomUUID()) });
    expect(fresh.status).toBe(201);
  });
});

describe("requests too large to serve", () => {
  it("caps a read at the configured max rows and still tells the exact total", async () => {
    await addCompanies(Array.from({ length: MAX_ROWS + 5 }, (_, i) => `l1 ${String(i).padStart(2, "0")}`));
    const { data, count, error } = await supabaseFor(t, crm.schema, crm.owner.token)
      .from("companies")
      .select("name", { count: "exact" })
      .like("name", "l1 *")
      .order("name");
    expect(error).toBeNull();
    expect(data).toHaveLength(MAX_ROWS);
    expect(count).toBe(MAX_ROWS + 5);
  });

  it("refuses a POST of 1,001 rows and writes none of them", async () => {
    const rows = Array.from({ length: 1_001 }, (_, i) => ({ name: `l2 ${i}` }));
    const response = await rest(crm.owner, "POST", "companies", { body: JSON.stringify(rows) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: "PGRST413",
      hint: "Send the rows in batches of at most 1000.",
    });
    expect(await companyNames("l2 ")).toEqual([]);
  });

  it("refuses a body nested 100,000 levels deep with PGRST102", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const response = await rest(crm.owner, "POST", "companies", { body: `{"name":"l3","website":${deep}}` });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "PGRST102" });
  });

  it("refuses a NUL character in a text value with PGRST102", async () => {
    const response = await rest(crm.owner, "POST", "companies", { body: '{"name":"l4\\u0000"}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "PGRST102", message: expect.stringContaining("NUL") });
    expect(await companyNames("l4")).toEqual([]);
  });
});
