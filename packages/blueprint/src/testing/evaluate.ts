/**
 * The blueprint's access rules evaluated in plain JavaScript: the one reference every
 * isolation matrix and property test compares the database with. It reads the
 * blueprint itself and derives scoping by its own recursive definition rather than
 * through `resolveBlueprint`'s fixpoint, so a mistake in the resolved model that the
 * policies inherit still shows up as a mismatch (resolve.test.ts checks both agree).
 */
import { type ForeignKey, foreignKeyOf } from "../resolved/foreign-keys.js";
import { matchesFilter as matches, type Viewer } from "../resolved/row-filter.js";
import { type BlueprintV2, type Filter, type Scope, type Table, USER_ID, USER_TEAM_IDS } from "../schema.js";

export { matches, type Viewer };
export type Row = Record<string, unknown>;

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

/** All row filters of a role on a table, combined as the blueprint means them: every one must hold. */
export function filterOf(blueprint: BlueprintV2, role: string, table: string): Filter | null {
  const filters = blueprint.security.rowFilters
    .filter((f) => f.role === role && f.resource === table)
    .map((f) => f.filter);
  if (filters.length === 0) return null;
  return filters.length === 1 ? (filters[0] as Filter) : { and: filters };
}

export type Command = keyof Permissions;

/** The scope the role's permission gives `command` on `table`; null when it reaches every row. */
export function scopeOf(blueprint: BlueprintV2, role: string, table: string, command: Command): Scope | null {
  const permission = blueprint.security.permissions.find((p) => p.role === role && p.resource === table);
  const action = ({ select: "read", insert: "create", update: "update", delete: "delete" } as const)[command];
  const scope = permission?.scopes?.[action];
  return scope === undefined || scope === "all" ? null : scope;
}

/** Column values that make `filter` true for `viewer` (first branch of an `or`). */
export function satisfying(filter: Filter | null, viewer: Viewer): Row {
  if (!filter) return {};
  if ("and" in filter) return Object.assign({}, ...filter.and.map((f) => satisfying(f, viewer)));
  if ("or" in filter) return satisfying(filter.or[0] as Filter, viewer);
  if ("equals" in filter) {
    const [column, v] = filter.equals;
    return { [column]: v === USER_ID ? viewer.id : v };
  }
  const [column, values] = filter.in;
  const first = Array.isArray(values) ? values[0] : values === USER_TEAM_IDS ? viewer.teams[0] : values;
  return { [column]: first === USER_ID ? viewer.id : first };
}

/** A link from a child table's column to the parent row it references. */
export type Link = Pick<ForeignKey, "table" | "column" | "refTable" | "refColumn">;

export function linksOf(blueprint: BlueprintV2): Link[] {
  return blueprint.data.relationships.map((rel, i) => foreignKeyOf(rel, i));
}

/** The table and column a foreign key column points at. */
export function referenceOf(
  blueprint: BlueprintV2,
  table: string,
  column: string,
): { table: string; column: string } | null {
  const link = linksOf(blueprint).find((l) => l.table === table && l.column === column);
  return link ? { table: link.refTable, column: link.refColumn } : null;
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
    filterOf(blueprint, role, name) !== null ||
    scopeOf(blueprint, role, name, "select") !== null ||
    scoping(name, seen).length > 0;
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
export type ParentLookup = (table: string, column: string, value: unknown) => Row | undefined;

/** Looks parents up among rows already read. */
export function lookupIn(rows: Map<string, Row[]>): ParentLookup {
  return (table, column, value) =>
    rows.get(table)?.find((row) => row[column] !== null && String(row[column]) === String(value));
}

/**
 * Whether `viewer` with `role` may see `row` of `table`: its own filters and read scope
 * hold and every parent it is scoped through is visible too. An empty link hides nothing.
 */
export function visibleTo(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  row: Row,
  viewer: Viewer,
  parentOf: ParentLookup,
): boolean {
  return allowed(blueprint, role, table, "select", row, viewer, parentOf);
}

/**
 * Whether `command` of `viewer` with `role` reaches `row` of `table` (for an insert or
 * the new values of an update: may hold it), granted or not: the row filters, the
 * command's scope and the parent scoping all hold.
 */
export function allowed(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  command: Command,
  row: Row,
  viewer: Viewer,
  parentOf: ParentLookup,
): boolean {
  if (!matches(filterOf(blueprint, role, table), row, viewer)) return false;
  const scope = scopeOf(blueprint, role, table, command);
  if (scope && !inScope(blueprint, role, table, scope, row, viewer, parentOf)) return false;
  return scopingLinks(blueprint, role, table).every((link) => {
    const value = row[link.column];
    if (value === null || value === undefined) return true;
    const parent = parentOf(link.refTable, link.refColumn, value);
    return parent !== undefined && visibleTo(blueprint, role, link.refTable, parent, viewer, parentOf);
  });
}

/** Whether `row` is inside `scope`; a parent scope over an empty link reaches nothing. */
function inScope(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  scope: Scope,
  row: Row,
  viewer: Viewer,
  parentOf: ParentLookup,
): boolean {
  const within = (s: Scope): boolean => inScope(blueprint, role, table, s, row, viewer, parentOf);
  if (scope === "all") return true;
  if ("and" in scope) return scope.and.every(within);
  if ("or" in scope) return scope.or.some(within);
  if ("where" in scope) return matches(scope.where, row, viewer);
  const same = (value: unknown, wanted: unknown) => value !== null && value !== undefined && String(value) === wanted;
  if ("person" in scope) return same(row[scope.person], viewer.id);
  if ("team" in scope) return viewer.teams.some((team) => same(row[scope.team], team));
  const link = linksOf(blueprint).find((l) => l.table === table && l.column === scope.parent);
  const value = row[scope.parent];
  if (!link || value === null || value === undefined) return false;
  const parent = parentOf(link.refTable, link.refColumn, value);
  if (!parent || !visibleTo(blueprint, role, link.refTable, parent, viewer, parentOf)) return false;
  // An editable parent is one the role sees and may update: the database consults it under the role's own policies.
  return !scope.editable || allowed(blueprint, role, link.refTable, "update", parent, viewer, parentOf);
}

export function tableOf(blueprint: BlueprintV2, name: string): Table {
  const table = blueprint.data.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
}
