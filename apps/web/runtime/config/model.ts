/**
 * Questions the runtime asks of a blueprint's data model: which columns a table has
 * (system columns included), what a column is called on screen, and which related
 * table a foreign-key column points at and by which column its rows are labelled.
 */
import {
  type BlueprintV2,
  type Column,
  defaultLabelColumn,
  type ResolvedBlueprint,
  resolveBlueprint,
  SYSTEM_COLUMN_TYPES,
  type SystemColumn,
  type Table,
} from "@plinth/blueprint";

const SYSTEM_LABELS: Record<SystemColumn, string> = {
  id: "ID",
  created_at: "Created",
  updated_at: "Updated",
  created_by: "Created by",
};

/**
 * Columns every table has without declaring them; shaped like declared ones so the UI
 * treats them alike. `created_by` holds a member's user id, so it shows as a person.
 */
const SYSTEM_COLUMNS: Column[] = (Object.entries(SYSTEM_COLUMN_TYPES) as [SystemColumn, Column["type"]][]).map(
  ([name, type]) => ({
    name,
    label: SYSTEM_LABELS[name],
    type: name === "created_by" ? "user" : type,
    required: false,
    unique: name === "id",
    indexed: name === "id",
  }),
);
export const SYSTEM_COLUMN_NAMES = new Set(SYSTEM_COLUMNS.map((c) => c.name));

// Resolving walks the whole blueprint; a running app has one, so each is resolved once.
const resolvedModels = new WeakMap<BlueprintV2, ResolvedBlueprint>();

/** The blueprint's resolved model (access, foreign keys, system columns), built once per blueprint. */
export function resolved(blueprint: BlueprintV2): ResolvedBlueprint {
  let model = resolvedModels.get(blueprint);
  if (!model) {
    model = resolveBlueprint(blueprint);
    resolvedModels.set(blueprint, model);
  }
  return model;
}

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
  return resolved(blueprint).foreignKeys.map((fk) => ({
    table: fk.table,
    column: fk.column,
    refTable: fk.refTable,
    refColumn: fk.refColumn,
    labelColumn:
      blueprint.data.relationships[fk.relationship]?.ui?.lookupLabelColumn ??
      defaultLabelColumn(findTable(blueprint, fk.refTable)),
  }));
}

export function foreignKeyOf(blueprint: BlueprintV2, table: string, column: string): ForeignKey | undefined {
  return foreignKeys(blueprint).find((fk) => fk.table === table && fk.column === column);
}
