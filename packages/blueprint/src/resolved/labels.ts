/**
 * Which column names a row to a person: where a lookup, a tree or the members panel
 * shows a row of another table, it shows this column's value instead of the row's id.
 */
import type { Table } from "../schema.js";

/** A required text column, else any text column (neither a list of values), else the id. */
export function defaultLabelColumn(table: Table | undefined): string {
  const text = table?.columns.filter((c) => c.type === "text" && !c.enum) ?? [];
  return (text.find((c) => c.required) ?? text[0])?.name ?? "id";
}
