/**
 * Random requests at /rest/v1 for signed-in users whose row filters hide rows (a CRM
 * sales rep, a helpdesk requester): random tables, query strings, headers and bodies.
 * Whatever is sent, the answer is never a 5xx, every row id it carries (embedded ones
 * too) is a row the caller may see, a count never exceeds what they may see, and no
 * row outside their filter changes.
 */

import { visibleTo as isVisible, lookupIn } from "@plinth/blueprint/testing";
import { interpretPreferences } from "@plinth/rest";
import { preferHeader } from "@plinth/rest/testing";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { testPlinthForFile } from "../testing/per-file.js";
import { buildFixture, type Fixture, type Member, type Row } from "../testing/rest-fixture.js";

const fixtures = new Map<string, Fixture>();

const t = testPlinthForFile();
beforeAll(async () => {
  for (const example of ["crm", "helpdesk"]) fixtures.set(example, await buildFixture(t, example));
}, 180_000);

const OPERATORS = ["eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "is", "in", "cs", "cd", "fts", "match"];

function requestArbitrary(fixture: Fixture) {
  const { blueprint, schema } = fixture.app;
  const tables = blueprint.data.tables.map((x) => x.name);
  const columns = [...new Set(blueprint.data.tables.flatMap((x) => x.columns.map((c) => c.name))), "id", "created_by"];
  const ids = [...fixture.rows.values()].flat().map((r) => r.id);
  const userIds = [...fixture.members.map((m) => m.user.id), fixture.stranger];
  const scalar = fc.oneof(
    fc.constantFrom(...ids, ...userIds),
    fc.constantFrom("null", "true", "false", "not_null", "", "*", "()", '"', "\\", "%", "1", "-1", "1e309"),
    fc.string({ maxLength: 12 }),
    fc.integer().map(String),
  );
  const filterValue = fc.oneof(
    fc
      .tuple(fc.boolean(), fc.constantFrom(...OPERATORS), scalar)
      .map(([not, op, v]) => `${not ? "not." : ""}${op}.${v}`),
    fc.array(scalar, { maxLength: 3 }).map((vs) => `in.(${vs.map((v) => `"${v}"`).join(",")})`),
    fc
      .array(fc.tuple(fc.constantFrom(...columns), fc.constantFrom(...OPERATORS), scalar), {
        minLength: 1,
        maxLength: 3,
      })
      .map((terms) => `(${terms.map(([c, op, v]) => `${c}.${op}.${v}`).join(",")})`),
    fc.string({ maxLength: 20 }),
  );
  const hostile = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }));
  const param = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(
        fc.constantFrom(...columns),
        fc
          .tuple(
            fc.boolean(),
            fc.constantFrom("eq", "neq", "is", "gt", "lt"),
            fc.constantFrom(...ids, ...userIds, "null"),
          )
          .map(([not, op, v]) => `${not ? "not." : ""}${op}.${op === "is" ? "null" : v}`),
      ),
    },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...columns), filterValue) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("or", "and", "not.or"), filterValue) },
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.constant("select"),
        fc.oneof(
          fc.constantFrom("*", "id", "id,created_by", "x:id", "id::text", "*,owner:created_by"),
          fc
            .tuple(fc.constantFrom(...tables), fc.constantFrom("*", "id", "id,created_by"))
            .map(([tbl, cols]) => `id,${tbl}(${cols})`),
          fc.string({ maxLength: 15 }),
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constant("order"),
        fc
          .tuple(fc.constantFrom(...columns), fc.constantFrom("", ".asc", ".desc", ".desc.nullslast", ".nope"))
          .map(([c, d]) => `${c}${d}`),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constantFrom("limit", "offset"),
        fc.oneof(fc.nat(40).map(String), fc.string({ maxLength: 4 })),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("columns", "on_conflict"), fc.constantFrom(...columns)) },
    { weight: 1, arbitrary: hostile },
  );
  const query = fc
    .array(fc.tuple(param, fc.boolean()), { maxLength: 4 })
    .map((params) =>
      params
        .map(([[k, v], encode]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`))
        .join("&"),
    );
  const rowBody = fc.dictionary(
    fc.constantFrom(...columns, "nope"),
    fc.oneof(scalar, fc.integer(), fc.boolean(), fc.constant(null)),
    { maxKeys: 4 },
  );
  const body = fc.oneof(
    { weight: 4, arbitrary: rowBody.map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: fc.array(rowBody, { maxLength: 3 }).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );
  /** Mostly absent or ordinary, sometimes odd. */
  const sometimes = (common: fc.Arbitrary<string | undefined>, odd: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 6, arbitrary: common }, { weight: 1, arbitrary: odd });
  const headers = fc.record({
    prefer: sometimes(
      fc.constantFrom(undefined, "count=exact", "return=representation", "return=minimal"),
      preferHeader,
    ),
    accept: sometimes(
      fc.constantFrom(undefined, "application/json"),
      fc.constantFrom("application/vnd.pgrst.object+json", "text/csv", "*/*", "application/geo+json"),
    ),
    range: sometimes(
      fc.constant(undefined),
      fc.tuple(fc.nat(30), fc.nat(30)).map(([a, b]) => `${a}-${b}`),
    ),
    profile: sometimes(
      fc.constant(schema),
      fc.constantFrom(fixtures.get("helpdesk")?.app.schema ?? schema, "public", "", schema.toUpperCase()),
    ),
    "content-type": sometimes(
      fc.constant("application/json"),
      fc.constantFrom("text/plain", "application/x-www-form-urlencoded"),
    ),
  });
  return fc.record({
    method: fc.oneof(
      { weight: 5, arbitrary: fc.constant("GET") },
      { weight: 3, arbitrary: fc.constantFrom("HEAD", "POST", "PATCH", "DELETE", "PUT") },
    ),
    table: fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...tables) },
      { weight: 1, arbitrary: fc.constantFrom("nope", "pg_class", "%2e%2e", "deals%00") },
    ),
    query,
    headers,
    body,
  });
}

/**
 * Every row of the app, keyed by table and id: a random POST may reuse another table's
 * id, and a map keyed by id alone would then lose a row and miscount.
 */
async function snapshot(fixture: Fixture): Promise<Map<string, { table: string; id: string; json: string }>> {
  const rows = new Map<string, { table: string; id: string; json: string }>();
  for (const { name } of fixture.app.blueprint.data.tables) {
    const result = await t.plinth.database.pool.query<{ id: string; row: Row }>(
      `select id::text, row_to_json(x) as row from "${fixture.app.schema}"."${name}" x`,
    );
    for (const r of result.rows) rows.set(`${name}/${r.id}`, { table: name, id: r.id, json: JSON.stringify(r.row) });
  }
  return rows;
}

function visibleTo(
  fixture: Fixture,
  role: string,
  user: Member,
  rows: Map<string, { table: string; id: string; json: string }>,
) {
  const byTable = new Map<string, Record<string, unknown>[]>();
  for (const { table, json } of rows.values()) byTable.set(table, [...(byTable.get(table) ?? []), JSON.parse(json)]);
  const visible = new Map<string, Set<string>>();
  for (const { table, id, json } of rows.values()) {
    // Its own filters and every parent it is scoped through.
    if (!isVisible(fixture.app.blueprint, role, table, JSON.parse(json), user, lookupIn(byTable))) continue;
    if (!visible.has(table)) visible.set(table, new Set());
    visible.get(table)?.add(id);
  }
  return visible;
}

/** Every value under an `id` key anywhere in the body. */
function idsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) idsIn(v, found);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "id" && typeof v === "string") found.push(v);
      else idsIn(v, found);
    }
  }
  return found;
}

describe("random requests at /rest/v1", () => {
  for (const [example, role] of [
    ["crm", "sales_rep"],
    ["helpdesk", "requester"],
  ] as const) {
    it(`${example} ${role}: never a 5xx, never a row outside the caller's filter`, async () => {
      const fixture = fixtures.get(example) as Fixture;
      const user = fixture.members.find((m) => m.role === role && m.label === "A")?.user as Member;
      let sent = 0;
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(fixture), async (req) => {
          const before = await snapshot(fixture);
          const { profile, ...rest } = req.headers;
          const optional = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Record<
            string,
            string
          >;
          const readOnly = req.method === "GET" || req.method === "HEAD";
          const response = await fetch(`${t.url}/rest/v1/${req.table}${req.query ? `?${req.query}` : ""}`, {
            method: req.method,
            headers: {
              ...optional,
              authorization: `Bearer ${user.token}`,
              [readOnly ? "accept-profile" : "content-profile"]: profile as string,
            },
            body: readOnly ? undefined : req.body,
          });
          const text = await response.text();
          sent++;
          expect(response.status, text).toBeLessThan(500);
          const after = await snapshot(fixture);
          const beforeVisible = visibleTo(fixture, role, user, before);
          const afterVisible = visibleTo(fixture, role, user, after);
          const allowed = new Set([...beforeVisible.values(), ...afterVisible.values()].flatMap((s) => [...s]));
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          if (response.status < 300) {
            answered++;
            for (const id of idsIn(body))
              expect(allowed.has(id), `row ${id} leaked by ${JSON.stringify(req)}`).toBe(true);
            const total = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "")?.[1];
            const tableVisible = Math.max(
              beforeVisible.get(req.table)?.size ?? 0,
              afterVisible.get(req.table)?.size ?? 0,
            );
            // A planned count is the planner's estimate, as in PostgREST; only counted totals are bounded.
            const counted = interpretPreferences(req.headers.prefer).count;
            if (total !== undefined && (counted === "exact" || counted === "estimated")) {
              expect(Number(total)).toBeLessThanOrEqual(tableVisible);
            }
          }
          // Rows the caller could not see are exactly as they were.
          for (const [key, row] of before) {
            if (beforeVisible.get(row.table)?.has(row.id)) continue;
            expect(after.get(key)?.json, `hidden row ${key} changed by ${JSON.stringify(req)}`).toBe(row.json);
          }
        }),
        { numRuns: 120, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
      );
      console.log(`${example} ${role}: ${sent} random requests, ${answered} answered 2xx`);
      // The generator must reach the database often enough for the property to mean something.
      expect(answered).toBeGreaterThan(sent / 20);
    }, 240_000);
  }
});
