/**
 * A view's rows as a spreadsheet: a header of column labels and the stored values as
 * text (lookups by their label), so the file reads well and imports back as it was.
 */
import type { BaseRecord } from "@refinedev/core";

export interface ExportColumn {
  name: string;
  label: string;
  /** Lookup column: referenced row id → its label. */
  labels?: Map<string, string>;
}

export function exportCells(value: unknown, labels?: Map<string, string>): string {
  if (value === null || value === undefined) return "";
  if (labels && typeof value === "string") return labels.get(value) ?? value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function exportTable(columns: ExportColumn[], rows: BaseRecord[]): string[][] {
  return [columns.map((c) => c.label), ...rows.map((row) => columns.map((c) => exportCells(row[c.name], c.labels)))];
}
