/**
 * An app's data as its founder takes it away before deleting it: one CSV file per table
 * (a header row of column names, then every row) and the blueprint that describes them,
 * in one zip. Reading is injected, so this knows only how rows become files.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";

/** Every row of one table, in a stable order. */
export type ReadTable = (table: string) => Promise<Record<string, unknown>[]>;

/** A value as a spreadsheet cell: dates as ISO times, lists and objects as JSON, nothing for null. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function tableCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify([columns, ...rows.map((row) => columns.map((column) => cell(row[column])))]);
}

export async function exportApp(blueprint: BlueprintV2, read: ReadTable): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {
    "blueprint.json": strToU8(`${JSON.stringify(blueprint, null, 2)}\n`),
  };
  for (const table of blueprint.data.tables) {
    const rows = await read(table.name);
    // The stored columns (id, timestamps and the blueprint's own), in the database's order.
    const columns = rows[0] ? Object.keys(rows[0]) : ["id", ...table.columns.map((c) => c.name)];
    files[`${table.name}.csv`] = strToU8(tableCsv(columns, rows));
  }
  return zipSync(files);
}
