"use client";
/**
 * CALENDAR: month or week over a date column; click a day to add a record on it, an
 * event to open it. An event carries the initials of its table's first people column.
 */
import type { Block } from "@plinth/blueprint";
import { useCan, useList } from "@refinedev/core";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { BlockError } from "../components/block-states";
import { useOpenModal } from "../components/modal-context";
import { Person } from "../components/person";
import { useRuntime } from "../components/runtime-context";
import { addDays, dayKey, eventDay, visibleDays } from "../config/calendar";
import { findColumn, findTable } from "../config/model";
import { pagePath } from "../config/refine-config";

type CalendarBlock = Extract<Block, { type: "CALENDAR" }>;

export function calendarRange(days: Date[], isTimestamp: boolean): { from: string; to: string } {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  if (!isTimestamp) return { from: dayKey(first), to: dayKey(last) };
  return { from: first.toISOString(), to: addDays(last, 1).toISOString() };
}

export function CalendarBlockView({ block }: { block: CalendarBlock }) {
  const { blueprint, basePath, navigate } = useRuntime();
  const openModal = useOpenModal();
  const table = findTable(blueprint, block.table);
  const isTimestamp = findColumn(table, block.dateColumn)?.type === "timestamptz";
  const person = table?.columns.find((c) => c.type === "user")?.name;
  const [view, setView] = useState(block.defaultView);
  const [anchor, setAnchor] = useState(() => new Date());
  const days = visibleDays(anchor, view);
  const range = calendarRange(days, isTimestamp);
  const { result, query } = useList({
    resource: block.table,
    pagination: { currentPage: 1, pageSize: 500 },
    sorters: [{ field: block.dateColumn, order: "asc" }],
    filters: [
      { field: block.dateColumn, operator: "gte", value: range.from },
      { field: block.dateColumn, operator: isTimestamp ? "lt" : "lte", value: range.to },
    ],
  });
  const { data: canCreate } = useCan({ resource: block.table, action: "create" });
  const showPage = blueprint.ui.pages.find(
    (p) => p.route.includes(":id") && p.blocks.some((b) => b.type === "DETAIL" && b.table === block.table),
  );
  const byDay = new Map<string, typeof result.data>();
  for (const row of result.data) {
    const key = eventDay(row[block.dateColumn], isTimestamp);
    if (key) byDay.set(key, [...(byDay.get(key) ?? []), row]);
  }
  const today = dayKey(new Date());
  const step = (direction: 1 | -1) =>
    setAnchor((a) =>
      view === "week" ? addDays(a, 7 * direction) : new Date(a.getFullYear(), a.getMonth() + direction, 1),
    );
  const heading =
    view === "month"
      ? anchor.toLocaleDateString(undefined, { month: "long", year: "numeric" })
      : `${days[0]!.toLocaleDateString(undefined, { day: "numeric", month: "short" })} – ${days[6]!.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" })}`;
  const openEvent = (id: string) =>
    showPage
      ? navigate(pagePath(basePath, showPage, id))
      : openModal({ form: { table: block.table, mode: "edit" }, scope: { id } });
  const createOn = (day: string) =>
    openModal({
      form: { table: block.table, mode: "create" },
      scope: { defaults: { [block.dateColumn]: isTimestamp ? new Date(`${day}T09:00`).toISOString() : day } },
    });

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="icon" variant="outline" aria-label="Previous" onClick={() => step(-1)}>
          <ChevronLeftIcon />
        </Button>
        <Button size="icon" variant="outline" aria-label="Next" onClick={() => step(1)}>
          <ChevronRightIcon />
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setAnchor(new Date())}>
          Today
        </Button>
        <h3 className="font-medium" aria-live="polite">
          {heading}
        </h3>
        <fieldset className="ml-auto flex rounded-md border p-0.5">
          <legend className="sr-only">View</legend>
          {(["month", "week"] as const).map((v) => (
            <Button
              key={v}
              size="sm"
              variant={view === v ? "secondary" : "ghost"}
              aria-pressed={view === v}
              onClick={() => setView(v)}
            >
              {v === "month" ? "Month" : "Week"}
            </Button>
          ))}
        </fieldset>
      </div>
      {query.isError && <BlockError error={query.error} onRetry={() => query.refetch()} />}
      <div className="grid grid-cols-7 overflow-hidden rounded-lg border text-xs" aria-busy={query.isLoading}>
        {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => (
          <div key={d} className="bg-muted/50 px-1 py-1 text-center font-medium sm:px-2">
            {d}
          </div>
        ))}
        {days.map((day) => {
          const key = dayKey(day);
          const events = byDay.get(key) ?? [];
          const outside = view === "month" && day.getMonth() !== anchor.getMonth();
          return (
            <div
              key={key}
              className={`flex flex-col gap-1 border-t border-l p-1 ${view === "week" ? "min-h-40" : "min-h-20 sm:min-h-24"} ${outside ? "bg-muted/30 text-muted-foreground" : ""}`}
            >
              {canCreate?.can ? (
                <button
                  type="button"
                  className={`self-start rounded px-1 hover:bg-accent ${key === today ? "bg-primary text-primary-foreground" : ""}`}
                  aria-label={`Add on ${day.toLocaleDateString(undefined, { dateStyle: "full" })}`}
                  onClick={() => createOn(key)}
                >
                  {day.getDate()}
                </button>
              ) : (
                <span
                  className={`self-start rounded px-1 ${key === today ? "bg-primary text-primary-foreground" : ""}`}
                >
                  {day.getDate()}
                </span>
              )}
              {events.map((row) => (
                <button
                  type="button"
                  key={String(row.id)}
                  className="bg-primary/10 text-primary hover:bg-primary/20 flex min-w-0 items-center gap-1 rounded px-1 py-0.5 text-left"
                  onClick={() => openEvent(String(row.id))}
                  title={String(row[block.titleColumn] ?? "")}
                >
                  {person && row[person] ? <Person id={String(row[person])} compact /> : null}
                  <span className="truncate">{String(row[block.titleColumn] ?? "Untitled")}</span>
                </button>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
