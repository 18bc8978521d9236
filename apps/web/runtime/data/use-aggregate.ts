"use client";
/**
 * One aggregate (per group, if grouped) over a table's rows the user may see, for
 * STAT-CARD and CHART: asked of the data API's aggregate functions, or computed here
 * over at most FALLBACK_ROWS rows where the data API has them turned off.
 */
import type { Aggregate } from "@plinth/blueprint";
import { type CrudFilter, useList } from "@refinedev/core";
import {
  aggregateLocally,
  aggregateSelect,
  aggregatesDisabled,
  FALLBACK_ROWS,
  fallbackSelect,
  MAX_GROUPS,
} from "../config/aggregate";

export interface AggregateResult {
  /** The data API's aggregate rows: `{ value }`, or `{ [groupBy], value }` per group. */
  rows: Record<string, unknown>[];
  query: ReturnType<typeof useList>["query"];
  /** Set when the fallback covered only the first FALLBACK_ROWS of this many rows. */
  partialOf?: number;
}

export function useAggregate(
  resource: string,
  aggregate: Aggregate,
  filters: CrudFilter[],
  groupBy?: string,
): AggregateResult {
  const server = useList({
    resource,
    pagination: { currentPage: 1, pageSize: groupBy ? MAX_GROUPS : 1 },
    filters,
    sorters: [],
    meta: { select: aggregateSelect(aggregate, groupBy) },
  });
  const disabled = aggregatesDisabled(server.query.error);
  const local = useList({
    resource,
    pagination: { currentPage: 1, pageSize: FALLBACK_ROWS },
    filters,
    sorters: [],
    meta: { select: fallbackSelect(aggregate, groupBy) },
    queryOptions: { enabled: disabled },
  });
  if (!disabled) return { rows: server.result.data, query: server.query };
  const total = local.result.total ?? 0;
  return {
    rows: aggregateLocally(local.result.data, aggregate, groupBy),
    query: local.query,
    ...(total > local.result.data.length && { partialOf: total }),
  };
}
