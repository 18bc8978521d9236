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
}

export interface TableModel {
  name: string;
  columns: ColumnModel[];
  /** Primary key columns; defaults to `["id"]` when the table has an `id` column. */
  primaryKey?: string[];
}

/** A foreign key: `fromTable.fromColumn` references `toTable.toColumn`. */
export interface RelationshipModel {
  fromTable: string;
  fromColumn: string;
  toTable: string;
  toColumn: string;
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
