"use client";
/** STAT-CARD: one number over a filtered table, computed by the database (see data/use-aggregate.ts). */
import type { Block } from "@plinth/blueprint";
import { Skeleton } from "@/components/ui/skeleton";
import { BlockError } from "../components/block-states";
import { useAppLocale, useRuntime } from "../components/runtime-context";
import { aggregateValue, partialNote } from "../config/aggregate";
import { toCrudFilters } from "../config/filters";
import { formatNumber } from "../config/format";
import { useAggregate } from "../data/use-aggregate";

type StatCardBlock = Extract<Block, { type: "STAT-CARD" }>;

export function StatCardBlockView({ block }: { block: StatCardBlock }) {
  const { user } = useRuntime();
  const locale = useAppLocale();
  const { rows, query, partialOf } = useAggregate(block.table, block.aggregate, toCrudFilters(block.filter, user));
  const value = aggregateValue(block.aggregate.fn, rows[0]);
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
      {partialOf !== undefined && <p className="text-muted-foreground text-xs">{partialNote(partialOf)}</p>}
    </div>
  );
}
