/**
 * Test fixtures for the data API: an example app with two users of every role, rows
 * owned by each of them (and by nobody). Tests compare what /rest/v1 answers with what
 * the blueprint allows, as @plinth/blueprint/testing evaluates it — never with what the
 * provisioning planner produced.
 */
import { randomUUID } from "node:crypto";
import type { BlueprintV2, Column, Filter, Scope } from "@plinth/blueprint";
import { lookupIn, referenceOf, valueFor, visibleTo } from "@plinth/blueprint/testing";
import { type AppUser, addMember, type ExampleApp, provisionExample } from "./example-apps.js";
import type { TestPlinth } from "./test-plinth.js";

export type Row = Record<string, unknown> & { id: string };

export interface Member extends AppUser {
  teams: string[];
}

export interface Fixture {
  app: ExampleApp;
  /** Two users per role ("A" and "B"); the owner is the first role's A. */
  members: { role: string; label: "A" | "B"; user: Member }[];
  /** Team ids handed out to members, plus one no member belongs to. */
  teams: { a: string; b: string; nobody: string };
  /** A user id that belongs to nobody in the app. */
  stranger: string;
  rows: Map<string, Row[]>;
}

/** The columns a table's filters and scopes tie to a user, to a team, or to a literal. */
export function filterColumns(blueprint: BlueprintV2, table: string) {
  const user = new Set<string>();
  const team = new Set<string>();
  const literal = new Map<string, unknown>();
  const visit = (filter: Filter) => {
    if ("and" in filter) filter.and.forEach(visit);
    else if ("or" in filter) filter.or.forEach(visit);
    else if ("equals" in filter) {
      const [column, value] = filter.equals;
      if (value === "$user.id") user.add(column);
      else literal.set(column, value);
    } else {
      const [column, values] = filter.in;
      if (values === "$user.team_ids") team.add(column);
      else if (Array.isArray(values) && values.includes("$user.id")) user.add(column);
      else if (Array.isArray(values)) literal.set(column, values[0]);
    }
  };
  const visitScope = (scope: Scope) => {
    if (scope === "all" || "parent" in scope) return;
    if ("person" in scope) user.add(scope.person);
    else if ("team" in scope) team.add(scope.team);
    else if ("where" in scope) visit(scope.where);
    else ("and" in scope ? scope.and : scope.or).forEach(visitScope);
  };
  for (const rowFilter of blueprint.security.rowFilters) if (rowFilter.resource === table) visit(rowFilter.filter);
  // A scope's people and team columns say whose a row is, just as a filter's do.
  for (const permission of blueprint.security.permissions)
    if (permission.resource === table) for (const scope of Object.values(permission.scopes ?? {})) visitScope(scope);
  return { user: [...user], team: [...team], literal };
}

/** Any value other than `value` the column accepts (for rows a literal filter hides). */
function otherThan(column: Column | undefined, value: unknown): unknown {
  if (typeof value === "boolean") return !value;
  const other = column?.enum?.find((v) => v !== value);
  return other ?? `not-${String(value)}`;
}

/** Tables in an order where every required reference points at a table already seeded. */
function seedOrder(blueprint: BlueprintV2): string[] {
  const order: string[] = [];
  const pending = blueprint.data.tables.map((t) => t.name);
  while (pending.length > 0) {
    const next = pending.find((name) => {
      const table = blueprint.data.tables.find((t) => t.name === name);
      return table?.columns.every((c) => {
        const parent = c.required ? referenceOf(blueprint, name, c.name)?.table : undefined;
        return !parent || parent === name || order.includes(parent);
      });
    });
    if (!next) throw new Error(`cannot order the tables of ${blueprint.app.name}`);
    order.push(next);
    pending.splice(pending.indexOf(next), 1);
  }
  return order;
}

export class RowBuilder {
  constructor(
    private readonly fixture: Pick<Fixture, "app" | "rows" | "teams">,
    private readonly table: string,
  ) {}

  /**
   * A row owned by `owner`: its user columns name them, its team columns their first
   * team (or nobody's), `shown` decides whether literal filters hold, and every
   * required reference points at an existing parent — one `for` can see, when given.
   */
  build(
    owner: { id: string; teams: string[] },
    options: {
      shown?: boolean;
      other?: { id: string };
      seeding?: boolean;
      for?: { role: string; user: Member };
    } = {},
  ): Row {
    const { shown = true, other, seeding = false, for: reader } = options;
    const { blueprint } = this.fixture.app;
    const table = blueprint.data.tables.find((t) => t.name === this.table);
    if (!table) throw new Error(`no table ${this.table}`);
    const tied = filterColumns(blueprint, this.table);
    const row: Row = { id: randomUUID() };
    for (const column of table.columns) {
      const parent = referenceOf(blueprint, this.table, column.name)?.table;
      if (tied.team.includes(column.name)) row[column.name] = owner.teams[0] ?? this.fixture.teams.nobody;
      else if (tied.user.includes(column.name))
        row[column.name] = column.name === tied.user[0] ? owner.id : (other?.id ?? owner.id);
      else if (tied.literal.has(column.name)) {
        const literal = tied.literal.get(column.name);
        row[column.name] = shown ? literal : otherThan(column, literal);
      } else if (parent && column.required) {
        const all = this.fixture.rows.get(parent) ?? [];
        const seen = all.filter(
          (row) => !reader || visibleTo(blueprint, reader.role, parent, row, reader.user, lookupIn(this.fixture.rows)),
        );
        // Seeding may attach a member's row to a parent they cannot see: that row is then hidden from them.
        const parents = seen.length > 0 || !seeding ? seen : all;
        row[column.name] = parents[Math.floor(Math.random() * parents.length)]?.id ?? null;
        if (row[column.name] === null) throw new Error(`no ${parent} row to point ${this.table}.${column.name} at`);
      } else if (column.required) row[column.name] = valueFor(column);
    }
    // Team tables are filtered on their own id: a seeded row *is* the owner's team.
    if (seeding && tied.team.includes("id")) row.id = owner.teams[0] ?? this.fixture.teams.nobody;
    return row;
  }
}

/** Inserts a row as the superuser connection (no row-level security), with `created_by` from the claims. */
export async function insertDirect(t: TestPlinth, schema: string, table: string, row: Row, by: string) {
  const client = await t.plinth.database.pool.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: by })]);
    const columns = Object.keys(row);
    const { rows } = await client.query(
      `insert into "${schema}"."${table}" (${columns.map((c) => `"${c}"`).join(", ")})
       values (${columns.map((_, i) => `$${i + 1}`).join(", ")})
       on conflict (id) do nothing returning row_to_json("${table}") as row`,
      columns.map((c) => row[c]),
    );
    await client.query("commit");
    return (rows[0]?.row as Row | undefined) ?? null;
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}

/** Provisions the example, invites two users of every role and seeds rows owned by each of them and by a stranger. */
export async function buildFixture(
  t: TestPlinth,
  example: string,
  change?: (blueprint: BlueprintV2) => BlueprintV2,
): Promise<Fixture> {
  const app = await provisionExample(t, example, change);
  const teams = { a: randomUUID(), b: randomUUID(), nobody: randomUUID() };
  const members: Fixture["members"] = [];
  for (const [index, role] of app.blueprint.security.roles.entries()) {
    for (const label of ["A", "B"] as const) {
      const teamIds = [label === "A" ? teams.a : teams.b];
      const user =
        index === 0 && label === "A"
          ? { ...app.owner, teams: [] }
          : { ...(await addMember(t, app, role.name, teamIds)), teams: teamIds };
      members.push({ role: role.name, label, user });
    }
  }
  const fixture: Fixture = { app, members, teams, stranger: randomUUID(), rows: new Map() };
  const owners: { id: string; teams: string[]; member?: Fixture["members"][number] }[] = [
    ...members.map((m) => ({ ...m.user, member: m })),
    { id: fixture.stranger, teams: [teams.nobody] },
  ];
  for (const table of seedOrder(app.blueprint)) {
    const builder = new RowBuilder(fixture, table);
    const rows: Row[] = [];
    for (const [i, owner] of owners.entries()) {
      // One row literal filters show and one they hide, so a row only one user can see
      // (a comment addressed to B on A's ticket) never leaves B with nothing to see.
      for (const shown of [true, false]) {
        const built = builder.build(owner, {
          shown,
          other: owners[(i + 1) % owners.length],
          seeding: true,
          // A member's rows hang off parents that member can see, so every role has children to see.
          ...(owner.member && { for: { role: owner.member.role, user: owner.member.user } }),
        });
        // A unique people column (a student's login) holds each member once: their second row is left out.
        const stored = await insertDirect(t, app.schema, table, built, owner.id).catch((error) => {
          if ((error as { code?: string }).code === "23505") return null;
          throw error;
        });
        if (stored) rows.push(stored);
      }
    }
    fixture.rows.set(table, rows);
  }
  return fixture;
}

/** Every row of every table of the app, read straight from the database. */
export async function allRows(t: TestPlinth, fixture: Fixture): Promise<Map<string, Row[]>> {
  const rows = new Map<string, Row[]>();
  for (const { name } of fixture.app.blueprint.data.tables) {
    const result = await t.plinth.database.pool.query<{ row: Row }>(
      `select to_jsonb(t) as row from "${fixture.app.schema}"."${name}" as t`,
    );
    rows.set(
      name,
      result.rows.map((r) => r.row),
    );
  }
  return rows;
}

/** Ids of the rows of `table` a member may see, from the database's rows and the blueprint's rules. */
export async function visibleIds(t: TestPlinth, fixture: Fixture, role: string, user: Member, table: string) {
  const rows = await allRows(t, fixture);
  const { blueprint } = fixture.app;
  return (rows.get(table) ?? [])
    .filter((row) => visibleTo(blueprint, role, table, row, user, lookupIn(rows)))
    .map((row) => String(row.id))
    .sort();
}
