"use client";
/** STAT-CARD: one number over a filtered table, computed by the database (see config/aggregate.ts). */
import type { Block } from "@plinth/blueprint";
import { type CrudFilter, useList } from "@refinedev/core";
import { Skeleton } from "@/components/ui/skeleton";
import { BlockError } from "../components/block-states";
import { useRuntime } from "../components/runtime-context";
import { aggregateSelect, aggregateValue } from "../config/aggregate";
import { toCrudFilters } from "../config/filters";
import { formatNumber } from "../config/format";

type StatCardBlock = Extract<Block, { type: "STAT-CARD" }>;

/** The list query a stat card makes: one aggregate row over every matching row. */
export function statCardQuery(block: StatCardBlock, filters: CrudFilter[]) {
  return {
    pagination: { currentPage: 1, pageSize: 1 },
    filters,
    sorters: [],
    meta: { select: aggregateSelect(block.aggregate) },
  };
}

export function StatCardBlockView({ block }: { block: StatCardBlock }) {
  const { user } = useRuntime();
  const { result, query } = useList({
    resource: block.table,
    ...statCardQuery(block, toCrudFilters(block.filter, user)),
  });
  const value = aggregateValue(block.aggregate.fn, result.data[0]);
  return (
    <div className="grid gap-1" aria-live="polite">
      {query.isLoading ? (
        <Skeleton className="h-9 w-32" />
      ) : query.isError ? (
        <BlockError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <p className="text-3xl font-semibold tabular-nums">
          {value === null ? "—" : formatNumber(value, block.format)}
        </p>
      )}
    </div>
  );
}
