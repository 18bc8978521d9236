/**
 * An index over a parsed blueprint that the rules share: tables and columns by name
 * (system columns included, since blocks and filters may read them), relationships
 * and where every table is used. Built once per verification.
 */
import type { Problem } from "../problems.js";
import { foreignKeyOf } from "../resolved/foreign-keys.js";
import { SYSTEM_COLUMN_TYPES } from "../resolved/system-columns.js";
import type { BlueprintV2, Column, ColumnType, Relationship, Table } from "../schema.js";

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  /** Undefined for system columns, which a blueprint never declares. */
  column?: Column;
  system: boolean;
}

export interface TableInfo {
  table: Table;
  index: number;
  columns: Map<string, ColumnInfo>;
}

/** A foreign key, whichever direction the blueprint wrote its relationship in. */
export interface ForeignKey {
  relationship: Relationship;
  index: number;
  childTable: string;
  childColumn: string;
  parentTable: string;
}

export class BlueprintModel {
  readonly tables = new Map<string, TableInfo>();
  readonly foreignKeys: ForeignKey[];
  readonly pageIds: Set<string>;
  readonly modalIds: Set<string>;

  constructor(readonly bp: BlueprintV2) {
    bp.data.tables.forEach((table, index) => {
      if (this.tables.has(table.name)) return; // the first declaration wins; duplicates are reported
      const columns = new Map<string, ColumnInfo>();
      for (const [name, type] of Object.entries(SYSTEM_COLUMN_TYPES)) columns.set(name, { name, type, system: true });
      for (const column of table.columns) {
        if (!columns.has(column.name))
          columns.set(column.name, { name: column.name, type: column.type, column, system: false });
      }
      this.tables.set(table.name, { table, index, columns });
    });
    this.foreignKeys = bp.data.relationships.map((relationship, index) => {
      const fk = foreignKeyOf(relationship, index);
      return { relationship, index, childTable: fk.table, childColumn: fk.column, parentTable: fk.refTable };
    });
    this.pageIds = new Set(bp.ui.pages.map((p) => p.id));
    this.modalIds = new Set(bp.ui.modals.map((m) => m.id));
  }

  column(table: string, column: string): ColumnInfo | undefined {
    return this.tables.get(table)?.columns.get(column);
  }

  /** The foreign key stored in `table.column`, if a relationship declares one. */
  foreignKeyOn(table: string, column: string): ForeignKey | undefined {
    return this.foreignKeys.find((fk) => fk.childTable === table && fk.childColumn === column);
  }

  tableLabel(name: string): string {
    return this.tables.get(name)?.table.label ?? name;
  }

  columnNames(table: string): string {
    const info = this.tables.get(table);
    return info ? listNames([...info.columns.keys()]) : "";
  }
}

/** "a, b, c" — capped so a hint stays readable for a table with many columns. */
export function listNames(names: readonly string[], max = 25): string {
  const shown = names.slice(0, max).map((n) => `"${n}"`);
  return names.length > max ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** Collects problems; a rule receives one and never throws. */
export class Problems {
  readonly list: Problem[] = [];
  add(path: string, code: string, message: string, hint: string): void {
    this.list.push({ path, code, message, hint });
  }
}

export const isNumeric = (type: ColumnType): boolean => type === "int" || type === "float";
export const isTemporal = (type: ColumnType): boolean => type === "date" || type === "timestamptz";
