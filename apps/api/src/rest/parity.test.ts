/**
 * PostgREST behaviours through the real supabase-js against a running Plinth, where
 * the client library has a method for them: CSV, stripped nulls, max-affected,
 * tx=rollback, embedding by the constraint name the database has, spreads, and the
 * echoed Content-Profile.
 */
import { describe, expect, it } from "vitest";
import { supabaseFor } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

const t = testPlinthForFile({ PLINTH_DB_TX_ALLOW_OVERRIDE: "true" });
const crm = exampleAppForFile(t, "crm");

async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await t.plinth.database.pool.query(text.replaceAll("$schema", `"${crm.schema}"`), values)).rows as T[];
}

async function company(name: string, industry: string | null = null): Promise<string> {
  const [row] = await sql<{ id: string }>(
    "insert into $schema.companies (name, industry) values ($1, $2) returning id",
    [name, industry],
  );
  return row?.id as string;
}

const db = () => supabaseFor(t, crm.schema, crm.owner.token);

/**
 * supabase-js types maxAffected() only for schemas generated for PostgREST 13; the
 * untyped client here still sends it, which is what is under test.
 */
function maxAffected(builder: unknown, rows: number) {
  type Result = { error: { code: string; details: string } | null };
  return (builder as { maxAffected(rows: number): PromiseLike<Result> }).maxAffected(rows);
}

describe("PostgREST parity through supabase-js", () => {
  it("answers csv() with a header line and one quoted line per row", async () => {
    await company("p1 Acme, Inc.", "retail");
    await company("p1 Globex");
    const { data, error } = await db()
      .from("companies")
      .select("name,industry")
      .like("name", "p1 *")
      .order("name")
      .csv();
    expect(error).toBeNull();
    expect(data).toBe('name,industry\n"p1 Acme, Inc.",retail\n"p1 Globex",');
  });

  it("leaves out null values with stripNulls()", async () => {
    await company("p2 Initech");
    const { data, error } = await db().from("companies").select("name,industry").eq("name", "p2 Initech").stripNulls();
    expect(error).toBeNull();
    expect(data).toEqual([{ name: "p2 Initech" }]);
  });

  it("refuses an update past maxAffected() and changes nothing", async () => {
    await company("p3 A");
    await company("p3 B");
    const { error } = await maxAffected(db().from("companies").update({ industry: "finance" }).like("name", "p3 *"), 1);
    expect(error).toMatchObject({ code: "PGRST124", details: "The query affects 2 rows" });
    expect(await sql("select industry from $schema.companies where name like 'p3 %'")).toEqual([
      { industry: null },
      { industry: null },
    ]);
    const one = await maxAffected(db().from("companies").update({ industry: "finance" }).eq("name", "p3 A"), 1);
    expect(one.error).toBeNull();
  });

  it("answers a rollback() insert as if written and keeps nothing, where the server allows it", async () => {
    const { data, error } = await db().from("companies").insert({ name: "p4 Ghost" }).select("name").rollback();
    expect(error).toBeNull();
    expect(data).toEqual([{ name: "p4 Ghost" }]);
    expect(await sql("select name from $schema.companies where name = 'p4 Ghost'")).toEqual([]);
  });

  it("embeds by the foreign key's constraint name as the database names it, and spreads an embed", async () => {
    const companyId = await company("p5 Hooli");
    await sql("insert into $schema.deals (title, stage, owner_id, company_id) values ('p5 deal', 'lead', $1, $2)", [
      crm.owner.id,
      companyId,
    ]);
    const [fk] = await sql<{ conname: string }>(
      `select conname from pg_constraint
       where contype = 'f' and conrelid = $1::regclass and conkey = array[(
         select attnum from pg_attribute where attrelid = $1::regclass and attname = 'company_id')]::int2[]`,
      [`"${crm.schema}".deals`],
    );
    // Postgres' own name, as on a hosted Supabase project: postgrest-js code written there works here.
    expect(fk?.conname).toBe("deals_company_id_fkey");
    const byConstraint = await db()
      .from("deals")
      .select(`title, company:companies!${fk?.conname}(name)`)
      .eq("title", "p5 deal");
    expect(byConstraint.error).toBeNull();
    expect(byConstraint.data).toEqual([{ title: "p5 deal", company: { name: "p5 Hooli" } }]);
    const spread = await db().from("deals").select("title, ...companies(company_name:name)").eq("title", "p5 deal");
    expect(spread.error).toBeNull();
    expect(spread.data).toEqual([{ title: "p5 deal", company_name: "p5 Hooli" }]);
  });

  it("echoes the schema chosen by Accept-Profile as Content-Profile", async () => {
    const response = await fetch(`${t.url}/rest/v1/companies?select=id&limit=1`, {
      headers: { authorization: `Bearer ${crm.owner.token}`, "accept-profile": crm.schema },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-profile")).toBe(crm.schema);
  });
});
