/**
 * Who may do what on each table, and on which rows: permissions become four grants,
 * each with the scope of rows it reaches; row filters on the same role and table must
 * all hold for every action; and a table linked to a parent the role sees only some
 * rows of is scoped through that parent.
 */
import type { BlueprintV2, Filter, Scope } from "../schema.js";
import type { ForeignKey } from "./foreign-keys.js";

/** The four things a database role may do to a table's rows. */
export type Command = "select" | "insert" | "update" | "delete";
export const COMMANDS: readonly Command[] = ["select", "insert", "update", "delete"];

export interface Access {
  role: string;
  table: string;
  select: boolean;
  insert: boolean;
  update: boolean;
  delete: boolean;
  /** Every row filter of this role on this table, all of which must hold for every command; null when none. */
  filter: Filter | null;
  /**
   * The rows each command reaches besides the row filters: null for every row. The
   * read scope is `select`'s; a command that is not granted reaches nothing whatever
   * its scope says.
   */
  scopes: Record<Command, Scope | null>;
  /** Columns this role may not set on insert or update (left out of its column grants). */
  readOnlyColumns: string[];
  /**
   * Links to parent tables this role sees only some rows of (the parent, or one of its
   * own parents, is filtered for the role): a row is visible and writable only while
   * its parent is. Empty when the role sees every parent row.
   */
  parents: ForeignKey[];
}

/** Whether `access` leaves some rows of its table out of the role's sight. */
export const isRestricted = (access: Access | undefined): boolean =>
  access !== undefined && (access.filter !== null || access.scopes.select !== null || access.parents.length > 0);

/** The scope a permission gives `command`, with "all" spelled as null. */
function scopeOf(scopes: NonNullable<BlueprintV2["security"]["permissions"][number]["scopes"]>, command: Command) {
  const scope = scopes[command === "select" ? "read" : command === "insert" ? "create" : command];
  return scope === undefined || scope === "all" ? null : scope;
}

export function resolveAccess(blueprint: BlueprintV2, foreignKeys: ForeignKey[]): Access[] {
  const access = new Map<string, Access>();
  const accessFor = (role: string, table: string) => {
    const key = `${role}\0${table}`;
    let entry = access.get(key);
    if (!entry) {
      entry = {
        role,
        table,
        select: false,
        insert: false,
        update: false,
        delete: false,
        filter: null,
        scopes: { select: null, insert: null, update: null, delete: null },
        readOnlyColumns: [],
        parents: [],
      };
      access.set(key, entry);
    }
    return entry;
  };
  for (const permission of blueprint.security.permissions) {
    const entry = accessFor(permission.role, permission.resource);
    const { list, read, create, update } = permission.actions;
    entry.select ||= list || read;
    entry.insert ||= create;
    entry.update ||= update;
    entry.delete ||= permission.actions.delete;
    // The verifier refuses two permissions for one role and table, so the first one's scopes stand.
    if (permission.scopes) for (const command of COMMANDS) entry.scopes[command] = scopeOf(permission.scopes, command);
    for (const column of permission.readOnlyColumns ?? [])
      if (!entry.readOnlyColumns.includes(column)) entry.readOnlyColumns.push(column);
  }
  for (const rowFilter of blueprint.security.rowFilters) {
    const entry = accessFor(rowFilter.role, rowFilter.resource);
    entry.filter = entry.filter ? { and: [entry.filter, rowFilter.filter] } : rowFilter.filter;
  }
  const all = [...access.values()];
  scopeThroughParents(all, foreignKeys);
  return all;
}

/**
 * Fills in each access's `parents`. A table is restricted for a role when the role has
 * a row filter on it or it is scoped through a restricted parent, so a grandchild of a
 * filtered table is scoped through its parent, which is scoped through its own. Links
 * that are part of a cycle (including a table referencing itself) are left out: the
 * policies would consult each other and Postgres refuses such a query with "infinite
 * recursion detected in policy". A parent the role cannot read at all cannot be
 * consulted by the role's policy either (permission denied), so it scopes nothing.
 */
function scopeThroughParents(access: Access[], foreignKeys: ForeignKey[]): void {
  const find = (role: string, table: string) => access.find((a) => a.role === role && a.table === table);
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return foreignKeys.some((fk) => fk.table === from && reaches(fk.refTable, to, seen));
  };
  const acyclic = foreignKeys.filter((fk) => !reaches(fk.refTable, fk.table));
  let changed = true;
  while (changed) {
    changed = false;
    for (const child of access) {
      for (const fk of acyclic) {
        if (fk.table !== child.table || child.parents.includes(fk)) continue;
        const parent = find(child.role, fk.refTable);
        if (parent?.select && isRestricted(parent)) {
          child.parents.push(fk);
          changed = true;
        }
      }
    }
  }
  for (const a of access) a.parents.sort((x, y) => foreignKeys.indexOf(x) - foreignKeys.indexOf(y));
}

/** Every column a filter reads. */
export function columnsOf(filter: Filter): string[] {
  if ("equals" in filter) return [filter.equals[0]];
  if ("in" in filter) return [filter.in[0]];
  return ("and" in filter ? filter.and : filter.or).flatMap(columnsOf);
}

/** Every column of its own table a scope reads (a parent scope reads its link column). */
export function scopeColumns(scope: Scope): string[] {
  if (scope === "all") return [];
  if ("person" in scope) return [scope.person];
  if ("team" in scope) return [scope.team];
  if ("parent" in scope) return [scope.parent];
  if ("where" in scope) return columnsOf(scope.where);
  return ("and" in scope ? scope.and : scope.or).flatMap(scopeColumns);
}

/** The parent links a scope goes through, with whether each asks for an editable parent. */
export function scopeParents(scope: Scope): { column: string; editable: boolean }[] {
  if (scope === "all" || "person" in scope || "team" in scope || "where" in scope) return [];
  if ("parent" in scope) return [{ column: scope.parent, editable: scope.editable === true }];
  return ("and" in scope ? scope.and : scope.or).flatMap(scopeParents);
}
