/**
 * Aggregates for STAT-CARD and CHART. Plinth's /rest/v1 does not offer PostgREST's
 * aggregate functions (select=amount.sum()), so: count comes exact from the response's
 * count, min/max from one row sorted by the column, and sum/avg (and every chart) are
 * computed here over a bounded fetch of at most AGGREGATE_ROW_LIMIT rows; when more rows
 * exist the result says it covers only those.
 */
import type { Aggregate } from "@plinth/blueprint";

export const AGGREGATE_ROW_LIMIT = 1000;

export function aggregate(fn: Aggregate["fn"], values: unknown[]): number | null {
  if (fn === "count") return values.length;
  // null is not zero: a row without a value does not count towards an average or a minimum.
  const nums = values
    .filter((v) => v !== null && v !== undefined && v !== "")
    .map(Number)
    .filter(Number.isFinite);
  if (nums.length === 0) return fn === "sum" ? 0 : null;
  switch (fn) {
    case "sum":
      return nums.reduce((a, b) => a + b, 0);
    case "avg":
      return nums.reduce((a, b) => a + b, 0) / nums.length;
    case "min":
      return Math.min(...nums);
    case "max":
      return Math.max(...nums);
  }
}

export interface Group {
  key: string;
  value: number;
}

/** Rows grouped by a column, each group's aggregate; enum groups keep the enum's order, others sort by key. */
export function groupAggregate(
  rows: Record<string, unknown>[],
  groupBy: string,
  agg: Aggregate,
  order?: string[],
): Group[] {
  const groups = new Map<string, unknown[]>();
  for (const key of order ?? []) groups.set(key, []);
  for (const row of rows) {
    const raw = row[groupBy];
    const key = raw === null || raw === undefined || raw === "" ? "(none)" : String(raw);
    const list = groups.get(key) ?? [];
    list.push(agg.fn === "count" ? row : row[agg.column ?? ""]);
    groups.set(key, list);
  }
  const result = [...groups.entries()].map(([key, values]) => ({ key, value: aggregate(agg.fn, values) ?? 0 }));
  return order ? result : result.sort((a, b) => a.key.localeCompare(b.key));
}
