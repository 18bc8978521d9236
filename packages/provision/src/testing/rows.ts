/**
 * Test data for provisioned apps, derived from the blueprint alone (never from the
 * planner's output), so tests compare what the database does with what the blueprint
 * says and can catch the planner getting it wrong.
 */
import { randomUUID } from "node:crypto";
import type { BlueprintV2, Column, Filter, Table } from "@plinth/blueprint";
import type { PoolClient } from "pg";

export type Row = Record<string, unknown>;

export interface User {
  sub: string;
  teams: string[];
}

export function newUser(): User {
  return { sub: randomUUID(), teams: [randomUUID()] };
}

export function claimsOf(user: User, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: user.sub, team_ids: user.teams, ...extra };
}

/** A valid value for a column that breaks none of its rules; unique columns get a fresh one each time. */
export function valueFor(column: Column): unknown {
  if (column.enum) return column.type === "int" ? Number(column.enum[0]) : column.enum[0];
  switch (column.type) {
    case "uuid":
      return randomUUID();
    case "text": {
      const base =
        column.format === "email"
          ? `${randomUUID().slice(0, 8)}@example.com`
          : column.format === "url" || column.format === "image_url"
            ? `https://example.com/${randomUUID().slice(0, 8)}`
            : column.format === "color"
              ? "#123456"
              : `v-${randomUUID().slice(0, 8)}`;
      return column.maxLength ? base.slice(0, column.maxLength) : base;
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

/** Column values that make `filter` true for `user` (first branch of an `or`). */
export function satisfying(filter: Filter | null, user: User): Row {
  if (!filter) return {};
  if ("and" in filter) return Object.assign({}, ...filter.and.map((f) => satisfying(f, user)));
  if ("or" in filter) return satisfying(filter.or[0] as Filter, user);
  if ("equals" in filter) {
    const [column, v] = filter.equals;
    return { [column]: v === "$user.id" ? user.sub : v };
  }
  const [column, values] = filter.in;
  return { [column]: Array.isArray(values) ? (values[0] === "$user.id" ? user.sub : values[0]) : user.teams[0] };
}

/** Evaluates a filter the way the blueprint defines it, in plain JavaScript. */
export function matches(filter: Filter | null, row: Row, user: User): boolean {
  if (!filter) return true;
  if ("and" in filter) return filter.and.every((f) => matches(f, row, user));
  if ("or" in filter) return filter.or.some((f) => matches(f, row, user));
  const resolve = (v: unknown) => (v === "$user.id" ? user.sub : v);
  const same = (a: unknown, b: unknown) => a !== null && a !== undefined && String(a) === String(b);
  if ("equals" in filter) return same(row[filter.equals[0]], resolve(filter.equals[1]));
  const [column, values] = filter.in;
  const list = Array.isArray(values) ? values.map(resolve) : user.teams;
  return list.some((v) => same(row[column], v));
}

/** All row filters of a role on a table, combined as the blueprint means them: every one must hold. */
export function filterOf(blueprint: BlueprintV2, role: string, table: string): Filter | null {
  const filters = blueprint.security.rowFilters
    .filter((f) => f.role === role && f.resource === table)
    .map((f) => f.filter);
  if (filters.length === 0) return null;
  return filters.length === 1 ? (filters[0] as Filter) : { and: filters };
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
    p.select ||= permission.actions.list || permission.actions.read;
    p.insert ||= permission.actions.create;
    p.update ||= permission.actions.update;
    p.delete ||= permission.actions.delete;
  }
  return p;
}

/** The table and column a foreign key column points at, from the blueprint's relationships. */
export function referenceOf(
  blueprint: BlueprintV2,
  table: string,
  column: string,
): { table: string; column: string } | null {
  for (const rel of blueprint.data.relationships) {
    if (rel.type === "many_to_one" && rel.fromTable === table && rel.fromColumn === column)
      return { table: rel.toTable, column: rel.toColumn };
    if (rel.type === "one_to_many" && rel.toTable === table && rel.toColumn === column)
      return { table: rel.fromTable, column: rel.fromColumn };
  }
  return null;
}

export interface Link {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
}

/** Every link from a child table to its parent, from the blueprint's relationships. */
export function linksOf(blueprint: BlueprintV2): Link[] {
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

/**
 * Whether `user` with `role` may see `row` of `table`: its own filters hold and every
 * parent it is scoped through is visible too. An empty link hides nothing. `parentOf`
 * finds a stored parent row by the referenced column's value.
 */
export function visibleTo(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  row: Row,
  user: User,
  parentOf: (table: string, column: string, value: unknown) => Row | undefined,
): boolean {
  if (!matches(filterOf(blueprint, role, table), row, user)) return false;
  return scopingLinks(blueprint, role, table).every((link) => {
    const value = row[link.column];
    if (value === null || value === undefined) return true;
    const parent = parentOf(link.refTable, link.refColumn, value);
    return parent !== undefined && visibleTo(blueprint, role, link.refTable, parent, user, parentOf);
  });
}

export function tableOf(blueprint: BlueprintV2, name: string): Table {
  const table = blueprint.data.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
}

/**
 * Inserts rows as the (superuser) test connection, which row-level security does not
 * apply to. `created_by` comes from the claims set on the connection, as in production.
 * Required references get a parent row; references given a value get that parent too.
 * With a `role`, the parents it makes satisfy that role's filters for the inserting
 * user, so a child seeded for the user is attached to a parent the user can see.
 */
export class Seeder {
  private readonly existing = new Map<string, Set<string>>();
  /** Every row inserted, as stored (defaults included), by table. */
  private readonly stored = new Map<string, Row[]>();

  constructor(
    private readonly client: PoolClient,
    private readonly blueprint: BlueprintV2,
    private readonly schema: string,
    private readonly role?: string,
  ) {}

  /** The stored row of `table` whose `column` is `value`. */
  find(table: string, column: string, value: unknown): Row | undefined {
    return this.stored.get(table)?.find((row) => row[column] !== null && String(row[column]) === String(value));
  }

  private parentValues(table: string, as: User): Row {
    return this.role ? satisfying(filterOf(this.blueprint, this.role, table), as) : {};
  }

  async insert(tableName: string, values: Row, as: User): Promise<Row> {
    const table = tableOf(this.blueprint, tableName);
    const row: Row = { id: randomUUID(), ...values };
    for (const column of table.columns) {
      const reference = referenceOf(this.blueprint, tableName, column.name);
      if (reference && reference.table === tableName && !(column.name in row)) continue;
      if (reference && row[column.name] === undefined && column.required) {
        row[column.name] = (await this.insert(reference.table, this.parentValues(reference.table, as), as))[
          reference.column
        ];
      } else if (reference && row[column.name] !== undefined) {
        await this.ensure(reference.table, reference.column, row[column.name], as);
      } else if (!(column.name in row) && (column.required || column.unique)) {
        row[column.name] = valueFor(column);
      }
    }
    const own = Object.keys(row).filter((c) => c === "id" || table.columns.some((col) => col.name === c));
    await this.client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(as))]);
    const { rows } = await this.client.query<{ row: Row }>(
      `insert into "${this.schema}"."${tableName}" as t (${own.map((c) => `"${c}"`).join(", ")}) values (${own.map((_, i) => `$${i + 1}`).join(", ")}) returning to_jsonb(t) as row`,
      own.map((c) => jsonParam(row[c])),
    );
    if (!this.stored.has(tableName)) this.stored.set(tableName, []);
    this.stored.get(tableName)?.push(rows[0]?.row as Row);
    row.created_by = as.sub;
    if (!this.existing.has(tableName)) this.existing.set(tableName, new Set());
    this.existing.get(tableName)?.add(String(row.id));
    return row;
  }

  /** Makes sure the parent a reference points at exists (only references to id are seeded). */
  async ensure(tableName: string, column: string, value: unknown, as: User): Promise<void> {
    if (column !== "id" || this.existing.get(tableName)?.has(String(value))) return;
    await this.insert(tableName, { ...this.parentValues(tableName, as), id: value }, as);
  }
}

export function jsonParam(value: unknown): unknown {
  return value !== null && typeof value === "object" ? JSON.stringify(value) : value;
}
