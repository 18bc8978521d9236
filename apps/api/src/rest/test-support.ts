/**
 * Test fixtures for the data API: an example app with two users of every role, rows
 * owned by each of them (and by nobody), and the blueprint's own rules evaluated in
 * plain JavaScript, so tests compare what /rest/v1 answers with what the blueprint
 * allows — never with what the provisioning planner produced.
 */
import { randomUUID } from "node:crypto";
import type { BlueprintV2, Column, Filter } from "@plinth/blueprint";
import { type AppUser, addMember, type ExampleApp, provisionExample } from "../testing/example-apps.js";
import type { TestPlinth } from "../testing/test-plinth.js";

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

export interface Permissions {
  select: boolean;
  insert: boolean;
  update: boolean;
  delete: boolean;
}

export function permissionsOf(blueprint: BlueprintV2, role: string, table: string): Permissions {
  const p: Permissions = { select: false, insert: false, update: false, delete: false };
  for (const permission of blueprint.security.permissions) {
    if (permission.role !== role || permission.resource !== table) continue;
    p.select ||= Boolean(permission.actions.list || permission.actions.read);
    p.insert ||= Boolean(permission.actions.create);
    p.update ||= Boolean(permission.actions.update);
    p.delete ||= Boolean(permission.actions.delete);
  }
  return p;
}

/** Every row filter of a role on a table must hold. */
export function filterOf(blueprint: BlueprintV2, role: string, table: string): Filter | null {
  const filters = blueprint.security.rowFilters.filter((f) => f.role === role && f.resource === table);
  if (filters.length === 0) return null;
  return filters.length === 1 ? (filters[0]?.filter as Filter) : { and: filters.map((f) => f.filter) };
}

/** The blueprint's filter semantics, in JavaScript. */
export function matches(filter: Filter | null, row: Record<string, unknown>, user: Member): boolean {
  if (!filter) return true;
  if ("and" in filter) return filter.and.every((f) => matches(f, row, user));
  if ("or" in filter) return filter.or.some((f) => matches(f, row, user));
  const resolve = (v: unknown) => (v === "$user.id" ? user.id : v);
  const same = (a: unknown, b: unknown) => a !== null && a !== undefined && String(a) === String(b);
  if ("equals" in filter) return same(row[filter.equals[0]], resolve(filter.equals[1]));
  const [column, values] = filter.in;
  const list = Array.isArray(values) ? values.map(resolve) : user.teams;
  return list.some((v) => same(row[column], v));
}

/** The columns a table's filters tie to a user, to a team, or to a literal. */
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
  for (const rowFilter of blueprint.security.rowFilters) if (rowFilter.resource === table) visit(rowFilter.filter);
  return { user: [...user], team: [...team], literal };
}

/** The parent a foreign-key column points at. */
export function referenceOf(blueprint: BlueprintV2, table: string, column: string): string | null {
  for (const rel of blueprint.data.relationships) {
    if (rel.type === "many_to_one" && rel.fromTable === table && rel.fromColumn === column) return rel.toTable;
    if (rel.type === "one_to_many" && rel.toTable === table && rel.toColumn === column) return rel.fromTable;
  }
  return null;
}

interface Link {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
}

function linksOf(blueprint: BlueprintV2): Link[] {
  return blueprint.data.relationships.map((rel) =>
    rel.type === "many_to_one"
      ? { table: rel.fromTable, column: rel.fromColumn, refTable: rel.toTable, refColumn: rel.toColumn }
      : { table: rel.toTable, column: rel.toColumn, refTable: rel.fromTable, refColumn: rel.fromColumn },
  );
}

/**
 * The links through which `role` sees `table`'s rows only while it sees their parent:
 * the parent is filtered for the role, or is itself scoped through its own parent. A
 * role that cannot read the parent is not scoped by it, and links inside a cycle
 * (including a table referencing itself) scope nothing.
 */
export function scopingLinks(blueprint: BlueprintV2, role: string, table: string): Link[] {
  const links = linksOf(blueprint);
  const reaches = (from: string, to: string, seen: Set<string>): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return links.some((l) => l.table === from && reaches(l.refTable, to, seen));
  };
  const restricted = (name: string, seen: Set<string>): boolean =>
    filterOf(blueprint, role, name) !== null || scoping(name, seen).length > 0;
  const scoping = (name: string, seen: Set<string>): Link[] => {
    if (seen.has(name)) return [];
    const next = new Set(seen).add(name);
    return links.filter(
      (l) =>
        l.table === name &&
        !reaches(l.refTable, l.table, new Set()) &&
        permissionsOf(blueprint, role, l.refTable).select &&
        restricted(l.refTable, next),
    );
  };
  return scoping(table, new Set());
}

/** Finds a stored row of `table` whose `column` is `value`. */
export type ParentLookup = (table: string, column: string, value: unknown) => Record<string, unknown> | undefined;

/**
 * Whether a member with `role` may see `row` of `table`: its own filters hold and every
 * parent it is scoped through is visible too. An empty link hides nothing.
 */
export function visibleTo(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  row: Record<string, unknown>,
  user: Member,
  parentOf: ParentLookup,
): boolean {
  if (!matches(filterOf(blueprint, role, table), row, user)) return false;
  return scopingLinks(blueprint, role, table).every((link) => {
    const value = row[link.column];
    if (value === null || value === undefined) return true;
    const parent = parentOf(link.refTable, link.refColumn, value);
    return parent !== undefined && visibleTo(blueprint, role, link.refTable, parent, user, parentOf);
  });
}

/** Looks parents up among rows already read. */
export function lookupIn(rows: Map<string, Record<string, unknown>[]>): ParentLookup {
  return (table, column, value) =>
    rows.get(table)?.find((row) => row[column] !== null && String(row[column]) === String(value));
}

/** A value a column's rules accept; a fresh one each call, so unique columns stay unique. */
export function valueFor(column: Column): unknown {
  if (column.enum) return column.type === "int" ? Number(column.enum[0]) : column.enum[0];
  const tag = randomUUID().slice(0, 8);
  switch (column.type) {
    case "uuid":
      return randomUUID();
    case "text": {
      const text =
        column.format === "email"
          ? `${tag}@example.com`
          : column.format === "url" || column.format === "image_url"
            ? `https://example.com/${tag}`
            : column.format === "color"
              ? "#123456"
              : `v-${tag}`;
      return column.maxLength ? text.slice(0, column.maxLength) : text;
    }
    case "int":
      return Math.max(Number(column.min ?? 1), Math.min(Number(column.max ?? 1), 1));
    case "float":
      return Math.max(Number(column.min ?? 1.5), Math.min(Number(column.max ?? 1.5), 1.5));
    case "bool":
      return true;
    case "date":
      return typeof column.min === "string" ? column.min : "2024-05-01";
    case "timestamptz":
      return typeof column.min === "string" ? column.min : "2024-05-01T10:00:00.000Z";
    case "jsonb":
      return { note: "test" };
  }
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
        const parent = c.required ? referenceOf(blueprint, name, c.name) : null;
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
      const parent = referenceOf(blueprint, this.table, column.name);
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
export async function buildFixture(t: TestPlinth, example: string): Promise<Fixture> {
  const app = await provisionExample(t, example);
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
        const stored = await insertDirect(t, app.schema, table, built, owner.id);
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
