/**
 * The blueprint with every name resolved, built once per validated blueprint and read
 * by the verifier's rules, provisioning, the data API and the runtime, so none of them
 * re-derives what a blueprint means: each table's columns with the system columns and
 * their types, every foreign key as child → parent, each role's access and row scope
 * per table, the role the founder acts as, and notices about consequences worth saying.
 */
import type { BlueprintV2, Column, ColumnType, Table } from "../schema.js";
import { type Access, isRestricted, resolveAccess } from "./access.js";
import { type ForeignKey, foreignKeysOf } from "./foreign-keys.js";
import { collectNotices, type Notice } from "./notices.js";
import { SYSTEM_COLUMN_TYPES } from "./system-columns.js";

export interface ResolvedColumn {
  name: string;
  type: ColumnType;
  /** Undefined for system columns, which a blueprint never declares. */
  column?: Column;
  system: boolean;
}

export interface ResolvedTable {
  name: string;
  table: Table;
  /** Position in `data.tables`, for paths. */
  index: number;
  /** System columns first, then the declared ones. */
  columns: Map<string, ResolvedColumn>;
}

export interface ResolvedBlueprint {
  blueprint: BlueprintV2;
  /** In blueprint order; the first declaration of a name wins (the verifier reports duplicates). */
  tables: Map<string, ResolvedTable>;
  foreignKeys: ForeignKey[];
  access: Access[];
  /** The blueprint role the app's founder acts as: the first one declared. */
  founderRole: string;
  notices: Notice[];
}

export function resolveBlueprint(blueprint: BlueprintV2): ResolvedBlueprint {
  const tables = new Map<string, ResolvedTable>();
  blueprint.data.tables.forEach((table, index) => {
    if (tables.has(table.name)) return;
    const columns = new Map<string, ResolvedColumn>();
    for (const [name, type] of Object.entries(SYSTEM_COLUMN_TYPES)) columns.set(name, { name, type, system: true });
    for (const column of table.columns)
      if (!columns.has(column.name))
        columns.set(column.name, { name: column.name, type: column.type, column, system: false });
    tables.set(table.name, { name: table.name, table, index, columns });
  });
  const foreignKeys = foreignKeysOf(blueprint.data.relationships);
  const access = resolveAccess(blueprint, foreignKeys);
  const resolved = { blueprint, tables, foreignKeys, access, founderRole: founderRole(blueprint) };
  return { ...resolved, notices: collectNotices(resolved) };
}

/** The app's founder acts as the first (most privileged) role of the blueprint. */
export const founderRole = (blueprint: BlueprintV2): string => blueprint.security.roles[0]?.name as string;

export function accessOf(resolved: Pick<ResolvedBlueprint, "access">, role: string, table: string): Access | undefined {
  return resolved.access.find((a) => a.role === role && a.table === table);
}

/**
 * The tables of which `role` sees only some rows: a row filter of its own, or rows
 * scoped through a parent it sees only some of. Anything computed over every row of
 * such a table (planner estimates, statistics) would tell the role about rows it
 * cannot see.
 */
export function partlyVisibleTables(resolved: Pick<ResolvedBlueprint, "access">, role: string): Set<string> {
  return new Set(resolved.access.filter((a) => a.role === role && isRestricted(a)).map((a) => a.table));
}
