/**
 * Aggregates for STAT-CARD and CHART, computed by the database: the blocks ask the data
 * API for PostgREST's aggregate functions (`select=value:amount.sum()`, grouped as
 * `select=stage,value:amount.sum()`), so a total covers every row the user may see
 * under row-level security, never a page of rows added up in the browser.
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
