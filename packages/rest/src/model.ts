/**
 * The schema model the translator plans against. The API derives it from the app's
 * blueprint; it is the only source of identifiers that ever reach SQL.
 */
export interface ColumnModel {
  name: string;
  /** Postgres type as written in DDL, e.g. `text`, `integer`, `text[]`, `timestamp with time zone`. */
  pgType: string;
  nullable: boolean;
  hasDefault: boolean;
  /** A unique column: a foreign key from it is one-to-one. */
  unique?: boolean;
}

export interface TableModel {
  name: string;
  columns: ColumnModel[];
  /** Primary key columns; defaults to `["id"]` when the table has an `id` column. */
  primaryKey?: string[];
  /** Multi-column unique keys: one holding both of a table's foreign keys makes it a junction, as its primary key would. */
  uniqueKeys?: string[][];
}

/** A foreign key: `fromTable.fromColumn` references `toTable.toColumn`. */
export interface RelationshipModel {
  fromTable: string;
  fromColumn: string;
  toTable: string;
  toColumn: string;
  /** The constraint's name in the database; Postgres' own `<fromTable>_<fromColumn>_fkey` when absent. */
  constraint?: string;
}

export interface SchemaModel {
  tables: TableModel[];
  relationships: RelationshipModel[];
}

export function findTable(model: SchemaModel, name: string): TableModel | undefined {
  return model.tables.find((t) => t.name === name);
}

export function findColumn(table: TableModel, name: string): ColumnModel | undefined {
  return table.columns.find((c) => c.name === name);
}

export function primaryKeyOf(table: TableModel): string[] {
  if (table.primaryKey) return table.primaryKey;
  return findColumn(table, "id") ? ["id"] : [];
}

export function constraintOf(rel: RelationshipModel): string {
  return rel.constraint ?? `${rel.fromTable}_${rel.fromColumn}_fkey`;
}

/** Whether a foreign key's column holds each value at most once (its table's key or a unique column). */
export function isUniqueForeignKey(model: SchemaModel, rel: RelationshipModel): boolean {
  const table = findTable(model, rel.fromTable);
  if (!table) return false;
  const key = primaryKeyOf(table);
  return (key.length === 1 && key[0] === rel.fromColumn) || Boolean(findColumn(table, rel.fromColumn)?.unique);
}
