/**
 * Keeps a blueprint consistent after a table, column, role, page or choice goes away
 * or is renamed: every block, filter, relationship, permission, action and navigation
 * entry that named it follows the change or goes with it, so the verifier sees one
 * coherent app rather than dangling names.
 */
import { columnsOf, type Filter, scopeColumns } from "@plinth/blueprint";
import type { Block, Blueprint } from "./types.js";

type AnyBlock = Record<string, unknown> & Block;
type Action = { type: string; page?: string; modal?: string };

/** Single-column settings a block cannot work without. */
const REQUIRED_SINGLE = [
  "groupBy",
  "dateColumn",
  "timeColumn",
  "bodyColumn",
  "imageColumn",
  "parentColumn",
  "labelColumn",
];
/** Single-column settings a block can drop. */
const OPTIONAL_SINGLE = ["endDateColumn", "descriptionColumn", "threadColumn", "captionColumn"];
const LISTS = ["columns", "fields", "searchColumns", "filterColumns", "cardColumns"];
const NON_EMPTY_LISTS = ["columns", "fields"];

/** The table whose records a relationship's lookupLabelColumn names: the "one" side. */
function labelledTable(rel: Blueprint["data"]["relationships"][number]): string {
  return rel.type === "many_to_one" ? rel.toTable : rel.fromTable;
}

/** The roles whose row filters or scopes on `table` read `column`: removing it would widen what they reach. */
export function rolesReading(bp: Blueprint, table: string, column: string): string[] {
  const byFilter = bp.security.rowFilters
    .filter((f) => f.resource === table && columnsOf(f.filter).includes(column))
    .map((f) => f.role);
  const byScope = bp.security.permissions
    .filter(
      (p) =>
        p.resource === table && Object.values(p.scopes ?? {}).some((sc) => sc && scopeColumns(sc).includes(column)),
    )
    .map((p) => p.role);
  return [...new Set([...byFilter, ...byScope])];
}

export function renameInFilter(filter: Filter, from: string, to: string): Filter {
  const r = (c: string) => (c === from ? to : c);
  if ("and" in filter) return { and: filter.and.map((f) => renameInFilter(f, from, to)) };
  if ("or" in filter) return { or: filter.or.map((f) => renameInFilter(f, from, to)) };
  if ("equals" in filter) return { equals: [r(filter.equals[0]), filter.equals[1]] };
  return { in: [r(filter.in[0]), filter.in[1]] };
}

export function allBlocks(bp: Blueprint): AnyBlock[] {
  return [...bp.ui.pages.flatMap((p) => p.blocks), ...bp.ui.modals.flatMap((m) => m.blocks)] as AnyBlock[];
}

/** Does `block` still work without `column` of its table? Removes the column from it and says. */
function dropFromBlock(block: AnyBlock, column: string): boolean {
  const b = block as Record<string, unknown>;
  for (const key of REQUIRED_SINGLE) if (b[key] === column) return false;
  if (b.titleColumn === column) {
    if (block.type !== "GALLERY") return false;
    delete b.titleColumn;
  }
  for (const key of OPTIONAL_SINGLE) if (b[key] === column) delete b[key];
  const aggregate = b.aggregate as { column?: string } | undefined;
  if (aggregate?.column === column) return false;
  if (b.filter && columnsOf(b.filter as Filter).includes(column)) return false;
  if ((b.defaultSort as { column?: string } | undefined)?.column === column) delete b.defaultSort;
  for (const key of LISTS) {
    const list = b[key] as string[] | undefined;
    if (!list) continue;
    b[key] = list.filter((c) => c !== column);
    if (NON_EMPTY_LISTS.includes(key) && (b[key] as string[]).length === 0) return false;
  }
  return true;
}

/** Removes `table.column` everywhere it is named; blocks that cannot do without it go. */
export function dropColumnReferences(bp: Blueprint, table: string, column: string): void {
  for (const p of bp.security.permissions) {
    if (p.resource !== table || !p.readOnlyColumns) continue;
    p.readOnlyColumns = p.readOnlyColumns.filter((c) => c !== column);
    if (p.readOnlyColumns.length === 0) delete p.readOnlyColumns;
  }
  bp.data.relationships = bp.data.relationships.filter(
    (r) => !(r.fromTable === table && r.fromColumn === column) && !(r.toTable === table && r.toColumn === column),
  );
  for (const rel of bp.data.relationships) {
    if (labelledTable(rel) === table && rel.ui?.lookupLabelColumn === column) {
      const other = bp.data.tables
        .find((t) => t.name === table)
        ?.columns.find((c) => c.type === "text" && c.name !== column);
      if (other) rel.ui = { lookupLabelColumn: other.name };
      else delete rel.ui;
    }
  }
  removeBlocks(bp, (block) => {
    const b = block as AnyBlock & { related?: { table: string; column: string; columns: string[] }[] };
    if (b.type === "DETAIL" && b.related) {
      b.related = b.related.flatMap((rel) => {
        if (rel.table !== table) return [rel];
        if (rel.column === column) return [];
        const columns = rel.columns.filter((c) => c !== column);
        return columns.length ? [{ ...rel, columns }] : [];
      });
    }
    return b.table === table && !dropFromBlock(b, column);
  });
}

export function renameColumnReferences(bp: Blueprint, table: string, from: string, to: string): void {
  const r = (c: string) => (c === from ? to : c);
  for (const rel of bp.data.relationships) {
    if (rel.fromTable === table) rel.fromColumn = r(rel.fromColumn);
    if (rel.toTable === table) rel.toColumn = r(rel.toColumn);
    if (labelledTable(rel) === table && rel.ui) rel.ui.lookupLabelColumn = r(rel.ui.lookupLabelColumn);
  }
  for (const f of bp.security.rowFilters) if (f.resource === table) f.filter = renameInFilter(f.filter, from, to);
  for (const block of allBlocks(bp)) {
    const b = block as Record<string, unknown>;
    if (block.type === "DETAIL") {
      for (const rel of (b.related as { table: string; column: string; columns: string[] }[]) ?? []) {
        if (rel.table !== table) continue;
        rel.column = r(rel.column);
        rel.columns = rel.columns.map(r);
      }
    }
    if (block.table !== table) continue;
    for (const key of [...REQUIRED_SINGLE, ...OPTIONAL_SINGLE, "titleColumn"])
      if (typeof b[key] === "string") b[key] = r(b[key] as string);
    for (const key of LISTS) if (Array.isArray(b[key])) b[key] = (b[key] as string[]).map(r);
    const aggregate = b.aggregate as { column?: string } | undefined;
    if (aggregate?.column) aggregate.column = r(aggregate.column);
    const sort = b.defaultSort as { column: string } | undefined;
    if (sort) sort.column = r(sort.column);
    if (b.filter) b.filter = renameInFilter(b.filter as Filter, from, to);
  }
}

export function renameTableReferences(bp: Blueprint, from: string, to: string): void {
  const r = (t: string) => (t === from ? to : t);
  for (const rel of bp.data.relationships) {
    rel.fromTable = r(rel.fromTable);
    rel.toTable = r(rel.toTable);
  }
  for (const p of bp.security.permissions) p.resource = r(p.resource);
  for (const f of bp.security.rowFilters) f.resource = r(f.resource);
  for (const block of allBlocks(bp)) {
    block.table = r(block.table);
    if (block.type === "DETAIL") for (const rel of block.related) rel.table = r(rel.table);
  }
}

/** Removes everything that names `table`; the caller removes the table itself. */
export function dropTableReferences(bp: Blueprint, table: string): void {
  const linking = bp.data.relationships.filter((r) => r.fromTable === table || r.toTable === table);
  bp.data.relationships = bp.data.relationships.filter((r) => !linking.includes(r));
  bp.security.permissions = bp.security.permissions.filter((p) => p.resource !== table);
  bp.security.rowFilters = bp.security.rowFilters.filter((f) => f.resource !== table);
  removeBlocks(bp, (block) => {
    if (block.type === "DETAIL") block.related = block.related.filter((rel) => rel.table !== table);
    return block.table === table;
  });
}

/** Removes the blocks `gone` picks, then pages and modals left empty and every action or menu entry to them. */
export function removeBlocks(bp: Blueprint, gone: (block: AnyBlock) => boolean): void {
  for (const page of bp.ui.pages) {
    const tabs = page.layout.type === "tabs" ? page.layout.config.tabs : undefined;
    const kept = page.blocks.map((b) => !gone(b as AnyBlock));
    page.blocks = page.blocks.filter((_, i) => kept[i]);
    // Tab labels go with their blocks.
    if (tabs) page.layout.config.tabs = tabs.filter((_, i) => kept[i]);
  }
  for (const modal of bp.ui.modals) modal.blocks = modal.blocks.filter((b) => !gone(b as AnyBlock));
  pruneEmpty(bp);
}

export function pruneEmpty(bp: Blueprint): void {
  const pages = new Set(bp.ui.pages.filter((p) => p.blocks.length > 0).map((p) => p.id));
  const modals = new Set(bp.ui.modals.filter((m) => m.blocks.length > 0).map((m) => m.id));
  bp.ui.pages = bp.ui.pages.filter((p) => pages.has(p.id));
  bp.ui.modals = bp.ui.modals.filter((m) => modals.has(m.id));
  bp.ui.navigation = bp.ui.navigation.filter((n) => pages.has(n.page));
  const keep = (a: Action) =>
    !(a.type === "navigate" && a.page && !pages.has(a.page)) &&
    !(a.type === "openModal" && a.modal && !modals.has(a.modal));
  const fix = (a: Action) => {
    if ((a.type === "create" || a.type === "edit") && a.modal && !modals.has(a.modal)) delete a.modal;
    return a;
  };
  for (const block of allBlocks(bp)) {
    const b = block as Record<string, unknown>;
    for (const key of ["rowActions", "toolbarActions", "actions"]) {
      if (Array.isArray(b[key])) b[key] = (b[key] as Action[]).filter(keep).map(fix);
    }
    const onSuccess = b.onSuccess as Action | undefined;
    if (onSuccess && !keep(onSuccess)) delete b.onSuccess;
    else if (onSuccess) fix(onSuccess);
  }
}

/** Removes `role` and everything granted to it. */
export function dropRoleReferences(bp: Blueprint, role: string): void {
  bp.security.permissions = bp.security.permissions.filter((p) => p.role !== role);
  bp.security.rowFilters = bp.security.rowFilters.filter((f) => f.role !== role);
  if (bp.security.defaultRole === role) delete bp.security.defaultRole;
}

/** Values of a choice column that block filters compare with, after the choice list changed. */
export function dropChoiceReferences(bp: Blueprint, table: string, column: string, kept: string[]): void {
  const fix = (filter: Filter): Filter | null => {
    if ("and" in filter) {
      const parts = filter.and.map(fix);
      return parts.some((p) => p === null) ? null : { and: parts as Filter[] };
    }
    if ("or" in filter) {
      const parts = filter.or.map(fix).filter((p): p is Filter => p !== null);
      return parts.length ? { or: parts } : null;
    }
    if ("equals" in filter) {
      const [c, v] = filter.equals;
      return c === column && typeof v === "string" && !v.startsWith("$") && !kept.includes(v) ? null : filter;
    }
    const [c, values] = filter.in;
    if (c !== column || !Array.isArray(values)) return filter;
    const left = values.filter((v) => kept.includes(String(v)));
    return left.length ? { in: [c, left] } : null;
  };
  removeBlocks(bp, (block) => {
    const b = block as Record<string, unknown>;
    if (block.table !== table || !b.filter) return false;
    const fixed = fix(b.filter as Filter);
    if (fixed === null) return true;
    b.filter = fixed;
    return false;
  });
}
