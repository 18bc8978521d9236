"use client";
/** STAT-CARD: one number over a filtered table (see config/aggregate.ts for how each function is computed). */
import type { Block } from "@plinth/blueprint";
import { type CrudFilter, useList } from "@refinedev/core";
import { Skeleton } from "@/components/ui/skeleton";
import { BlockError } from "../components/block-states";
import { useAppLocale, useRuntime } from "../components/runtime-context";
import { AGGREGATE_ROW_LIMIT, aggregate } from "../config/aggregate";
import { toCrudFilters } from "../config/filters";
import { formatNumber } from "../config/format";

type StatCardBlock = Extract<Block, { type: "STAT-CARD" }>;

/** The list query a stat card makes, by its aggregate function. */
export function statCardQuery(block: StatCardBlock, filters: CrudFilter[]) {
  const { fn, column } = block.aggregate;
  if (fn === "count" || !column) {
    return { pagination: { currentPage: 1, pageSize: 1 }, filters, sorters: [], meta: { select: "id" } };
  }
  if (fn === "min" || fn === "max") {
    return {
      pagination: { currentPage: 1, pageSize: 1 },
      filters: [...filters, { field: column, operator: "nnull" as const, value: null }],
      sorters: [{ field: column, order: fn === "min" ? ("asc" as const) : ("desc" as const) }],
      meta: { select: column },
    };
  }
  return {
    pagination: { currentPage: 1, pageSize: AGGREGATE_ROW_LIMIT },
    filters,
    sorters: [],
    meta: { select: column },
  };
}

export function StatCardBlockView({ block }: { block: StatCardBlock }) {
  const { user } = useRuntime();
  const locale = useAppLocale();
  const { result, query } = useList({
    resource: block.table,
    ...statCardQuery(block, toCrudFilters(block.filter, user)),
  });
  const { fn, column } = block.aggregate;
  const value =
    fn === "count" || !column
      ? (result.total ?? 0)
      : aggregate(
          fn,
          result.data.map((r) => r[column]),
        );
  const partial = (fn === "sum" || fn === "avg") && (result.total ?? 0) > result.data.length;
  return (
    <div className="grid gap-1" aria-live="polite">
      {query.isLoading ? (
        <Skeleton className="h-9 w-32" />
      ) : query.isError ? (
        <BlockError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <p className="text-3xl font-semibold tabular-nums">
          {value === null ? "—" : formatNumber(value, block.format, locale)}
        </p>
      )}
      {partial && (
        <p className="text-muted-foreground text-xs">
          Over the first {AGGREGATE_ROW_LIMIT.toLocaleString()} of {result.total?.toLocaleString()} records.
        </p>
      )}
    </div>
  );
}
