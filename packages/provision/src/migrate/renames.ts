/**
 * Renames a migration performs: only those the new blueprint declares with
 * `renamedFrom`. Anything else that disappears is dropped and anything new is added,
 * because guessing a rename from similar names could silently hand one column's data
 * to another.
 */
import type { BlueprintV2, Filter, Scope } from "@plinth/blueprint";

export interface Renames {
  /** Old table name → new table name. */
  tables: Map<string, string>;
  /** New table name → (old column name → new column name). */
  columns: Map<string, Map<string, string>>;
}

/**
 * A `renamedFrom` counts only when the old name exists in the running blueprint, the
 * new one does not, and the old name is gone from the new blueprint; otherwise the
 * rename already happened (a later version still carries the hint) and is ignored.
 */
export function declaredRenames(from: BlueprintV2, to: BlueprintV2): Renames {
  const fromTables = new Map(from.data.tables.map((t) => [t.name, t]));
  const toNames = new Set(to.data.tables.map((t) => t.name));
  const tables = new Map<string, string>();
  for (const table of to.data.tables) {
    const old = table.renamedFrom;
    if (old && !fromTables.has(table.name) && fromTables.has(old) && !toNames.has(old) && !tables.has(old))
      tables.set(old, table.name);
  }
  const oldNameOf = new Map([...tables].map(([o, n]) => [n, o]));
  const columns = new Map<string, Map<string, string>>();
  for (const table of to.data.tables) {
    const oldTable = fromTables.get(oldNameOf.get(table.name) ?? table.name);
    if (!oldTable) continue;
    const oldColumns = new Set(oldTable.columns.map((c) => c.name));
    const newColumns = new Set(table.columns.map((c) => c.name));
    const renamed = new Map<string, string>();
    for (const column of table.columns) {
      const old = column.renamedFrom;
      if (old && !oldColumns.has(column.name) && oldColumns.has(old) && !newColumns.has(old) && !renamed.has(old))
        renamed.set(old, column.name);
    }
    if (renamed.size > 0) columns.set(table.name, renamed);
  }
  return { tables, columns };
}

/** The running blueprint as it reads once the renames are done, so it can be compared name by name with the new one. */
export function applyRenames(blueprint: BlueprintV2, renames: Renames): BlueprintV2 {
  const table = (name: string) => renames.tables.get(name) ?? name;
  const column = (tableName: string, name: string) => renames.columns.get(table(tableName))?.get(name) ?? name;
  const renamed = structuredClone(blueprint);
  for (const t of renamed.data.tables) {
    for (const c of t.columns) c.name = column(t.name, c.name);
    t.name = table(t.name);
  }
  for (const rel of renamed.data.relationships) {
    rel.fromColumn = column(rel.fromTable, rel.fromColumn);
    rel.toColumn = column(rel.toTable, rel.toColumn);
    rel.fromTable = table(rel.fromTable);
    rel.toTable = table(rel.toTable);
  }
  for (const p of renamed.security.permissions) {
    const rename = (c: string) => column(p.resource, c);
    // Scopes and read-only columns name columns too: left unrenamed, a rename would read as a change of access.
    if (p.scopes)
      for (const [action, scope] of Object.entries(p.scopes) as [keyof typeof p.scopes, Scope | undefined][])
        if (scope) p.scopes[action] = renameScopeColumns(scope, rename);
    if (p.readOnlyColumns) p.readOnlyColumns = p.readOnlyColumns.map(rename);
    p.resource = table(p.resource);
  }
  for (const f of renamed.security.rowFilters) {
    f.filter = renameFilterColumns(f.filter, (c) => column(f.resource, c));
    f.resource = table(f.resource);
  }
  // Lists' sort orders decide indexes, so the running app's lists follow the renames too.
  for (const page of renamed.ui.pages)
    for (const block of page.blocks) {
      if (block.type === "TABLE" && block.defaultSort)
        block.defaultSort.column = column(block.table, block.defaultSort.column);
      block.table = table(block.table);
    }
  return renamed;
}

function renameFilterColumns(filter: Filter, rename: (column: string) => string): Filter {
  if ("and" in filter) return { and: filter.and.map((f) => renameFilterColumns(f, rename)) };
  if ("or" in filter) return { or: filter.or.map((f) => renameFilterColumns(f, rename)) };
  if ("equals" in filter) return { equals: [rename(filter.equals[0]), filter.equals[1]] };
  return { in: [rename(filter.in[0]), filter.in[1]] };
}

function renameScopeColumns(scope: Scope, rename: (column: string) => string): Scope {
  if (scope === "all") return scope;
  if ("and" in scope) return { and: scope.and.map((s) => renameScopeColumns(s, rename)) };
  if ("or" in scope) return { or: scope.or.map((s) => renameScopeColumns(s, rename)) };
  if ("where" in scope) return { where: renameFilterColumns(scope.where, rename) };
  if ("person" in scope) return { person: rename(scope.person) };
  if ("team" in scope) return { team: rename(scope.team) };
  return { ...scope, parent: rename(scope.parent) };
}
