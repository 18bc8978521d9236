"use client";
/** TIMELINE: records newest first along a time column, 20 at a time. */
import type { Block } from "@plinth/blueprint";
import { useList } from "@refinedev/core";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { useAppLocale, useRuntime } from "../components/runtime-context";
import { formatValue } from "../config/format";
import { findColumn, findTable } from "../config/model";

type TimelineBlock = Extract<Block, { type: "TIMELINE" }>;
export const TIMELINE_PAGE = 20;

export function TimelineBlockView({ block }: { block: TimelineBlock }) {
  const { blueprint } = useRuntime();
  const locale = useAppLocale();
  const table = findTable(blueprint, block.table);
  const [limit, setLimit] = useState(TIMELINE_PAGE);
  const { result, query } = useList({
    resource: block.table,
    pagination: { currentPage: 1, pageSize: limit },
    sorters: [{ field: block.timeColumn, order: "desc" }],
    filters: [{ field: block.timeColumn, operator: "nnull", value: null }],
  });
  if (query.isLoading) return <BlockLoading rows={4} />;
  if (query.isError) return <BlockError error={query.error} onRetry={() => query.refetch()} />;
  if (result.data.length === 0) return <BlockEmpty title="Nothing has happened yet" />;
  const timeColumn = findColumn(table, block.timeColumn);
  return (
    <div className="grid gap-3">
      <ol className="border-border relative ml-2 grid gap-4 border-l pl-5">
        {result.data.map((row) => (
          <li key={String(row.id)} className="relative">
            <span
              aria-hidden="true"
              className="bg-primary ring-background absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full ring-4"
            />
            <time className="text-muted-foreground text-xs" dateTime={String(row[block.timeColumn])}>
              {formatValue(timeColumn, row[block.timeColumn], locale)}
            </time>
            <p className="font-medium">{String(row[block.titleColumn] ?? "")}</p>
            {block.descriptionColumn && row[block.descriptionColumn] ? (
              <p className="text-muted-foreground line-clamp-3 text-sm whitespace-pre-line">
                {String(row[block.descriptionColumn])}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {(result.total ?? 0) > result.data.length && (
        <Button
          size="sm"
          variant="outline"
          className="justify-self-start"
          onClick={() => setLimit((l) => l + TIMELINE_PAGE)}
          disabled={query.isFetching}
        >
          {query.isFetching ? "Loading…" : "Show older"}
        </Button>
      )}
    </div>
  );
}
