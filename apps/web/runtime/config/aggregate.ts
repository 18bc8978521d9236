/**
 * Aggregates for STAT-CARD and CHART, computed by the database: the blocks ask the data
 * API for PostgREST's aggregate functions (`select=value:amount.sum()`, grouped as
 * `select=stage,value:amount.sum()`), so a total covers every row the user may see
 * under row-level security, never a page of rows added up in the browser. A data API
 * with aggregates turned off (a hosted Supabase project by default) answers PGRST123;
 * there the same answer is computed here over at most FALLBACK_ROWS fetched rows.
 */
import type { Aggregate } from "@plinth/blueprint";

/** Most groups a chart asks for; the data API's max rows caps groups, not the rows aggregated. */
export const MAX_GROUPS = 1000;

/** The response key every aggregate is aliased to. */
const VALUE = "value";

/** PostgREST's select for one aggregate (`value:count()`, `value:amount.sum()`), after the grouping column if any. */
export function aggregateSelect(agg: Aggregate, groupBy?: string): string {
  const value = agg.fn === "count" || !agg.column ? `${VALUE}:count()` : `${VALUE}:${agg.column}.${agg.fn}()`;
  return groupBy ? `${groupBy},${value}` : value;
}

/**
 * The aggregate a response row carries. Over no values Postgres' sum is null, shown
 * as 0; an average, minimum or maximum of nothing stays null ("—").
 */
export function aggregateValue(fn: Aggregate["fn"], row: Record<string, unknown> | undefined): number | null {
  const raw = row?.[VALUE];
  const value = raw === null || raw === undefined ? null : Number(raw);
  if (value !== null && Number.isFinite(value)) return value;
  return fn === "count" || fn === "sum" ? 0 : null;
}

/** Where the data API refuses aggregates, at most this many rows are fetched and added up here. */
export const FALLBACK_ROWS = 1000;

/** Under a figure computed over only the first FALLBACK_ROWS of `total` rows: "Over the first 1,000 of 2,400 records." */
export const partialNote = (total: number): string =>
  `Over the first ${FALLBACK_ROWS.toLocaleString()} of ${total.toLocaleString()} records.`;

/** Whether a data-API error says aggregates are turned off on that server. */
export function aggregatesDisabled(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "PGRST123";
}

/** The columns the fallback fetches to compute an aggregate itself. */
export function fallbackSelect(agg: Aggregate, groupBy?: string): string {
  const columns = [groupBy, agg.fn === "count" ? undefined : agg.column].filter((c): c is string => Boolean(c));
  return [...new Set(columns.length > 0 ? columns : ["id"])].join(",");
}

/** Rows shaped as the data API's aggregate answer (`{ [groupBy], value }`), computed from fetched rows. */
export function aggregateLocally(
  rows: Record<string, unknown>[],
  agg: Aggregate,
  groupBy?: string,
): Record<string, unknown>[] {
  const groups = new Map<unknown, unknown[]>();
  if (!groupBy) groups.set(undefined, []);
  for (const row of rows) {
    const key = groupBy ? row[groupBy] : undefined;
    groups.set(key, [...(groups.get(key) ?? []), agg.fn === "count" || !agg.column ? row : row[agg.column]]);
  }
  return [...groups].map(([key, values]) => ({
    ...(groupBy && { [groupBy]: key }),
    [VALUE]: localAggregate(agg.column ? agg.fn : "count", values),
  }));
}

/** As Postgres aggregates: nulls are skipped, and sum, avg, min and max of nothing are null. */
function localAggregate(fn: Aggregate["fn"], values: unknown[]): number | null {
  if (fn === "count") return values.length;
  const nums = values
    .filter((v) => v !== null && v !== undefined && v !== "")
    .map(Number)
    .filter(Number.isFinite);
  if (nums.length === 0) return null;
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

/**
 * Grouped aggregate rows as chart groups: a null group is "(none)", enum groups keep
 * the enum's order (with 0 for values no row has), other groups sort by key.
 */
export function chartGroups(
  rows: Record<string, unknown>[],
  groupBy: string,
  fn: Aggregate["fn"],
  order?: string[],
): Group[] {
  const groups = new Map<string, number>();
  for (const key of order ?? []) groups.set(key, 0);
  for (const row of rows) {
    const raw = row[groupBy];
    const key = raw === null || raw === undefined ? "(none)" : String(raw);
    groups.set(key, aggregateValue(fn, row) ?? 0);
  }
  const result = [...groups.entries()].map(([key, value]) => ({ key, value }));
  return order ? result : result.sort((a, b) => a.key.localeCompare(b.key));
}
