/**
 * The isolation matrix over HTTP: for the CRM, helpdesk, project-tracker and school
 * examples (row filters; person, team and parent scopes, two levels deep and editable;
 * read-only columns), two users of every role read, insert, update, move and delete
 * through /rest/v1, and each answer must be exactly what the blueprint allows (rows
 * compared with direct SQL). Then tokens of one app against another app's schema, forged created_by, and
 * missing, expired or forged tokens.
 */

import { allowed, filterOf, lookupIn, matches, permissionsOf, scopeOf } from "@plinth/blueprint/testing";
import { scopedApp } from "@plinth/provision/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "../auth/tokens.js";
import {
  allRows,
  buildFixture,
  type Fixture,
  filterColumns,
  insertDirect,
  type Member,
  type Row,
  RowBuilder,
  visibleIds,
} from "../testing/rest-fixture.js";
import { startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";

const SECRET = `isolation-test-secret-${crypto.randomUUID()}`;
const EXAMPLES = ["crm", "helpdesk", "project-tracker", "school"];
const SCOPED = "scoped";

let t: TestPlinth;
const fixtures = new Map<string, Fixture>();
let total = 0;

beforeAll(async () => {
  t = await startTestPlinth({ PLINTH_JWT_SECRET: SECRET });
  for (const example of EXAMPLES) fixtures.set(example, await buildFixture(t, example));
  // Every kind of scope at once (where, and, or, editable parents two levels up), beside the examples.
  fixtures.set(SCOPED, await buildFixture(t, "crm", () => scopedApp()));
}, 180_000);
afterAll(async () => {
  console.log(`data API isolation matrix over HTTP: ${total} cases`);
  await t?.close();
}, 60_000);

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function rest(
  token: string | undefined,
  method: string,
  path: string,
  options: { profile?: string; body?: unknown; prefer?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const readOnly = method === "GET" || method === "HEAD";
  const response = await fetch(`${t.url}/rest/v1/${path}`, {
    method,
    headers: {
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
      ...(options.profile !== undefined && { [readOnly ? "accept-profile" : "content-profile"]: options.profile }),
      ...(options.body !== undefined && { "content-type": "application/json" }),
      ...(options.prefer !== undefined && { prefer: options.prefer }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** Records one case; returns a description of the mismatch, if any. */
class Matrix {
  readonly mismatches: string[] = [];
  cases = 0;

  check(label: string, answer: Answer, status: number, code?: string): boolean {
    this.cases++;
    total++;
    const gotCode = (answer.body as { code?: string } | undefined)?.code;
    if (answer.status !== status || (code !== undefined && gotCode !== code)) {
      this.mismatches.push(
        `${label}: expected ${status}${code ? ` ${code}` : ""}, got ${answer.status} ${gotCode ?? ""}`,
      );
      return false;
    }
    return true;
  }

  expectEqual(label: string, actual: unknown, expected: unknown): void {
    this.cases++;
    total++;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      this.mismatches.push(`${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
  }
}

const ids = (body: unknown) => (Array.isArray(body) ? body.map((r) => String((r as Row).id)).sort() : body);

async function rowById(fixture: Fixture, table: string, id: string): Promise<Row | undefined> {
  const { rows } = await t.plinth.database.pool.query<Row>(
    `select * from "${fixture.app.schema}"."${table}" where id = $1`,
    [id],
  );
  return rows[0];
}

/** The columns `role` may not set on `table`. */
function readOnlyOf(fixture: Fixture, role: string, table: string): string[] {
  return fixture.app.blueprint.security.permissions
    .filter((p) => p.role === role && p.resource === table)
    .flatMap((p) => p.readOnlyColumns ?? []);
}

/** A column an ordinary edit by `role` can change: no filter, scope, reference or uniqueness depends on it. */
function editableColumn(fixture: Fixture, table: string, role: string): { name: string; value: unknown } | null {
  const { blueprint } = fixture.app;
  const readOnly = readOnlyOf(fixture, role, table);
  const tied = filterColumns(blueprint, table);
  const tableDef = blueprint.data.tables.find((x) => x.name === table);
  const column = tableDef?.columns.find(
    (c) =>
      c.type === "text" &&
      !c.enum &&
      !c.unique &&
      !c.format &&
      !tied.user.includes(c.name) &&
      !tied.literal.has(c.name) &&
      !readOnly.includes(c.name) &&
      !blueprint.data.relationships.some((r) => r.fromColumn === c.name || r.toColumn === c.name),
  );
  return column ? { name: column.name, value: `edited-${crypto.randomUUID().slice(0, 6)}` } : null;
}

async function roleMatrix(example: string, matrix: Matrix, role: string, label: string, user: Member) {
  const fixture = fixtures.get(example) as Fixture;
  const { blueprint, schema } = fixture.app;
  for (const { name: table } of blueprint.data.tables) {
    const where = `${example} ${role}/${label} ${table}`;
    const can = permissionsOf(blueprint, role, table);
    const filter = filterOf(blueprint, role, table);
    const tied = filterColumns(blueprint, table);
    const builder = new RowBuilder(fixture, table);
    const scoped = (["select", "insert", "update", "delete"] as const).some((c) => scopeOf(blueprint, role, table, c));
    // Whether `command` reaches `row` (for an insert or update: may hold it), as the blueprint says.
    const reaches = async (command: "select" | "insert" | "update" | "delete", row: Row) =>
      allowed(blueprint, role, table, command, row, user, lookupIn(await allRows(t, fixture)));
    const notSet = readOnlyOf(fixture, role, table);
    // A unique column (a student's login) may already hold the row's value: the database answers 409.
    const clashes = async (row: Row) => {
      const unique = blueprint.data.tables.find((x) => x.name === table)?.columns.filter((c) => c.unique) ?? [];
      const stored = (await allRows(t, fixture)).get(table) ?? [];
      return unique.some((c) => row[c.name] != null && stored.some((r) => String(r[c.name]) === String(row[c.name])));
    };
    const withoutReadOnly = (row: Row): Row =>
      Object.fromEntries(Object.entries(row).filter(([c]) => !notSet.includes(c))) as Row;
    const visible = await visibleIds(t, fixture, role, user, table);
    const all = (fixture.rows.get(table) ?? []).map((r) => r.id);
    const hidden = all.filter((id) => !visible.includes(id));

    // The fixture must give every filter something to hide and something to show.
    if (filter && can.select) {
      matrix.expectEqual(`${where} fixture hides and shows rows`, hidden.length > 0 && visible.length > 0, true);
    }

    // Read: exactly the rows the filter allows, and the count agrees.
    const read = await rest(user.token, "GET", `${table}?select=id`, { profile: schema });
    if (!can.select) {
      matrix.check(`${where} GET without grant`, read, 403, "42501");
    } else if (matrix.check(`${where} GET`, read, 200)) {
      matrix.expectEqual(`${where} GET rows`, ids(read.body), visible);
      const counted = await rest(user.token, "HEAD", `${table}?limit=1`, { profile: schema, prefer: "count=exact" });
      matrix.expectEqual(
        `${where} HEAD count`,
        counted.headers.get("content-range"),
        visible.length === 0 ? "*/0" : `0-0/${visible.length}`,
      );
      for (const id of hidden.slice(0, 2)) {
        const one = await rest(user.token, "GET", `${table}?id=eq.${id}`, { profile: schema });
        matrix.check(`${where} GET hidden row`, one, 200);
        matrix.expectEqual(`${where} GET hidden row body`, one.body, []);
      }
    }

    // Insert: a row the filter allows; created_by always comes from the token.
    const reader = { role, user };
    const own = withoutReadOnly(builder.build(user, { for: reader }));
    const ownClashes = await clashes(own);
    const inserted = await rest(user.token, "POST", table, { profile: schema, body: own, prefer: "return=minimal" });
    if (!can.insert) {
      matrix.check(`${where} POST without grant`, inserted, 403, "42501");
    } else if (!(await reaches("insert", { ...own, created_by: user.id }))) {
      matrix.check(`${where} POST own row outside the create scope`, inserted, 403, "42501");
    } else if (ownClashes) {
      matrix.check(`${where} POST own row that repeats a unique value`, inserted, 409, "23505");
    } else if (matrix.check(`${where} POST own row`, inserted, 201)) {
      const stored = await rowById(fixture, table, own.id);
      matrix.expectEqual(`${where} POST created_by is the caller`, stored?.created_by, user.id);
      if (stored) fixture.rows.get(table)?.push(stored);
    }
    // A client may not name created_by at all (it is not granted), so a forged one never lands.
    const forged = { ...withoutReadOnly(builder.build(user, { for: reader })), created_by: fixture.stranger };
    const forgedAnswer = await rest(user.token, "POST", table, { profile: schema, body: forged });
    matrix.check(`${where} POST forged created_by`, forgedAnswer, 403, "42501");
    matrix.expectEqual(
      `${where} POST forged created_by not stored`,
      await rowById(fixture, table, forged.id),
      undefined,
    );
    if (can.insert && (filter || scoped)) {
      const foreign = withoutReadOnly(builder.build({ id: fixture.stranger, teams: [fixture.teams.nobody] }));
      const may = await reaches("insert", { ...foreign, created_by: user.id });
      const clash = may && (await clashes(foreign));
      const answer = await rest(user.token, "POST", table, { profile: schema, body: foreign });
      if (clash) matrix.check(`${where} POST row for someone else that repeats a unique value`, answer, 409, "23505");
      else matrix.check(`${where} POST row for someone else`, answer, may ? 201 : 403, may ? undefined : "42501");
      matrix.expectEqual(
        `${where} POST row for someone else stored only if allowed`,
        Boolean(await rowById(fixture, table, foreign.id)),
        may && !clash,
      );
    }

    // Update: hidden rows are untouched; own rows change; moving a row away is refused.
    const edit = editableColumn(fixture, table, role);
    if (edit && can.select) {
      const target = hidden[0] ?? visible[0];
      if (target) {
        const before = await rowById(fixture, table, target);
        const patched = await rest(user.token, "PATCH", `${table}?id=eq.${target}`, {
          profile: schema,
          body: { [edit.name]: edit.value },
          prefer: "return=representation",
        });
        if (!can.update) {
          matrix.check(`${where} PATCH without grant`, patched, 403, "42501");
        } else if (hidden[0]) {
          matrix.check(`${where} PATCH hidden row`, patched, 200);
          matrix.expectEqual(`${where} PATCH hidden row body`, patched.body, []);
          matrix.expectEqual(`${where} PATCH hidden row unchanged`, await rowById(fixture, table, target), before);
        }
      }
      const mine = visible[0];
      if (can.update && mine) {
        const patched = await rest(user.token, "PATCH", `${table}?id=eq.${mine}`, {
          profile: schema,
          body: { [edit.name]: edit.value },
          prefer: "return=representation",
        });
        const row = await rowById(fixture, table, mine);
        // A row the role sees but may not edit (outside its update scope) is left alone, as a hidden one is.
        const editable = Boolean(row) && (await reaches("update", row as Row));
        if (matrix.check(`${where} PATCH visible row`, patched, 200)) {
          matrix.expectEqual(`${where} PATCH visible row body`, ids(patched.body), editable ? [mine] : []);
        }
        const moveColumn = tied.user[0] ?? tied.team[0];
        if (filter && moveColumn && moveColumn !== "id" && moveColumn !== "created_by") {
          const movedTo = tied.user[0] ? fixture.stranger : fixture.teams.nobody;
          const moved = await rest(user.token, "PATCH", `${table}?id=eq.${mine}`, {
            profile: schema,
            body: { [moveColumn]: movedTo },
          });
          if (matches(filter, (await rowById(fixture, table, mine)) ?? {}, user)) {
            matrix.check(`${where} PATCH moving a row out of reach`, moved, 403, "42501");
          }
        }
      }
    }

    // Delete: hidden rows survive; a fresh own row goes.
    const victim = hidden[0];
    if (victim) {
      const removed = await rest(user.token, "DELETE", `${table}?id=eq.${victim}`, { profile: schema });
      if (!can.delete) matrix.check(`${where} DELETE without grant`, removed, 403, "42501");
      else matrix.check(`${where} DELETE hidden row`, removed, 204);
      matrix.expectEqual(`${where} DELETE hidden row survives`, Boolean(await rowById(fixture, table, victim)), true);
    }
    if (can.delete) {
      const fresh = builder.build(user, { for: reader });
      const stored = await insertDirect(t, schema, table, fresh, user.id).catch((error) => {
        if ((error as { code?: string }).code === "23505") return null; // the user's one row of a unique column
        throw error;
      });
      if (stored) {
        const removed = await rest(user.token, "DELETE", `${table}?id=eq.${fresh.id}`, {
          profile: schema,
          prefer: "return=representation",
        });
        if (can.select && (await reaches("select", fresh)) && (await reaches("delete", fresh))) {
          matrix.check(`${where} DELETE own row`, removed, 200);
          matrix.expectEqual(`${where} DELETE own row gone`, await rowById(fixture, table, fresh.id), undefined);
        }
      }
    }
  }
}

describe("isolation matrix over /rest/v1", () => {
  for (const example of [...EXAMPLES, SCOPED]) {
    it(`${example}: every role reads and writes exactly what its grants and filters allow`, async () => {
      const fixture = fixtures.get(example) as Fixture;
      const matrix = new Matrix();
      for (const { role, label, user } of fixture.members) await roleMatrix(example, matrix, role, label, user);
      console.log(`isolation ${example}: ${matrix.cases} cases`);
      expect(matrix.mismatches).toEqual([]);
    }, 120_000);
  }

  it("a token of one app gets nothing from another app, whatever profile headers it sends", async () => {
    const crm = fixtures.get("crm") as Fixture;
    const helpdesk = fixtures.get("helpdesk") as Fixture;
    const matrix = new Matrix();
    const token = crm.app.owner.token;
    const theirs = helpdesk.app.schema;
    const theirTable = "tickets";
    const ticket = (helpdesk.rows.get(theirTable) ?? [])[0] as Row;
    const before = await rowById(helpdesk, theirTable, ticket.id);
    const attempts: [string, string, Record<string, string>, unknown?][] = [
      ["GET", `${theirTable}?select=*`, { "accept-profile": theirs }],
      ["HEAD", theirTable, { "accept-profile": theirs }],
      ["GET", `${theirTable}?select=*`, { "accept-profile": theirs.toUpperCase() }],
      ["GET", `${theirTable}?select=*`, { "accept-profile": `${theirs}, ${crm.app.schema}` }],
      ["GET", `${theirTable}?select=*`, { "accept-profile": theirs, "content-profile": crm.app.schema }],
      ["GET", "", { "accept-profile": theirs }],
      ["POST", theirTable, { "content-profile": theirs }, { subject: "x", status: "new", priority: "low" }],
      ["POST", theirTable, { "content-profile": theirs, "accept-profile": crm.app.schema }, { subject: "x" }],
      ["PATCH", `${theirTable}?id=eq.${ticket.id}`, { "content-profile": theirs }, { subject: "hijacked" }],
      ["DELETE", `${theirTable}?id=eq.${ticket.id}`, { "content-profile": theirs }],
      ["PATCH", `${theirTable}?id=eq.${ticket.id}`, { "accept-profile": theirs }, { subject: "hijacked" }],
    ];
    for (const [method, path, headers, body] of attempts) {
      const answer = await rest(token, method, path, { headers, body });
      matrix.check(
        `${method} ${path} ${JSON.stringify(headers)}`,
        answer,
        406,
        method === "HEAD" ? undefined : "PGRST106",
      );
      matrix.expectEqual(
        `${method} ${path} leaks no row`,
        JSON.stringify(answer.body ?? "").includes(ticket.id),
        false,
      );
    }
    // Their table named from inside our own schema does not exist for us.
    for (const path of [theirTable, `${theirs}.${theirTable}`, `deals?select=*,${theirs}.${theirTable}(*)`]) {
      const answer = await rest(token, "GET", path, { profile: crm.app.schema });
      matrix.expectEqual(`GET ${path} in our schema is refused`, answer.status >= 400 && answer.status < 500, true);
      matrix.expectEqual(`GET ${path} leaks no row`, JSON.stringify(answer.body ?? "").includes(ticket.id), false);
    }
    matrix.expectEqual("their ticket is untouched", await rowById(helpdesk, theirTable, ticket.id), before);
    console.log(`isolation across apps: ${matrix.cases} cases`);
    expect(matrix.mismatches).toEqual([]);
  });

  it("refuses missing, expired and forged tokens with 401 and WWW-Authenticate", async () => {
    const crm = fixtures.get("crm") as Fixture;
    const owner = crm.app.owner;
    const claims = JSON.parse(Buffer.from(owner.token.split(".")[1] as string, "base64url").toString());
    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const tokens = new TokenService(SECRET);
    const expired = await tokens.signAppUser({ ...claims, sub: owner.id, team_ids: [] }, -60);
    const wrongKey = await new TokenService(`another-secret-${crypto.randomUUID()}`).signAppUser(claims);
    const founderToken = crm.app.founder.token as string;
    const [header, , signature] = owner.token.split(".");
    const tampered = `${header}.${base64url({ ...claims, app_id: fixtures.get("helpdesk")?.app.id })}.${signature}`;
    const unsigned = `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`;
    const matrix = new Matrix();
    const cases: [string, string | undefined, Record<string, string>, string][] = [
      ["no token", undefined, {}, "PGRST302"],
      ["empty bearer", undefined, { authorization: "Bearer " }, "PGRST302"],
      ["expired", expired, {}, "PGRST303"],
      ["signed with another key", wrongKey, {}, "PGRST301"],
      ["a founder session token", founderToken, {}, "PGRST301"],
      ["tampered claims", tampered, {}, "PGRST301"],
      ["alg none", unsigned, {}, "PGRST301"],
      ["not a JWT", "not-a-jwt", {}, "PGRST301"],
    ];
    for (const [label, token, headers, code] of cases) {
      for (const [method, path] of [
        ["GET", "deals?select=*"],
        ["POST", "deals"],
        ["GET", ""],
      ] as const) {
        const answer = await rest(token, method, path, {
          profile: crm.app.schema,
          headers,
          body: method === "POST" ? { title: "x" } : undefined,
        });
        matrix.check(`${label} ${method} ${path}`, answer, 401, code);
        matrix.expectEqual(
          `${label} ${method} WWW-Authenticate`,
          /^Bearer/.test(answer.headers.get("www-authenticate") ?? ""),
          true,
        );
      }
    }
    console.log(`isolation of tokens: ${matrix.cases} cases`);
    expect(matrix.mismatches).toEqual([]);
  });
});
