/**
 * The data model: entities → tables with typed columns and relationships from what the
 * founder said and what the domain knowledge expects (refine's added tables).
 */
import type { BlueprintV2Input } from "@plinth/blueprint";
import type { ColumnDef } from "./columns.js";
import { genericColumns } from "./domain.js";
import type { Entity } from "./entities.js";
import { inferColumn } from "./fields.js";
import { plural, titleCase } from "./words.js";

export type TableDef = BlueprintV2Input["data"]["tables"][number] & { columns: ColumnDef[] };
export type RelationshipDef = BlueprintV2Input["data"]["relationships"] extends (infer R)[] | undefined ? R : never;

export interface DataModel {
  tables: TableDef[];
  relationships: RelationshipDef[];
  /** The table's singular, for naming reference columns and forms. */
  singulars: Map<string, string>;
}

const MAX_COLUMNS = 30;

export function buildData(entities: Entity[], assumptions: string[]): DataModel {
  const list = [...entities];
  const names = new Set(list.map((e) => e.table));
  const singulars = new Map(list.map((e) => [e.table, e.singular]));
  const tables: TableDef[] = list.map((entity) => tableFor(entity, list, assumptions));
  const relationships: RelationshipDef[] = [];

  const link = (child: TableDef, parent: string, explicit: boolean) => {
    const parentTable = tables.find((t) => t.name === parent);
    if (!parentTable || parent === child.name) return;
    const column = `${singulars.get(parent) ?? parent}_id`;
    if (child.columns.some((c) => c.name === column)) return;
    // Domain knowledge links only one way: if the parent already points at the child, skip.
    if (!explicit && relationships.some((r) => r.fromTable === parent && r.toTable === child.name)) return;
    addColumn(child, { name: column, label: titleCase(singulars.get(parent) ?? parent), type: "uuid" });
    relationships.push(manyToOne(child.name, column, parent, titleColumn(parentTable)));
  };
  for (const entity of list) {
    const table = tables.find((t) => t.name === entity.table) as TableDef;
    for (const parent of entity.parents) link(table, parent, true);
  }
  for (const entity of list) {
    const table = tables.find((t) => t.name === entity.table) as TableDef;
    for (const parent of entity.knowledge?.parents ?? []) if (names.has(parent)) link(table, parent, false);
    if (entity.knowledge?.tree) {
      addColumn(table, { name: "parent_id", label: `Parent ${entity.singular.replaceAll("_", " ")}`, type: "uuid" });
      relationships.push(manyToOne(table.name, "parent_id", table.name, titleColumn(table)));
    }
  }
  return { tables, relationships, singulars };
}

function tableFor(entity: Entity, all: Entity[], assumptions: string[]): TableDef {
  const columns = structuredClone(entity.knowledge?.columns ?? genericColumns());
  const table: TableDef = { name: entity.table, label: entity.label.slice(0, 80), columns };
  const otherEntityWords = new Set(
    all
      .filter((e) => e !== entity)
      .flatMap((e) => (e.knowledge?.words ?? [e.label.toLowerCase()]).flatMap((w) => [w, plural(w)])),
  );
  const added: string[] = [];
  for (const phrase of entity.fields) {
    if (otherEntityWords.has(phrase)) continue;
    const column = inferColumn(phrase);
    if (!column || columns.some((c) => c.name === column.name)) continue;
    if (addColumn(table, column)) added.push(column.name);
  }
  if (!entity.knowledge) {
    assumptions.push(
      `"${entity.label}" is not a kind of record I know, so its table has ${added.length ? `the fields you listed (${added.join(", ")}) plus ` : ""}a name, a status and notes.`,
    );
  }
  return table;
}

function addColumn(table: TableDef, column: ColumnDef): boolean {
  if (table.columns.length >= MAX_COLUMNS) return false;
  table.columns.push(column);
  return true;
}

/** A link from a child column to its parent table, shown by the parent's title column. */
export function manyToOne(fromTable: string, fromColumn: string, toTable: string, label: string): RelationshipDef {
  return {
    type: "many_to_one",
    fromTable,
    fromColumn,
    toTable,
    toColumn: "id",
    onDelete: "set_null",
    ui: { lookupLabelColumn: label },
  };
}

/** The column that names a record: the first text column (every table's first column is one). */
export function titleColumn(table: Pick<TableDef, "columns">): string {
  return table.columns.find((c) => c.type === "text" && !c.enum && !c.format)?.name ?? table.columns[0]?.name ?? "id";
}
