/**
 * Request → status/headers/body cases following PostgREST's documented behaviour,
 * executed for real against a throwaway schema (see testing/fixture.ts).
 */
import { describe, expect, it } from "vitest";
import { type PlanOptions, postgrestPlanOptions } from "./plan.js";
import { type FixtureRequest, fixtureForFile } from "./testing/index.js";

interface Case {
  name: string;
  req: FixtureRequest;
  status: number;
  headers?: Record<string, unknown>;
  /** Exact JSON body; `undefined` in the object means "no body expected" only with noBody. */
  body?: unknown;
  /** Partial match for error bodies. */
  bodyMatch?: Record<string, unknown>;
  noBody?: boolean;
  /** Headers the response must not carry. */
  absentHeaders?: string[];
  /** The body's rows in any order (aggregates grouped by an embed have no order to ask for). */
  unordered?: boolean;
  /** The server's caps and estimate rule; PostgREST's defaults when absent. */
  options?: Partial<PlanOptions>;
  /** SQL run after the request in the same transaction ($schema is replaced) and its expected rows. */
  verify?: { sql: string; rows: Record<string, unknown>[] };
}

const get = (table: string, query: string, headers: Record<string, string | string[]> = {}): FixtureRequest => ({
  method: "GET",
  table,
  query,
  headers,
});
const post = (
  table: string,
  query: string,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): FixtureRequest => ({
  method: "POST",
  table,
  query,
  body,
  headers,
});
const patch = (table: string, query: string, body: unknown, headers: Record<string, string> = {}): FixtureRequest => ({
  method: "PATCH",
  table,
  query,
  body,
  headers,
});
const del = (table: string, query: string, headers: Record<string, string> = {}): FixtureRequest => ({
  method: "DELETE",
  table,
  query,
  headers,
});
const ids = (...n: number[]) => n.map((id) => ({ id }));
const exact = { Prefer: "count=exact" };
const rep = { Prefer: "return=representation" };
const object = { Accept: "application/vnd.pgrst.object+json" };

const selectCases: Case[] = [
  {
    name: "select a column list",
    req: get("clients", "select=id,name&order=id"),
    status: 200,
    headers: { "Content-Range": "0-2/*", "Content-Type": "application/json; charset=utf-8" },
    body: [
      { id: 1, name: "Acme" },
      { id: 2, name: "Globex" },
      { id: 3, name: "Initech, Inc." },
    ],
  },
  {
    name: "no select means every column in table order",
    req: get("tasks", "id=eq.1"),
    status: 200,
    body: [{ id: 1, project_id: 1, title: "Design", done: true, priority: 1 }],
  },
  {
    name: "rename with alias:col",
    req: get("clients", "select=client_name:name&id=eq.1"),
    status: 200,
    body: [{ client_name: "Acme" }],
  },
  { name: "cast with col::text", req: get("clients", "select=id::text&id=eq.1"), status: 200, body: [{ id: "1" }] },
  {
    name: "alias and cast together",
    req: get("projects", "select=amount:budget::text&id=eq.1"),
    status: 200,
    body: [{ amount: "1000.50" }],
  },
  {
    name: "unknown cast type is a 400",
    req: get("clients", "select=id::bogus"),
    status: 400,
    bodyMatch: { code: "42704", message: 'type "bogus" does not exist' },
  },
  {
    name: "jsonb and array columns come back as JSON",
    req: get("clients", "select=tags,meta&id=eq.1"),
    status: 200,
    body: [{ tags: ["gold", "eu"], meta: { tier: "gold", seats: 10 } }],
  },
  {
    name: "unknown column in select is Postgres' 42703",
    req: get("clients", "select=id,nmae"),
    status: 400,
    bodyMatch: {
      code: "42703",
      message: "column clients.nmae does not exist",
      hint: 'Perhaps you meant to reference the column "clients.name".',
    },
  },
  {
    name: "select with spaces around items",
    req: get("clients", "select=id, name&id=eq.2"),
    status: 200,
    body: [{ id: 2, name: "Globex" }],
  },
];

const embedCases: Case[] = [
  {
    name: "many-to-one embeds an object, or null",
    req: get("projects", "select=name,clients(name)&id=in.(1,4)&order=id"),
    status: 200,
    body: [
      { name: "Website", clients: { name: "Acme" } },
      { name: "Orphan", clients: null },
    ],
  },
  {
    name: "one-to-many embeds an array, [] when none",
    req: get("clients", "select=id,projects(id)&order=id&projects.order=id"),
    status: 200,
    body: [
      { id: 1, projects: ids(1, 2) },
      { id: 2, projects: ids(3) },
      { id: 3, projects: [] },
    ],
  },
  {
    name: "alias:table(cols)",
    req: get("projects", "select=id,owner:clients(name)&id=eq.3"),
    status: 200,
    body: [{ id: 3, owner: { name: "Globex" } }],
  },
  {
    name: "nested embedding",
    req: get("clients", "select=name,projects(name,tasks(title))&id=eq.2"),
    status: 200,
    body: [{ name: "Globex", projects: [{ name: "Migration", tasks: [{ title: "Plan (phase 1)" }] }] }],
  },
  {
    name: "embedding by foreign key column name",
    req: get("projects", "select=id,client_id(name)&id=eq.2"),
    status: 200,
    body: [{ id: 2, client_id: { name: "Acme" } }],
  },
  {
    name: "embedding with * inside",
    req: get("tasks", "select=id,projects(*)&id=eq.5"),
    status: 200,
    body: [{ id: 5, projects: { id: 3, name: "Migration", client_id: 2, budget: null, active: true } }],
  },
  {
    name: "unknown embed is PGRST200 with a hint",
    req: get("projects", "select=id,taks(id)"),
    status: 400,
    bodyMatch: {
      code: "PGRST200",
      message: "Could not find a relationship between 'projects' and 'taks' in the schema cache",
      hint: "Perhaps you meant 'tasks' instead of 'taks'.",
    },
  },
  {
    name: "unrelated embed without a close name has no hint",
    req: get("tasks", "select=id,empty_things(id)"),
    status: 400,
    bodyMatch: { code: "PGRST200", hint: null },
  },
  {
    name: "!inner drops parents without a match",
    req: get("projects", "select=id,clients!inner(name)&order=id"),
    status: 200,
    body: [
      { id: 1, clients: { name: "Acme" } },
      { id: 2, clients: { name: "Acme" } },
      { id: 3, clients: { name: "Globex" } },
    ],
  },
  {
    name: "embedded filters restrict the embedded rows only",
    req: get("projects", "select=id,tasks(id)&tasks.done=eq.true&id=in.(1,3)&order=id"),
    status: 200,
    body: [
      { id: 1, tasks: ids(1) },
      { id: 3, tasks: [] },
    ],
  },
  {
    name: "embedded filters with !inner restrict the parents",
    req: get("projects", "select=id,tasks!inner(id)&tasks.done=eq.true&order=id", exact),
    status: 200,
    headers: { "Content-Range": "0-1/2" },
    body: [
      { id: 1, tasks: ids(1) },
      { id: 2, tasks: ids(4) },
    ],
  },
  {
    name: "embedded order and limit",
    req: get("projects", "select=id,tasks(id)&id=eq.1&tasks.order=id.desc&tasks.limit=2"),
    status: 200,
    body: [{ id: 1, tasks: ids(3, 2) }],
  },
  {
    name: "embedded offset",
    req: get("projects", "select=id,tasks(id)&id=eq.1&tasks.order=id&tasks.offset=1"),
    status: 200,
    body: [{ id: 1, tasks: ids(2, 3) }],
  },
  {
    name: "embedded or=",
    req: get("projects", "select=id,tasks(id)&id=eq.1&tasks.or=(priority.eq.1,priority.is.null)&tasks.order=id"),
    status: 200,
    body: [{ id: 1, tasks: ids(1, 3) }],
  },
  {
    name: "embedded and= nested in or=",
    req: get(
      "projects",
      "select=id,tasks(id)&id=eq.1&tasks.or=(and(done.eq.false,priority.eq.2),priority.eq.1)&tasks.order=id",
    ),
    status: 200,
    body: [{ id: 1, tasks: ids(1, 2) }],
  },
  {
    name: "embedded not.or=",
    req: get("projects", "select=id,tasks(id)&id=eq.1&tasks.not.or=(priority.eq.1,priority.is.null)"),
    status: 200,
    body: [{ id: 1, tasks: ids(2) }],
  },
  {
    name: "embedded and= on a nested embed",
    req: get(
      "clients",
      "select=id,projects(id,tasks(id))&id=eq.1&projects.order=id&projects.tasks.and=(done.is.false,priority.not.is.null)",
    ),
    status: 200,
    body: [
      {
        id: 1,
        projects: [
          { id: 1, tasks: ids(2) },
          { id: 2, tasks: [] },
        ],
      },
    ],
  },
  {
    name: "top-level not.and=",
    req: get("tasks", "select=id&not.and=(done.is.false,priority.is.null)&order=id"),
    status: 200,
    body: ids(1, 2, 4, 5),
  },
  {
    name: "not.and nested in or=",
    req: get("tasks", "select=id&or=(not.and(done.is.false,priority.not.is.null),id.eq.2)&order=id"),
    status: 200,
    body: ids(1, 2, 3, 4),
  },
  {
    name: "a filtered-out many-to-one embed is null",
    req: get("projects", "select=id,clients(name)&clients.name=eq.Globex&id=eq.1"),
    status: 200,
    body: [{ id: 1, clients: null }],
  },
  {
    name: "filter on a resource that is not embedded is PGRST108",
    req: get("projects", "select=id&tasks.done=eq.true"),
    status: 400,
    bodyMatch: { code: "PGRST108", message: "'tasks' is not an embedded resource in this request" },
  },
  {
    name: "embedded filter through an alias",
    req: get("projects", "select=id,todo:tasks(id)&todo.priority=gte.2&id=eq.1"),
    status: 200,
    body: [{ id: 1, todo: ids(2) }],
  },
];

const t = (query: string) => get("tasks", `select=id&order=id&${query}`);
const filterCases: Case[] = [
  { name: "eq", req: t("priority=eq.2"), status: 200, body: ids(2) },
  { name: "neq", req: t("priority=neq.2"), status: 200, body: ids(1, 4, 5) },
  { name: "gt", req: t("priority=gt.2"), status: 200, body: ids(4, 5) },
  { name: "gte", req: t("priority=gte.2"), status: 200, body: ids(2, 4, 5) },
  { name: "lt", req: t("priority=lt.2"), status: 200, body: ids(1) },
  { name: "lte", req: t("priority=lte.2"), status: 200, body: ids(1, 2) },
  { name: "like with * as %", req: get("clients", "select=id&name=like.*ex"), status: 200, body: ids(2) },
  { name: "ilike", req: get("clients", "select=id&name=ilike.ACME*"), status: 200, body: ids(1) },
  {
    name: "in with quoted members",
    req: get("clients", 'select=id&order=id&name=in.("Initech, Inc.",Acme)'),
    status: 200,
    body: ids(1, 3),
  },
  { name: "is.null", req: get("projects", "select=id&budget=is.null"), status: 200, body: ids(3) },
  {
    name: "is.not_null",
    req: get("projects", "select=id&order=id&budget=is.not_null"),
    status: 200,
    body: ids(1, 2, 4),
  },
  { name: "is.true", req: get("projects", "select=id&order=id&active=is.true"), status: 200, body: ids(1, 3) },
  { name: "is.false", req: get("projects", "select=id&active=is.false"), status: 200, body: ids(2) },
  { name: "is.unknown", req: get("projects", "select=id&active=is.unknown"), status: 200, body: ids(4) },
  {
    name: "is values are case-insensitive",
    req: get("projects", "select=id&budget=is.NULL"),
    status: 200,
    body: ids(3),
  },
  { name: "cs on an array", req: get("clients", "select=id&tags=cs.{gold}"), status: 200, body: ids(1) },
  {
    name: "cd on an array",
    req: get("clients", "select=id&order=id&tags=cd.{gold,eu,silver}"),
    status: 200,
    body: ids(1, 2, 3),
  },
  { name: "cs on jsonb", req: get("clients", 'select=id&meta=cs.{"tier":"gold"}'), status: 200, body: ids(1) },
  { name: "not.eq", req: t("done=not.eq.true"), status: 200, body: ids(2, 3, 5) },
  { name: "not.in", req: t("id=not.in.(1,2,3)"), status: 200, body: ids(4, 5) },
  { name: "not.is.null", req: t("priority=not.is.null"), status: 200, body: ids(1, 2, 4, 5) },
  { name: "repeated parameters are ANDed", req: t("priority=gte.2&priority=lte.3"), status: 200, body: ids(2, 4) },
  { name: "or=", req: t("or=(id.eq.1,title.eq.Launch)"), status: 200, body: ids(1, 3) },
  { name: "and nested in or", req: t("or=(and(done.eq.true,priority.eq.3),id.eq.5)"), status: 200, body: ids(4, 5) },
  { name: "not.or", req: t("not.or=(done.eq.true,priority.is.null)"), status: 200, body: ids(2, 5) },
  { name: "and= with a filter", req: t("and=(done.eq.false,priority.lt.5)&id=neq.3"), status: 200, body: ids(2) },
  {
    name: "or with quoted values holding , and ()",
    req: t('or=(title.eq."Plan (phase 1)",title.eq."Design")'),
    status: 200,
    body: ids(1, 5),
  },
  { name: "in inside or", req: t("or=(id.in.(1,2),priority.eq.5)"), status: 200, body: ids(1, 2, 5) },
  { name: "+ in the query string is a space", req: t("title=eq.Plan+(phase+1)"), status: 200, body: ids(5) },
  { name: "percent-encoded values", req: t("title=eq.Plan%20%28phase%201%29"), status: 200, body: ids(5) },
  { name: "full-text search", req: t("title=fts.design"), status: 200, body: ids(1) },
  {
    name: "cs inside or with an array literal",
    req: get("clients", "select=id&or=(tags.cs.{silver},id.eq.3)&order=id"),
    status: 200,
    body: ids(2, 3),
  },
  {
    name: "filter on an unknown column is 42703",
    req: t("nope=eq.1"),
    status: 400,
    bodyMatch: { code: "42703", message: "column tasks.nope does not exist" },
  },
  {
    name: "unknown operator is PGRST100",
    req: t("id=not.foo.1"),
    status: 400,
    body: {
      code: "PGRST100",
      message: '"failed to parse filter (not.foo.1)" (line 1, column 9)',
      details: "unknown single value operator foo",
      hint: null,
    },
  },
  {
    name: "malformed or= is PGRST100",
    req: t("or=(id.eq.1"),
    status: 400,
    bodyMatch: { code: "PGRST100" },
  },
  {
    name: "a parameter without an operator is PGRST100, not ignored",
    req: t("title=Design"),
    status: 400,
    body: {
      code: "PGRST100",
      message: '"failed to parse filter (Design)" (line 1, column 1)',
      details: 'unexpected "D" expecting "not" or operator (eq, gt, ...)',
      hint: null,
    },
  },
  {
    name: "an empty filter value is PGRST100",
    req: t("title="),
    status: 400,
    bodyMatch: { code: "PGRST100", message: '"failed to parse filter ()" (line 1, column 1)' },
  },
  { name: "in.() is the empty list and matches nothing", req: t("id=in.()"), status: 200, body: [] },
  { name: "not.in.() matches everything", req: t("id=not.in.()"), status: 200, body: ids(1, 2, 3, 4, 5) },
  {
    name: "DELETE with in.() deletes nothing",
    req: del("clients", "email=in.()"),
    status: 204,
    verify: { sql: "SELECT count(*)::int AS n FROM $schema.clients", rows: [{ n: 3 }] },
  },
  { name: "plfts", req: t("title=plfts.plan phase"), status: 200, body: ids(5) },
  { name: "phfts with a language", req: t("title=phfts(english).plan phase"), status: 200, body: ids(5) },
  { name: "wfts", req: t("title=wfts.design or launch"), status: 200, body: ids(1, 3) },
  { name: "not.fts", req: t("title=not.fts.design"), status: 200, body: ids(2, 3, 4, 5) },
  {
    name: "ov on an array",
    req: get("clients", "select=id&order=id&tags=ov.{eu,silver}"),
    status: 200,
    body: ids(1, 2),
  },
  { name: "isdistinct", req: t("priority=isdistinct.2"), status: 200, body: ids(1, 3, 4, 5) },
  { name: "not.isdistinct", req: t("priority=not.isdistinct.2"), status: 200, body: ids(2) },
  { name: "eq(any)", req: t("priority=eq(any).{1,5}"), status: 200, body: ids(1, 5) },
  { name: "not.eq(any)", req: t("priority=not.eq(any).{1,5}"), status: 200, body: ids(2, 4) },
  { name: "gt(all)", req: t("priority=gt(all).{1,2}"), status: 200, body: ids(4, 5) },
  { name: "lte(any)", req: t("priority=lte(any).{1,2}"), status: 200, body: ids(1, 2) },
  { name: "like(any) with * as %", req: t("title=like(any).{D*,*ch}"), status: 200, body: ids(1, 3) },
  { name: "like(all)", req: t("title=like(all).{P*,*o*}"), status: 200, body: ids(4) },
  { name: "ilike(any)", req: t("title=ilike(any).{design,LAUNCH}"), status: 200, body: ids(1, 3) },
  { name: "match is a regex", req: t("title=match.^[BD]"), status: 200, body: ids(1, 2) },
  { name: "imatch ignores case", req: t("title=imatch.^plan"), status: 200, body: ids(5) },
  { name: "match(any)", req: t("title=match(any).{^B,^L}"), status: 200, body: ids(2, 3) },
  { name: "not.imatch(all)", req: t("title=not.imatch(all).{^p,o}"), status: 200, body: ids(1, 2, 3, 5) },
  { name: "isdistinct inside or", req: t("or=(priority.isdistinct.1,id.eq.1)"), status: 200, body: ids(1, 2, 3, 4, 5) },
  { name: "like(any) inside or", req: t("or=(title.like(any).{D*,B*},id.eq.5)"), status: 200, body: ids(1, 2, 5) },
  {
    name: "a quantifier on an operator that takes none is PGRST100",
    req: t("priority=neq(any).{1}"),
    status: 400,
    bodyMatch: { code: "PGRST100", details: expect.stringContaining("neq takes no quantifier") },
  },
  {
    name: "an unknown quantifier is PGRST100",
    req: t("priority=eq(some).{1}"),
    status: 400,
    bodyMatch: { code: "PGRST100", details: 'unexpected "(" expecting "(any)" or "(all)"' },
  },
  {
    name: "DELETE with an unknown operator is PGRST100 and deletes nothing",
    req: del("tasks", "title=isdistinctfrom.Design"),
    status: 400,
    bodyMatch: { code: "PGRST100", details: "unknown single value operator isdistinctfrom" },
    verify: { sql: "SELECT count(*)::int AS n FROM $schema.tasks", rows: [{ n: 5 }] },
  },
  {
    name: "DELETE with isdistinct deletes only the rows it matches",
    req: del("tasks", "title=isdistinct.Design"),
    status: 204,
    verify: { sql: "SELECT id FROM $schema.tasks ORDER BY id", rows: ids(1) },
  },
  {
    name: "PATCH with like(any) updates only the rows it matches",
    req: patch("tasks", "title=like(any).{B*,L*}", { done: true }),
    status: 204,
    verify: { sql: "SELECT id FROM $schema.tasks WHERE done ORDER BY id", rows: ids(1, 2, 3, 4) },
  },
  {
    name: "value of the wrong type is 22P02 → 400",
    req: t("id=eq.abc"),
    status: 400,
    bodyMatch: { code: "22P02" },
  },
];

const orderRangeCases: Case[] = [
  {
    name: "order by several columns",
    req: get("tasks", "select=id&order=done.desc,id.asc"),
    status: 200,
    body: ids(1, 4, 2, 3, 5),
  },
  {
    name: "order desc nullsfirst",
    req: get("tasks", "select=id&order=priority.desc.nullsfirst"),
    status: 200,
    body: ids(3, 5, 4, 2, 1),
  },
  {
    name: "order asc nullslast",
    req: get("tasks", "select=id&order=priority.asc.nullslast"),
    status: 200,
    body: ids(1, 2, 4, 5, 3),
  },
  {
    name: "limit and offset",
    req: get("tasks", "select=id&order=id&limit=2&offset=1"),
    status: 200,
    headers: { "Content-Range": "1-2/*" },
    body: ids(2, 3),
  },
  {
    name: "count=exact on a partial page is 206",
    req: get("tasks", "select=id&order=id&limit=2", exact),
    status: 206,
    headers: { "Content-Range": "0-1/5", "Preference-Applied": "count=exact" },
    body: ids(1, 2),
  },
  {
    name: "count=exact on the whole set is 200",
    req: get("tasks", "select=id&order=id", exact),
    status: 200,
    headers: { "Content-Range": "0-4/5" },
    body: ids(1, 2, 3, 4, 5),
  },
  {
    name: "count of an empty table is */0",
    req: get("empty_things", "", exact),
    status: 200,
    headers: { "Content-Range": "*/0" },
    body: [],
  },
  {
    name: "empty result without count is */*",
    req: get("empty_things", ""),
    status: 200,
    headers: { "Content-Range": "*/*" },
    body: [],
  },
  {
    name: "offset past the end with a count is 416 PGRST103",
    req: get("tasks", "offset=10", exact),
    status: 416,
    body: {
      code: "PGRST103",
      message: "Requested range not satisfiable",
      details: "An offset of 10 was requested, but there are only 5 rows.",
      hint: null,
    },
  },
  {
    name: "Range header",
    req: get("tasks", "select=id&order=id", { Range: "1-2", "Range-Unit": "items", ...exact }),
    status: 206,
    headers: { "Content-Range": "1-2/5" },
    body: ids(2, 3),
  },
  {
    name: "Range header with lower > upper is 416",
    req: get("tasks", "", { Range: "3-1" }),
    status: 416,
    bodyMatch: { code: "PGRST103" },
  },
  {
    name: "count=estimated gives the count",
    req: get("tasks", "select=id&order=id&limit=1", { Prefer: "count=estimated" }),
    status: 206,
    headers: { "Content-Range": "0-0/5" },
    body: ids(1),
  },
  {
    name: "count with filters counts the filtered set",
    req: get("tasks", "select=id&done=eq.false&order=id&limit=1", exact),
    status: 206,
    headers: { "Content-Range": "0-0/3" },
    body: ids(2),
  },
  {
    name: "HEAD has the headers and no body",
    req: { method: "HEAD", table: "tasks", query: "limit=2", headers: exact },
    status: 206,
    headers: { "Content-Range": "0-1/5" },
    noBody: true,
  },
  { name: "order on an unknown column", req: get("tasks", "order=nope"), status: 400, bodyMatch: { code: "42703" } },
  { name: "malformed order", req: get("tasks", "order=id.ac"), status: 400, bodyMatch: { code: "PGRST100" } },
  { name: "a negative limit is refused", req: get("tasks", "limit=-1"), status: 416, bodyMatch: { code: "PGRST103" } },
];

const singularCases: Case[] = [
  {
    name: "object+json returns a single object",
    req: get("clients", "select=id,name&id=eq.1", object),
    status: 200,
    headers: { "Content-Type": "application/vnd.pgrst.object+json; charset=utf-8" },
    body: { id: 1, name: "Acme" },
  },
  {
    name: "object+json with several rows is PGRST116",
    req: get("tasks", "", object),
    status: 406,
    body: {
      code: "PGRST116",
      message: "Cannot coerce the result to a single JSON object",
      details: "The result contains 5 rows",
      hint: null,
    },
  },
  {
    name: "object+json with no rows is PGRST116",
    req: get("tasks", "id=eq.99", object),
    status: 406,
    bodyMatch: { code: "PGRST116", details: "The result contains 0 rows" },
  },
  {
    name: "an unavailable media type is PGRST107",
    req: get("tasks", "", { Accept: "text/html" }),
    status: 406,
    bodyMatch: { code: "PGRST107" },
  },
];

const task = (title: string, extra: Record<string, unknown> = {}) => ({ project_id: 1, title, ...extra });
const noTaskEstimates = { estimatesAllowed: (table: string) => table !== "tasks" };
const limitCases: Case[] = [
  {
    name: "max rows caps a read without a limit",
    req: get("tasks", "select=id&order=id"),
    options: { maxRows: 2 },
    status: 200,
    headers: { "Content-Range": "0-1/*" },
    body: ids(1, 2),
  },
  {
    name: "max rows caps a larger limit and the exact count still tells the total",
    req: get("tasks", "select=id&order=id&limit=4", exact),
    options: { maxRows: 3 },
    status: 206,
    headers: { "Content-Range": "0-2/5" },
    body: ids(1, 2, 3),
  },
  {
    name: "max rows keeps a smaller limit and applies after the offset",
    req: get("tasks", "select=id&order=id&offset=3"),
    options: { maxRows: 3 },
    status: 200,
    headers: { "Content-Range": "3-4/*" },
    body: ids(4, 5),
  },
  {
    name: "max rows caps each embed too",
    req: get("projects", "select=id,tasks(id)&id=eq.1&tasks.order=id"),
    options: { maxRows: 2 },
    status: 200,
    body: [{ id: 1, tasks: ids(1, 2) }],
  },
  {
    name: "count=planned is exact on a table whose estimates may not be shown",
    req: get("tasks", "select=id&order=id&limit=1", { Prefer: "count=planned" }),
    options: noTaskEstimates,
    status: 206,
    headers: { "Content-Range": "0-0/5", "Preference-Applied": "count=exact" },
    body: ids(1),
  },
  {
    name: "count=planned is exact when an embedded table's estimates may not be shown",
    req: get("projects", "select=id,tasks!inner(id)&tasks.title=eq.Build", { Prefer: "count=planned" }),
    options: noTaskEstimates,
    status: 200,
    headers: { "Content-Range": "0-0/1", "Preference-Applied": "count=exact" },
    body: [{ id: 1, tasks: ids(2) }],
  },
  {
    name: "count=planned stays the planner's estimate where estimates are allowed",
    req: get("clients", "select=id", { Prefer: "count=planned" }),
    options: noTaskEstimates,
    status: expect.any(Number),
    headers: { "Preference-Applied": "count=planned" },
  },
  {
    name: "an insert of more rows than allowed is 413 and writes nothing",
    req: post("empty_things", "", [{}, {}, {}]),
    options: { maxWriteRows: 2 },
    status: 413,
    body: {
      code: "PGRST413",
      message: "The request body has 3 rows; one request may write at most 2",
      details: null,
      hint: "Send the rows in batches of at most 2.",
    },
    verify: { sql: "SELECT count(*)::int AS n FROM $schema.empty_things", rows: [{ n: 0 }] },
  },
  {
    name: "an insert of exactly the allowed rows is written",
    req: post("empty_things", "", [{}, {}]),
    options: { maxWriteRows: 2 },
    status: 201,
    verify: { sql: "SELECT count(*)::int AS n FROM $schema.empty_things", rows: [{ n: 2 }] },
  },
];

const bodyCases: Case[] = [
  {
    name: "a deeply nested JSON body is PGRST102",
    req: post("clients", "", `{"name":"Deep","meta":${"[".repeat(100_000)}${"]".repeat(100_000)}}`),
    status: 400,
    bodyMatch: { code: "PGRST102", message: expect.stringContaining("nested more than 100 levels deep") },
  },
  {
    name: "JSON nested 100 levels deep is stored",
    req: post("clients", "select=name", `{"name":"Deep","meta":${"[".repeat(99)}${"]".repeat(99)}}`, rep),
    status: 201,
    body: [{ name: "Deep" }],
  },
  {
    name: "a NUL character in a text value is PGRST102",
    req: post("clients", "", '{"name":"A\\u0000B"}'),
    status: 400,
    bodyMatch: { code: "PGRST102", message: expect.stringContaining("NUL character") },
    verify: { sql: "SELECT count(*)::int AS n FROM $schema.clients", rows: [{ n: 3 }] },
  },
  {
    name: "an escaped backslash before u0000 is plain text",
    req: post("clients", "select=name", '{"name":"A\\\\u0000B"}', rep),
    status: 201,
    body: [{ name: "A\\u0000B" }],
  },
  {
    name: "a NUL character in a filter value is a 400",
    req: t("title=eq.A%00B"),
    status: 400,
  },
];

const writeCases: Case[] = [
  {
    name: "POST one row, return=minimal by default",
    req: post("tasks", "", task("Ship")),
    status: 201,
    headers: { "Content-Range": "*/*" },
    noBody: true,
    verify: {
      sql: "select title, done from $schema.tasks where title = 'Ship'",
      rows: [{ title: "Ship", done: false }],
    },
  },
  {
    name: "POST with return=representation",
    req: post("tasks", "", task("Ship", { id: 70 }), rep),
    status: 201,
    headers: { "Preference-Applied": "return=representation", "Content-Type": "application/json; charset=utf-8" },
    body: [{ id: 70, project_id: 1, title: "Ship", done: false, priority: null }],
  },
  {
    name: "POST an array",
    req: post("tasks", "select=title", [task("A"), task("B")], rep),
    status: 201,
    body: [{ title: "A" }, { title: "B" }],
  },
  {
    name: "POST with columns= ignores other keys",
    req: post("tasks", "columns=project_id,title&select=title,priority", [task("A", { priority: 4 }), task("B")], rep),
    status: 201,
    body: [
      { title: "A", priority: null },
      { title: "B", priority: null },
    ],
  },
  {
    name: "missing=default fills missing keys with column defaults",
    req: post("tasks", "columns=project_id,title,done&select=title,done", [task("A", { done: true }), task("B")], {
      Prefer: "return=representation, missing=default",
    }),
    status: 201,
    headers: { "Preference-Applied": "missing=default, return=representation" },
    body: [
      { title: "A", done: true },
      { title: "B", done: false },
    ],
  },
  {
    name: "without missing=default a missing key is null",
    req: post("tasks", "columns=project_id,title,done", [task("A", { done: true }), task("B")]),
    status: 400,
    bodyMatch: { code: "23502" },
  },
  {
    name: "POST an unknown column is PGRST204",
    req: post("tasks", "", task("A", { nope: 1 })),
    status: 400,
    body: {
      code: "PGRST204",
      message: "Could not find the 'nope' column of 'tasks' in the schema cache",
      details: null,
      hint: null,
    },
  },
  {
    name: "POST invalid JSON is PGRST102",
    req: post("tasks", "", "{not json"),
    status: 400,
    bodyMatch: { code: "PGRST102" },
  },
  {
    name: "POST objects with different keys is PGRST102",
    req: post("tasks", "", [task("A"), { title: "B" }]),
    status: 400,
    bodyMatch: { code: "PGRST102", message: "All object keys must match" },
  },
  {
    name: "unique violation is 409 naming the columns but not the values",
    req: post("clients", "", { name: "Dup", email: "ops@acme.test" }),
    status: 409,
    bodyMatch: { code: "23505", details: "Key (email) already exists." },
  },
  {
    name: "foreign key violation is 409 naming the columns but not the values",
    req: post("tasks", "", { project_id: 99, title: "X" }),
    status: 409,
    bodyMatch: { code: "23503", details: 'Key (project_id) is not present in table "projects".' },
  },
  {
    name: "check violation is 400",
    req: post("tasks", "", task("X", { priority: 9 })),
    status: 400,
    bodyMatch: { code: "23514" },
  },
  {
    name: "invalid input syntax is 400",
    req: post("tasks", "", task("X", { priority: "high" })),
    status: 400,
    bodyMatch: { code: "22P02" },
  },
  {
    name: "upsert merge-duplicates on the primary key",
    req: post(
      "clients",
      "select=id,name&order=id",
      [
        { id: 1, name: "Acme Corp" },
        { id: 50, name: "Hooli" },
      ],
      {
        Prefer: "resolution=merge-duplicates, return=representation",
      },
    ),
    status: 201,
    headers: { "Preference-Applied": "resolution=merge-duplicates, return=representation" },
    body: [
      { id: 1, name: "Acme Corp" },
      { id: 50, name: "Hooli" },
    ],
  },
  {
    name: "upsert that only updates is 200",
    req: post("clients", "", { id: 2, name: "Globex Corp" }, { Prefer: "resolution=merge-duplicates" }),
    status: 200,
    noBody: true,
    verify: { sql: "select name from $schema.clients where id = 2", rows: [{ name: "Globex Corp" }] },
  },
  {
    name: "upsert ignore-duplicates with on_conflict",
    req: post(
      "clients",
      "on_conflict=email&select=name",
      [
        { name: "Other", email: "ops@acme.test" },
        { name: "Fresh", email: "f@x.test" },
      ],
      {
        Prefer: "resolution=ignore-duplicates, return=representation",
      },
    ),
    status: 201,
    body: [{ name: "Fresh" }],
    verify: { sql: "select name from $schema.clients where email = 'ops@acme.test'", rows: [{ name: "Acme" }] },
  },
  {
    name: "return=headers-only gives a Location",
    req: post("clients", "", { id: 77, name: "Hooli" }, { Prefer: "return=headers-only" }),
    status: 201,
    headers: { Location: "/clients?id=eq.77", "Preference-Applied": "return=headers-only" },
    noBody: true,
  },
  {
    name: "POST with object+json returns the object",
    req: post("clients", "select=name", { name: "Hooli" }, { ...rep, ...object }),
    status: 201,
    body: { name: "Hooli" },
  },
  {
    name: "POST representation can embed",
    req: post("tasks", "select=title,projects(name)", task("Ship"), rep),
    status: 201,
    body: [{ title: "Ship", projects: { name: "Website" } }],
  },
  {
    name: "Prefer given as several headers",
    req: post("tasks", "select=title", task("Ship"), { Prefer: ["return=representation", "count=exact"] }),
    status: 201,
    headers: { "Content-Range": "*/1", "Preference-Applied": "return=representation, count=exact" },
    body: [{ title: "Ship" }],
  },
  {
    name: "PATCH with filters",
    req: patch("tasks", "project_id=eq.1&done=eq.false", { done: true }),
    status: 204,
    headers: { "Content-Range": "0-1/*" },
    noBody: true,
    verify: { sql: "select count(*)::int as n from $schema.tasks where done", rows: [{ n: 4 }] },
  },
  {
    name: "PATCH with return=representation",
    req: patch("tasks", "id=eq.2&select=id,done", { done: true }, rep),
    status: 200,
    body: [{ id: 2, done: true }],
  },
  {
    name: "PATCH matching nothing",
    req: patch("tasks", "id=eq.99", { done: true }),
    status: 204,
    headers: { "Content-Range": "*/*" },
  },
  {
    name: "PATCH an unknown column",
    req: patch("tasks", "id=eq.1", { nope: 1 }),
    status: 400,
    bodyMatch: { code: "PGRST204" },
  },
  {
    name: "PATCH with count=exact",
    req: patch("tasks", "project_id=eq.1", { priority: 4 }, exact),
    status: 204,
    headers: { "Content-Range": "0-2/3" },
  },
  {
    name: "PATCH with object+json touching two rows is PGRST116 (rolled back)",
    req: patch("tasks", "id=in.(1,2)", { title: "Same" }, object),
    status: 406,
    bodyMatch: { code: "PGRST116", details: "The result contains 2 rows" },
    verify: { sql: "select count(*)::int as n from $schema.tasks where title = 'Same'", rows: [{ n: 0 }] },
  },
  {
    name: "DELETE with return=representation",
    req: del("tasks", "project_id=eq.1&select=id&order=id", rep),
    status: 200,
    body: ids(1, 2, 3),
  },
  {
    name: "DELETE minimal",
    req: del("tasks", "done=is.true"),
    status: 204,
    headers: { "Content-Range": "*/*" },
    verify: { sql: "select count(*)::int as n from $schema.tasks", rows: [{ n: 3 }] },
  },
  {
    name: "DELETE a referenced row is 409",
    req: del("projects", "id=eq.1"),
    status: 409,
    bodyMatch: { code: "23503" },
  },
];

const relationshipCases: Case[] = [
  {
    name: "embedding by foreign key constraint name",
    req: get("projects", "select=id,projects_client_id_fkey(name)&id=eq.2"),
    status: 200,
    body: [{ id: 2, projects_client_id_fkey: { name: "Acme" } }],
  },
  {
    name: "a constraint name as hint",
    req: get("projects", "select=id,clients!projects_client_id_fkey(name)&id=eq.2"),
    status: 200,
    body: [{ id: 2, clients: { name: "Acme" } }],
  },
  {
    name: "the same table embedded twice, told apart by column hints and aliases",
    req: get("transfers", "select=id,from:clients!from_client_id(name),to:clients!to_client_id(name)"),
    status: 200,
    body: [{ id: 1, from: { name: "Acme" }, to: { name: "Globex" } }],
  },
  {
    name: "two relationships to one table without a hint is PGRST201 listing both",
    req: get("transfers", "select=clients(name)"),
    status: 300,
    body: {
      code: "PGRST201",
      message: "Could not embed because more than one relationship was found for 'transfers' and 'clients'",
      details: [
        {
          cardinality: "many-to-one",
          embedding: "transfers with clients",
          relationship: "transfers_from_client_id_fkey using transfers(from_client_id) and clients(id)",
        },
        {
          cardinality: "many-to-one",
          embedding: "transfers with clients",
          relationship: "transfers_to_client_id_fkey using transfers(to_client_id) and clients(id)",
        },
      ],
      hint: "Try changing 'clients' to one of the following: 'clients!transfers_from_client_id_fkey', 'clients!transfers_to_client_id_fkey'. Find the desired relationship in the 'details' key.",
    },
  },
  {
    name: "the same table embedded twice under one name is 42712",
    req: get("transfers", "select=clients!from_client_id(name),clients!to_client_id(name)"),
    status: 400,
    bodyMatch: { code: "42712", message: 'table name "transfers_clients_1" specified more than once', details: null },
  },
  {
    name: "a hint matching nothing is PGRST200 naming the hint",
    req: get("projects", "select=clients!nope(name)"),
    status: 400,
    bodyMatch: {
      code: "PGRST200",
      details: expect.stringMatching(
        /^Searched for a foreign key relationship between 'projects' and 'clients' using the hint 'nope' in the schema 'rest_test_\w+', but no matches were found\.$/,
      ),
    },
  },
  {
    name: "self-reference: the key column embeds the parent",
    req: get("employees", "select=name,manager:manager_id(name)&id=eq.4"),
    status: 200,
    body: [{ name: "Dee", manager: { name: "Bea" } }],
  },
  {
    name: "self-reference: the table embeds the children",
    req: get("employees", "select=name,employees(name)&id=eq.1&employees.order=id"),
    status: 200,
    body: [{ name: "Ada", employees: [{ name: "Bea" }, { name: "Cy" }] }],
  },
  {
    name: "self-reference: the table with the key column as hint embeds the children",
    req: get("employees", "select=name,reports:employees!manager_id(name)&id=eq.2"),
    status: 200,
    body: [{ name: "Bea", reports: [{ name: "Dee" }] }],
  },
  {
    name: "one-to-one (a unique foreign key) embeds an object from the referenced side",
    req: get("clients", "select=name,client_profiles(bio)&id=in.(1,2)&order=id"),
    status: 200,
    body: [
      { name: "Acme", client_profiles: { bio: "Rockets and anvils" } },
      { name: "Globex", client_profiles: null },
    ],
  },
  {
    name: "!left is the default join",
    req: get("projects", "select=id,clients!left(name)&id=eq.4"),
    status: 200,
    body: [{ id: 4, clients: null }],
  },
  {
    name: "an empty !inner embed filters the parents and is not shown",
    req: get("projects", "select=id,clients!inner()&clients.name=eq.Globex"),
    status: 200,
    body: ids(3),
  },
  {
    name: "rel=not.is.null keeps rows that have a related row",
    req: get("projects", "select=id,clients()&clients=not.is.null&order=id"),
    status: 200,
    body: ids(1, 2, 3),
  },
  {
    name: "rel=is.null keeps rows that have none",
    req: get("clients", "select=id,projects()&projects=is.null"),
    status: 200,
    body: ids(3),
  },
  {
    name: "rel=not.is.null counts the embed's own filters",
    req: get("clients", "select=id,projects(id)&projects.active=is.false&projects=not.is.null"),
    status: 200,
    body: [{ id: 1, projects: ids(2) }],
  },
  {
    name: "many-to-many through a junction whose key is both foreign keys",
    req: get("clients", "select=name,labels(name)&id=in.(1,3)&order=id&labels.order=name"),
    status: 200,
    body: [
      { name: "Acme", labels: [{ name: "enterprise" }, { name: "vip" }] },
      { name: "Initech, Inc.", labels: [] },
    ],
  },
  {
    name: "many-to-many the other way, named by the junction as hint",
    req: get("labels", "select=name,clients!client_labels(name)&id=eq.1&clients.order=id"),
    status: 200,
    body: [{ name: "vip", clients: [{ name: "Acme" }, { name: "Globex" }] }],
  },
  {
    name: "many-to-many with !inner filters the parents",
    req: get("clients", "select=id,labels!inner()&labels.name=eq.enterprise"),
    status: 200,
    body: ids(1),
  },
  {
    name: "order by a to-one embed's column",
    req: get("projects", "select=id,clients(name)&order=clients(name).desc,id"),
    status: 200,
    body: [
      { id: 4, clients: null },
      { id: 3, clients: { name: "Globex" } },
      { id: 1, clients: { name: "Acme" } },
      { id: 2, clients: { name: "Acme" } },
    ],
  },
  {
    name: "order by a to-one embed's column, nulls last, with a limit",
    req: get("projects", "select=id,clients(name)&order=clients(name).desc.nullslast,id&limit=2"),
    status: 200,
    body: [
      { id: 3, clients: { name: "Globex" } },
      { id: 1, clients: { name: "Acme" } },
    ],
  },
  {
    name: "order by a to-many embed is PGRST118",
    req: get("clients", "select=id,projects(id)&order=projects(name)"),
    status: 400,
    bodyMatch: {
      code: "PGRST118",
      message: "A related order on 'projects' is not possible",
      details: "'clients' and 'projects' do not form a many-to-one or one-to-one relationship",
    },
  },
  {
    name: "order by an embed not in select is PGRST108",
    req: get("projects", "select=id&order=clients(name)"),
    status: 400,
    bodyMatch: { code: "PGRST108" },
  },
  {
    name: "a to-one spread lifts the embedded columns into the row",
    req: get("projects", "select=name,...clients(client:name,email)&id=eq.1"),
    status: 200,
    body: [{ name: "Website", client: "Acme", email: "ops@acme.test" }],
  },
  {
    name: "a to-many spread lifts each column as an array",
    req: get("clients", "select=name,...projects(project:name)&id=eq.1&projects.order=id"),
    status: 200,
    body: [{ name: "Acme", project: ["Website", "Mobile app"] }],
  },
];

const jsonPathCases: Case[] = [
  {
    name: "->> in select gives text, keyed by the last JSON key",
    req: get("clients", "select=id,meta->>tier&order=id"),
    status: 200,
    body: [
      { id: 1, tier: "gold" },
      { id: 2, tier: "silver" },
      { id: 3, tier: null },
    ],
  },
  {
    name: "-> in select keeps JSON, under an alias",
    req: get("clients", "select=seats:meta->seats&id=eq.1"),
    status: 200,
    body: [{ seats: 10 }],
  },
  {
    name: "an index into a non-JSON array column is keyed by the column",
    req: get("clients", "select=tags->0&id=eq.1"),
    status: 200,
    body: [{ tags: "gold" }],
  },
  {
    name: "a JSON path with a cast",
    req: get("clients", "select=meta->>seats::int&id=eq.1"),
    status: 200,
    body: [{ seats: 10 }],
  },
  { name: "a filter on ->>", req: get("clients", "select=id&meta->>tier=eq.gold"), status: 200, body: ids(1) },
  {
    name: "a filter on -> compares JSON",
    req: get("clients", "select=id&meta->seats=gt.5"),
    status: 200,
    body: ids(1),
  },
  {
    name: "order by a JSON path",
    req: get("clients", "select=id&order=meta->>tier.desc.nullslast"),
    status: 200,
    body: ids(2, 1, 3),
  },
  {
    name: "a JSON path inside or=",
    req: get("clients", "select=id&or=(meta->>tier.eq.silver,id.eq.3)&order=id"),
    status: 200,
    body: ids(2, 3),
  },
  {
    name: "a JSON path filter on an embed",
    req: get("projects", "select=id,clients(name)&clients.meta->>tier=eq.gold&id=in.(1,3)&order=id"),
    status: 200,
    body: [
      { id: 1, clients: { name: "Acme" } },
      { id: 3, clients: null },
    ],
  },
  {
    name: "a JSON path on an unknown column is 42703",
    req: get("clients", "select=id&nope->>x=eq.1"),
    status: 400,
    bodyMatch: { code: "42703" },
  },
];

const aggregates = { aggregatesEnabled: true };
const aggregateCases: Case[] = [
  {
    name: "count() counts the rows",
    req: get("tasks", "select=count()"),
    options: aggregates,
    status: 200,
    body: [{ count: 5 }],
  },
  {
    name: "col.sum() adds up a column, skipping nulls",
    req: get("projects", "select=budget.sum()"),
    options: aggregates,
    status: 200,
    body: [{ sum: 6010.5 }],
  },
  {
    name: "avg, min and max are keyed by their function",
    req: get("tasks", "select=priority.avg(),priority.min(),priority.max()"),
    options: aggregates,
    status: 200,
    body: [{ avg: 2.75, min: 1, max: 5 }],
  },
  {
    name: "the other selected columns group the rows",
    req: get("tasks", "select=done,count()&order=done"),
    options: aggregates,
    status: 200,
    body: [
      { done: false, count: 3 },
      { done: true, count: 2 },
    ],
  },
  {
    name: "filters apply before aggregating",
    req: get("tasks", "select=count(),priority.sum()&done=eq.false"),
    options: aggregates,
    status: 200,
    body: [{ count: 3, sum: 7 }],
  },
  {
    name: "an alias and a cast of the result",
    req: get("tasks", "select=total:priority.sum()::text"),
    options: aggregates,
    status: 200,
    body: [{ total: "11" }],
  },
  {
    name: "a cast of the column before aggregating",
    req: get("projects", "select=budget::int.sum()"),
    options: aggregates,
    status: 200,
    body: [{ sum: 6011 }],
  },
  {
    name: "aggregates inside a one-to-many embed, per parent row",
    req: get("projects", "select=name,tasks(count())&order=id"),
    options: aggregates,
    status: 200,
    body: [
      { name: "Website", tasks: [{ count: 3 }] },
      { name: "Mobile app", tasks: [{ count: 1 }] },
      { name: "Migration", tasks: [{ count: 1 }] },
      { name: "Orphan", tasks: [{ count: 0 }] },
    ],
  },
  {
    name: "an embed beside an aggregate groups the rows",
    req: get("projects", "select=budget.sum(),clients(name)"),
    options: aggregates,
    status: 200,
    unordered: true,
    body: [
      { sum: 6000.5, clients: { name: "Acme" } },
      { sum: null, clients: { name: "Globex" } },
      { sum: 10, clients: null },
    ],
  },
  {
    name: "an unpaged aggregate counts its groups",
    req: get("tasks", "select=done,count()", exact),
    options: aggregates,
    status: 200,
    headers: { "Content-Range": "0-1/2" },
  },
  {
    name: "a paged aggregate counts the matching rows",
    req: get("tasks", "select=done,count()&order=done&limit=1", exact),
    options: aggregates,
    status: 206,
    headers: { "Content-Range": "0-0/5" },
    body: [{ done: false, count: 3 }],
  },
  {
    name: "max rows caps the groups, never the rows aggregated",
    req: get("tasks", "select=count(),priority.sum()"),
    options: { ...aggregates, maxRows: 2 },
    status: 200,
    body: [{ count: 5, sum: 11 }],
  },
  {
    name: "a bare count in an embed counts its rows, even with aggregates off (Postgres reads t.count as count(t))",
    req: get("projects", "select=name,tasks(count)&id=in.(1,4)&order=id"),
    status: 200,
    body: [
      { name: "Website", tasks: [{ count: 3 }] },
      { name: "Orphan", tasks: [{ count: 0 }] },
    ],
  },
  {
    name: "aggregates where the server turned them off are PGRST123",
    req: get("tasks", "select=count()"),
    status: 400,
    bodyMatch: { code: "PGRST123", message: "Use of aggregate functions is not allowed" },
  },
  {
    name: "an unknown aggregate function is PGRST100",
    req: get("tasks", "select=priority.median()"),
    options: aggregates,
    status: 400,
    bodyMatch: { code: "PGRST100" },
  },
];

const strictMax = (n: number) => ({ Prefer: `handling=strict, max-affected=${n}` });
const countPriority4 = { sql: "select count(*)::int as n from $schema.tasks where priority = 4", rows: [{ n: 0 }] };
const writePreferenceCases: Case[] = [
  {
    name: "max-affected with handling=strict refuses a PATCH touching more rows, and keeps none",
    req: patch("tasks", "done=eq.false", { priority: 4 }, strictMax(2)),
    status: 400,
    body: {
      code: "PGRST124",
      message: "Query result exceeds max-affected preference constraint",
      details: "The query affects 3 rows",
      hint: "Narrow the filters to at most 2 rows, or raise max-affected.",
    },
    verify: countPriority4,
  },
  {
    name: "max-affected with handling=strict refuses a DELETE touching more rows",
    req: del("tasks", "done=eq.false", strictMax(1)),
    status: 400,
    bodyMatch: { code: "PGRST124", details: "The query affects 3 rows" },
    verify: { sql: "select count(*)::int as n from $schema.tasks", rows: [{ n: 5 }] },
  },
  {
    name: "max-affected within the limit is applied",
    req: patch(
      "tasks",
      "id=eq.2&select=id,priority",
      { priority: 4 },
      { Prefer: "handling=strict, max-affected=1, return=representation" },
    ),
    status: 200,
    headers: { "Preference-Applied": "return=representation, handling=strict, max-affected=1" },
    body: [{ id: 2, priority: 4 }],
  },
  {
    name: "max-affected without handling=strict is ignored",
    req: patch("tasks", "done=eq.false", { priority: 4 }, { Prefer: "max-affected=1" }),
    status: 204,
    verify: { sql: "select count(*)::int as n from $schema.tasks where priority = 4", rows: [{ n: 3 }] },
  },
  {
    name: "tx=rollback where allowed answers as if written and keeps nothing",
    req: post("clients", "select=name", { name: "Ghost" }, { Prefer: "return=representation, tx=rollback" }),
    options: { transactionOverride: true },
    status: 201,
    headers: { "Preference-Applied": "return=representation, tx=rollback" },
    body: [{ name: "Ghost" }],
    verify: { sql: "select count(*)::int as n from $schema.clients where name = 'Ghost'", rows: [{ n: 0 }] },
  },
  {
    name: "tx=rollback where the server does not allow it is not applied",
    req: post("clients", "select=name", { name: "Ghost" }, { Prefer: "return=representation, tx=rollback" }),
    status: 201,
    headers: { "Preference-Applied": "return=representation" },
    verify: { sql: "select count(*)::int as n from $schema.clients where name = 'Ghost'", rows: [{ n: 1 }] },
  },
  {
    name: "tx=rollback on a DELETE where allowed deletes nothing",
    req: del("tasks", "id=eq.1", { Prefer: "tx=rollback" }),
    options: { transactionOverride: true },
    status: 204,
    headers: { "Preference-Applied": "tx=rollback" },
    verify: { sql: "select count(*)::int as n from $schema.tasks where id = 1", rows: [{ n: 1 }] },
  },
  {
    name: "an upsert of only the conflict column returns the existing row (get-or-create)",
    req: post(
      "client_profiles",
      "on_conflict=client_id&select=id,bio",
      { client_id: 1 },
      { Prefer: "resolution=merge-duplicates, return=representation" },
    ),
    status: 200,
    body: [{ id: 1, bio: "Rockets and anvils" }],
  },
  {
    name: "an upsert of only the conflict column creates the row when there is none",
    req: post(
      "client_profiles",
      "on_conflict=client_id&select=client_id,bio",
      { client_id: 2 },
      { Prefer: "resolution=merge-duplicates, return=representation" },
    ),
    status: 201,
    body: [{ client_id: 2, bio: null }],
  },
  {
    name: "missing=default on PATCH gives a column named in columns= but absent from the body its default",
    req: patch(
      "projects",
      "id=eq.2&columns=name,active&select=name,active",
      { name: "App" },
      { Prefer: "missing=default, return=representation" },
    ),
    status: 200,
    headers: { "Preference-Applied": "missing=default, return=representation" },
    body: [{ name: "App", active: true }],
  },
  {
    name: "without missing=default such a column is set to null",
    req: patch("projects", "id=eq.2&columns=name,active&select=name,active", { name: "App" }, rep),
    status: 200,
    body: [{ name: "App", active: null }],
  },
  {
    name: "missing=default in an upsert: an updated row's missing column gets its default too",
    req: post(
      "projects",
      "columns=id,name,active&select=id,name,active&order=id",
      [
        { id: 2, name: "Mobile" },
        { id: 60, name: "New", active: false },
      ],
      { Prefer: "missing=default, resolution=merge-duplicates, return=representation" },
    ),
    status: 201,
    body: [
      { id: 2, name: "Mobile", active: true },
      { id: 60, name: "New", active: false },
    ],
  },
];

const csv = { Accept: "text/csv" };
const stripped = { Accept: "application/vnd.pgrst.array+json;nulls=stripped" };
const mediaCases: Case[] = [
  {
    name: "text/csv gives a header line and one line per row, quoted as Postgres quotes a record",
    req: get("clients", "select=id,name,email,tags&order=id", csv),
    status: 200,
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Range": "0-2/*" },
    body: 'id,name,email,tags\n1,Acme,ops@acme.test,"{gold,eu}"\n2,Globex,it@globex.test,{silver}\n3,"Initech, Inc.",,{}',
  },
  {
    name: "text/csv writes an embed as its JSON",
    req: get("projects", "select=name,owner:clients(name)&id=eq.1", csv),
    status: 200,
    body: 'name,owner\nWebsite,"{""name"": ""Acme""}"',
  },
  {
    name: "text/csv of no rows is an empty line",
    req: get("clients", "select=id,name&id=eq.999", csv),
    status: 200,
    body: "\n",
  },
  {
    name: "text/csv chosen by quality over a type PostgREST does not produce",
    req: get("clients", "select=id&id=eq.1", { Accept: "text/html, text/csv;q=0.5" }),
    status: 200,
    headers: { "Content-Type": "text/csv; charset=utf-8" },
    body: "id\n1",
  },
  {
    name: "vnd.pgrst.array+json;nulls=stripped leaves out null values",
    req: get("clients", "select=id,email&id=in.(2,3)&order=id", stripped),
    status: 200,
    headers: { "Content-Type": "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8" },
    body: [{ id: 2, email: "it@globex.test" }, { id: 3 }],
  },
  {
    name: "vnd.pgrst.object+json;nulls=stripped gives one object without its nulls",
    req: get("clients", "select=id,email&id=eq.3", { Accept: "application/vnd.pgrst.object+json;nulls=stripped" }),
    status: 200,
    headers: { "Content-Type": "application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8" },
    body: { id: 3 },
  },
  {
    name: "nulls=stripped applies to a written representation",
    req: post("clients", "select=id,email", { id: 60, name: "Hooli" }, { ...rep, ...stripped }),
    status: 201,
    body: [{ id: 60 }],
  },
];

const schemaName = expect.stringMatching(/^rest_test_\w+$/);
const profileCases: Case[] = [
  {
    name: "a read whose schema was chosen by Accept-Profile echoes it as Content-Profile",
    req: get("clients", "select=id&id=eq.1", { "Accept-Profile": "app" }),
    status: 200,
    headers: { "Content-Profile": schemaName },
  },
  {
    name: "a write whose schema was chosen by Content-Profile echoes it with its representation",
    req: post("clients", "select=name", { name: "Hooli" }, { ...rep, "Content-Profile": "app" }),
    status: 201,
    headers: { "Content-Profile": schemaName },
  },
  {
    name: "without a profile header no Content-Profile is sent",
    req: get("clients", "select=id&id=eq.1"),
    status: 200,
    absentHeaders: ["Content-Profile"],
  },
];

const errorCases: Case[] = [
  {
    name: "unknown table is PGRST205 with a hint",
    req: get("taskz", ""),
    status: 404,
    bodyMatch: {
      code: "PGRST205",
      message: expect.stringMatching(/^Could not find the table 'rest_test_\w+\.taskz' in the schema cache$/),
      hint: expect.stringMatching(/Perhaps you meant the table 'rest_test_\w+\.tasks'/),
    },
  },
  {
    name: "a GET carrying return=representation is accepted",
    req: get("tasks", "select=id&id=eq.1", rep),
    status: 200,
    body: ids(1),
  },
  {
    name: "handling=strict refuses unknown preferences",
    req: get("tasks", "", { Prefer: "handling=strict, bogus=1" }),
    status: 400,
    body: {
      code: "PGRST122",
      message: "Invalid preferences given with handling=strict",
      details: "Invalid preferences: bogus=1",
      hint: null,
    },
  },
  {
    name: "lenient handling ignores unknown preferences",
    req: get("tasks", "select=id&id=eq.1", { Prefer: "bogus=1" }),
    status: 200,
    body: ids(1),
  },
  { name: "unsupported method", req: { method: "PUT", table: "tasks" }, status: 405, bodyMatch: { code: "PGRST117" } },
  {
    name: "malformed select is PGRST100",
    req: get("tasks", "select=id,projects(name"),
    status: 400,
    bodyMatch: { code: "PGRST100", message: expect.stringContaining("failed to parse select parameter") },
  },
];

describe("PostgREST conformance", () => {
  const fixture = fixtureForFile();

  const groups: [string, Case[]][] = [
    ["select", selectCases],
    ["embedding", embedCases],
    ["relationships", relationshipCases],
    ["filters", filterCases],
    ["JSON paths", jsonPathCases],
    ["order, ranges and counts", orderRangeCases],
    ["singular responses", singularCases],
    ["writes", writeCases],
    ["write preferences", writePreferenceCases],
    ["request bodies", bodyCases],
    ["server limits", limitCases],
    ["aggregates", aggregateCases],
    ["media types", mediaCases],
    ["profiles", profileCases],
    ["errors", errorCases],
  ];
  it("has at least 60 cases", () => {
    expect(groups.reduce((n, [, cases]) => n + cases.length, 0)).toBeGreaterThanOrEqual(60);
  });
  for (const [group, cases] of groups) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const options = { ...postgrestPlanOptions, ...c.options };
          const { response, rows } = await fixture.run(c.req, c.verify?.sql, options);
          const json = !response.headers["Content-Type"]?.startsWith("text/csv");
          const parsed = response.body === undefined || !json ? response.body : JSON.parse(response.body);
          expect({ status: response.status, body: parsed }).toMatchObject({ status: c.status });
          if (c.headers) expect(response.headers).toMatchObject(c.headers);
          for (const name of c.absentHeaders ?? []) expect(response.headers).not.toHaveProperty(name);
          if (c.body !== undefined && c.unordered) {
            expect(parsed).toHaveLength((c.body as unknown[]).length);
            expect(parsed).toEqual(expect.arrayContaining(c.body as unknown[]));
          } else if (c.body !== undefined) expect(parsed).toEqual(c.body);
          if (c.bodyMatch) expect(parsed).toMatchObject(c.bodyMatch);
          if (c.noBody) expect(response.body).toBeUndefined();
          if (response.status >= 400) {
            expect(Object.keys(parsed).sort()).toEqual(["code", "details", "hint", "message"]);
            expect(response.headers["Content-Type"]).toBe("application/json; charset=utf-8");
          }
          if (c.verify) expect(rows).toEqual(c.verify.rows);
        });
      }
    });
  }
});
