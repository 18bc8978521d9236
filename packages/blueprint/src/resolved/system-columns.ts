/** The columns every table has and a blueprint never declares, with their types. */
import { SYSTEM_COLUMNS, type SystemColumn } from "../identifiers.js";
import type { ColumnType } from "../schema.js";

export const SYSTEM_COLUMN_TYPES: Record<SystemColumn, ColumnType> = {
  id: "uuid",
  created_at: "timestamptz",
  updated_at: "timestamptz",
  created_by: "uuid",
};

export const isSystemColumn = (name: string): name is SystemColumn =>
  (SYSTEM_COLUMNS as readonly string[]).includes(name);
