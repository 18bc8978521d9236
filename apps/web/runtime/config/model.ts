/**
 * Questions the runtime asks of a blueprint's data model: which columns a table has
 * (system columns included), what a column is called on screen, and which related
 * table a foreign-key column points at and by which column its rows are labelled.
 */
import type { BlueprintV2, Column, Table } from "@plinth/blueprint";

/** Columns every table has without declaring them; shaped like declared ones so the UI treats them alike. */
const SYSTEM_COLUMNS: Column[] = [
  { name: "id", label: "ID", type: "uuid", required: false, unique: true, indexed: true },
  { name: "created_at", label: "Created", type: "timestamptz", required: false, unique: false, indexed: false },
  { name: "updated_at", label: "Updated", type: "timestamptz", required: false, unique: false, indexed: false },
  { name: "created_by", label: "Created by", type: "uuid", required: false, unique: false, indexed: false },
];
export const SYSTEM_COLUMN_NAMES = new Set(SYSTEM_COLUMNS.map((c) => c.name));

export function findTable(blueprint: BlueprintV2, name: string): Table | undefined {
  return blueprint.data.tables.find((t) => t.name === name);
}

export function findColumn(table: Table | undefined, name: string): Column | undefined {
  return table?.columns.find((c) => c.name === name) ?? SYSTEM_COLUMNS.find((c) => c.name === name);
}

export function humanize(name: string): string {
  const words = name.replace(/_id$/, "").replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function columnLabel(table: Table | undefined, name: string): string {
  return findColumn(table, name)?.label ?? humanize(name);
}

export function tableLabel(blueprint: BlueprintV2, name: string): string {
  return findTable(blueprint, name)?.label ?? humanize(name);
}

/** A column holding another row's id, whichever direction the blueprint wrote the relationship in. */
export interface ForeignKey {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
  /** The referenced table's column that names a row to a person. */
  labelColumn: string;
}

export function foreignKeys(blueprint: BlueprintV2): ForeignKey[] {
  return blueprint.data.relationships.map((r) => {
    const [table, column, refTable, refColumn] =
      r.type === "many_to_one"
        ? [r.fromTable, r.fromColumn, r.toTable, r.toColumn]
        : [r.toTable, r.toColumn, r.fromTable, r.fromColumn];
    const labelColumn = r.ui?.lookupLabelColumn ?? defaultLabelColumn(findTable(blueprint, refTable));
    return { table, column, refTable, refColumn, labelColumn };
  });
}

export function foreignKeyOf(blueprint: BlueprintV2, table: string, column: string): ForeignKey | undefined {
  return foreignKeys(blueprint).find((fk) => fk.table === table && fk.column === column);
}

/** The column that best names a row: a required text column, else any text column, else its id. */
export function defaultLabelColumn(table: Table | undefined): string {
  const text = table?.columns.filter((c) => c.type === "text" && !c.enum) ?? [];
  return (text.find((c) => c.required) ?? text[0])?.name ?? "id";
}
