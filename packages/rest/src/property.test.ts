/**
 * Random query strings, headers and bodies thrown at parse → plan → SQL → execute:
 * every answer must be a well-formed PostgREST response and none may be a 5xx or an
 * exception (which the API would turn into a 500).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureForFile, preferHeader } from "./testing/index.js";

const tables = ["clients", "projects", "tasks", "empty_things", "nope", ""];
const columns = ["id", "name", "title", "done", "priority", "tags", "meta", "budget", "client_id", "project_id", "zzz"];
const operators = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
  "cs",
  "cd",
  "ov",
  "in",
  "is",
  "fts",
  "plfts",
  "wfts(english)",
  "not.eq",
  "not.in",
  "bogus",
];
const tricky = fc.constantFrom(
  "(",
  ")",
  ",",
  ".",
  '"',
  "*",
  ":",
  "::",
  "!",
  "{",
  "}",
  "[",
  "]",
  "\\",
  "%",
  "+",
  " ",
  "'",
  ";",
  "->",
  "\u0000",
  "é",
);

const token = fc.oneof(
  fc.constantFrom(...columns),
  fc.constantFrom(
    "1",
    "-1",
    "0",
    "abc",
    "true",
    "null",
    "not_null",
    "{a,b}",
    '{"tier":"gold"}',
    "(1,2)",
    '("a,b",c)',
    "2020-01-01",
  ),
  fc.string({ maxLength: 8 }),
  tricky,
);
const fragment = fc.array(token, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(""));

const filterValue = fc.oneof(
  fc.tuple(fc.constantFrom(...operators), fragment).map(([op, v]) => `${op}.${v}`),
  fc
    .tuple(
      fc.constantFrom("or", "and"),
      fc.array(fc.tuple(fc.constantFrom(...columns), fc.constantFrom(...operators), fragment), { maxLength: 3 }),
    )
    .map(([, items]) => `(${items.map(([c, o, v]) => `${c}.${o}.${v}`).join(",")})`),
  fragment,
);

const param = fc.oneof(
  fc.tuple(fc.constantFrom(...columns, "tasks.done", "projects.id", "clients.name", "x.y.z"), filterValue),
  fc.tuple(fc.constantFrom("or", "and", "not.or", "tasks.or", "projects.and"), filterValue),
  fc.tuple(
    fc.constant("select"),
    fc.oneof(
      fc.constantFrom(
        "*",
        "id,name",
        "id,tasks(*)",
        "name,clients(name),tasks!inner(id,title)",
        "a:id::text",
        "id::bogus",
        "clients(projects(tasks(*)))",
        "x(",
        "id,,",
      ),
      fragment,
    ),
  ),
  fc.tuple(
    fc.constantFrom("order", "tasks.order"),
    fc.oneof(fc.constantFrom("id.desc", "priority.asc.nullsfirst,id", "id.sideways"), fragment),
  ),
  fc.tuple(
    fc.constantFrom("limit", "offset", "tasks.limit"),
    fc.oneof(fc.integer({ min: -3, max: 20 }).map(String), fragment),
  ),
  fc.tuple(fc.constantFrom("columns", "on_conflict"), fc.oneof(fc.constantFrom("name", "id,title", "email"), fragment)),
  fc.tuple(fragment, fragment),
);

const queryString = fc.oneof(
  fc
    .array(param, { maxLength: 6 })
    .map((ps) => ps.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")),
  fc.string({ maxLength: 40 }),
);

const headers = fc.record(
  {
    Prefer: fc.oneof(preferHeader, fc.string({ maxLength: 20 })),
    Accept: fc.constantFrom(
      "application/json",
      "application/vnd.pgrst.object+json",
      "text/csv",
      "*/*",
      "",
      "garbage;;",
    ),
    Range: fc.oneof(fc.constantFrom("0-1", "5-2", "3-", "x"), fc.string({ maxLength: 6 })),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record(
    {
      title: fc.string(),
      project_id: fc.integer({ min: 0, max: 5 }),
      done: fc.boolean(),
      priority: fc.integer({ min: -2, max: 7 }),
    },
    { requiredKeys: [] },
  ),
  fc.array(fc.record({ name: fc.string(), email: fc.option(fc.string()) }, { requiredKeys: [] }), { maxLength: 3 }),
  fc.string({ maxLength: 20 }),
);

describe("random requests", () => {
  const fixture = fixtureForFile();

  it("always get a well-formed PostgREST answer, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "HEAD", "POST", "PATCH", "DELETE", "PUT"),
        fc.constantFrom(...tables),
        queryString,
        headers,
        body,
        async (method, table, query, hdrs, payload) => {
          const { response } = await fixture.run({ method, table, query, headers: hdrs, body: payload });
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 300) {
            const error = JSON.parse(response.body ?? "null");
            expect(Object.keys(error).sort()).toEqual(["code", "details", "hint", "message"]);
            expect(typeof error.code).toBe("string");
            expect(typeof error.message).toBe("string");
          } else if (response.body !== undefined && response.headers["Content-Type"]?.startsWith("text/csv")) {
            // A header line, then one line per row.
            expect(response.body).toContain("\n");
          } else if (response.body !== undefined) {
            expect(() => JSON.parse(response.body as string)).not.toThrow();
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});
