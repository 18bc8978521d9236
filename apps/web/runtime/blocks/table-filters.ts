/**
 * The TABLE block's query from what the user typed and picked: the block's own filter,
 * a search over its searchColumns (one OR), and one filter per filterColumn by type.
 */
import type { Column } from "@plinth/blueprint";
import type { CrudFilter } from "@refinedev/core";
import type { ColumnFilterValue } from "../config/view-state";

export function searchFilter(searchColumns: string[], search: string): CrudFilter[] {
  const text = search.trim();
  if (!text || searchColumns.length === 0) return [];
  // PostgREST's or=(…) list syntax treats commas and parentheses as separators.
  const safe = text.replace(/[,()]/g, " ");
  if (searchColumns.length === 1) return [{ field: searchColumns[0]!, operator: "contains", value: safe }];
  return [
    { operator: "or", value: searchColumns.map((field) => ({ field, operator: "contains" as const, value: safe })) },
  ];
}

/** A people column's choice besides a member's id: the signed-in user, or nobody. */
export const ME = "me";
export const NOBODY = "none";

/** One filter column's query; `me` is the signed-in user's id, which a people column's "me" stands for. */
export function columnFilter(
  column: Column,
  isLookup: boolean,
  chosen: ColumnFilterValue | undefined,
  me: string,
): CrudFilter[] {
  if (!chosen) return [];
  const field = column.name;
  // Kept as "me" in the view (not the id), so a saved "assigned to me" view is mine for whoever opens it.
  if (column.type === "user") {
    if (!chosen.value) return [];
    if (chosen.value === NOBODY) return [{ field, operator: "null", value: true }];
    return [{ field, operator: "eq", value: chosen.value === ME ? me : chosen.value }];
  }
  if (column.enum || isLookup || column.type === "uuid")
    return chosen.value ? [{ field, operator: "eq", value: chosen.value }] : [];
  if (column.type === "bool") return chosen.value ? [{ field, operator: "eq", value: chosen.value === "true" }] : [];
  if (column.type === "int" || column.type === "float" || column.type === "date" || column.type === "timestamptz") {
    const filters: CrudFilter[] = [];
    const toValue = (v: string, end: boolean) =>
      column.type === "timestamptz"
        ? new Date(`${v}T${end ? "23:59:59.999" : "00:00:00"}`).toISOString()
        : column.type === "int" || column.type === "float"
          ? Number(v)
          : v;
    if (chosen.from) filters.push({ field, operator: "gte", value: toValue(chosen.from, false) });
    if (chosen.to) filters.push({ field, operator: "lte", value: toValue(chosen.to, true) });
    return filters;
  }
  return chosen.value?.trim() ? [{ field, operator: "contains", value: chosen.value.trim() }] : [];
}
