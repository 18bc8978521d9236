"use client";
import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
/**
 * KANBAN: a column per enum value; dragging a card (pointer or keyboard, via dnd-kit)
 * or choosing "Move to" changes its value. The move shows at once (Refine's optimistic
 * mutation) and is rolled back with a message if the database refuses it. A card the
 * role may not change (outside its update scope, or its lane column read-only) stays put.
 */
import type { Block } from "@plinth/blueprint";
import { type BaseRecord, type HttpError, useCan, useList, useUpdate } from "@refinedev/core";
import { GripVerticalIcon } from "lucide-react";
import { BlockError, BlockLoading } from "../components/block-states";
import { useOpenModal } from "../components/modal-context";
import { useRuntime, useTexts } from "../components/runtime-context";
import { Value } from "../components/value";
import { describeRefusal, readOnlyColumns } from "../config/access";
import { humanizeEnum } from "../config/format";
import { columnLabel, findColumn, findTable } from "../config/model";
import { can, pagePath } from "../config/refine-config";
import { describeDbError } from "../data/db-errors";
import { type LookupLabels, useLookupLabels } from "../data/use-lookups";
import { laneKeyboardCoordinates } from "./kanban-keyboard";

type KanbanBlock = Extract<Block, { type: "KANBAN" }>;

export const KANBAN_ROW_LIMIT = 500;

export function KanbanBlockView({ block }: { block: KanbanBlock }) {
  const { blueprint, user } = useRuntime();
  const t = useTexts();
  const table = findTable(blueprint, block.table);
  const groupColumn = findColumn(table, block.groupBy);
  const lanes = groupColumn?.enum ?? [];
  const { result, query } = useList({
    resource: block.table,
    pagination: { currentPage: 1, pageSize: KANBAN_ROW_LIMIT },
    sorters: [{ field: "updated_at", order: "desc" }],
  });
  const labels = useLookupLabels(block.table, block.cardColumns, result.data);
  const { data: canUpdate } = useCan({ resource: block.table, action: "edit" });
  const { mutate: update } = useUpdate();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: laneKeyboardCoordinates }),
  );

  const move = (id: string, lane: string) => {
    const row = result.data.find((r) => String(r.id) === id);
    if (!row || row[block.groupBy] === lane) return;
    update({
      resource: block.table,
      id,
      values: { [block.groupBy]: lane },
      mutationMode: "optimistic",
      successNotification: false,
      errorNotification: (error) => ({
        type: "error",
        message: `Could not move “${String(row[block.titleColumn] ?? id)}” to ${humanizeEnum(lane)}`,
        description: error
          ? describeDbError(
              error as HttpError,
              [block.groupBy],
              describeRefusal(blueprint, user.role, block.table, "update", [block.groupBy]),
            ).message
          : undefined,
      }),
    });
  };
  const onDragEnd = (event: DragEndEvent) => {
    if (event.over) move(String(event.active.id), String(event.over.id));
  };

  if (lanes.length === 0)
    return (
      <p className="text-muted-foreground text-sm">
        {columnLabel(table, block.groupBy)} has no list of values to make columns from.
      </p>
    );
  if (query.isLoading) return <BlockLoading rows={4} />;
  if (query.isError) return <BlockError error={query.error} onRetry={() => query.refetch()} />;
  const movable = (row: BaseRecord) =>
    canUpdate?.can === true &&
    !readOnlyColumns(blueprint, user.role, block.table).includes(block.groupBy) &&
    can(blueprint, user.role, block.table, "edit", { row, user });
  return (
    <DndContext
      sensors={sensors}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: {
          draggable: t.kanbanMoveHint,
        },
      }}
    >
      <div className="flex snap-x gap-3 overflow-x-auto pb-2">
        {lanes.map((lane) => {
          const cards = result.data.filter((r) => r[block.groupBy] === lane);
          return (
            <Lane key={lane} lane={lane} count={cards.length}>
              {cards.map((row) => (
                <Card
                  key={String(row.id)}
                  block={block}
                  row={row}
                  lanes={lanes}
                  movable={movable(row)}
                  labels={labels}
                  onMove={move}
                />
              ))}
            </Lane>
          );
        })}
      </div>
      {(result.total ?? 0) > result.data.length && (
        <p className="text-muted-foreground text-xs">
          Showing the {KANBAN_ROW_LIMIT} most recently changed of {result.total} records.
        </p>
      )}
    </DndContext>
  );
}

function Lane({ lane, count, children }: { lane: string; count: number; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: lane });
  return (
    <section
      ref={setNodeRef}
      aria-label={`${humanizeEnum(lane)} (${count})`}
      className={`bg-muted/40 flex w-72 shrink-0 snap-start flex-col gap-2 rounded-lg border p-2 ${isOver ? "ring-primary ring-2" : ""}`}
    >
      <h3 className="flex items-center justify-between px-1 text-sm font-medium">
        {humanizeEnum(lane)}
        <span className="text-muted-foreground tabular-nums">{count}</span>
      </h3>
      <div className="flex min-h-16 flex-col gap-2">{children}</div>
    </section>
  );
}

function Card({
  block,
  row,
  lanes,
  movable,
  labels,
  onMove,
}: {
  block: KanbanBlock;
  row: BaseRecord;
  lanes: string[];
  movable: boolean;
  labels: LookupLabels;
  onMove: (id: string, lane: string) => void;
}) {
  const { blueprint, basePath, navigate } = useRuntime();
  const openModal = useOpenModal();
  const table = findTable(blueprint, block.table);
  const id = String(row.id);
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id, disabled: !movable });
  const showPage = blueprint.ui.pages.find(
    (p) => p.route.includes(":id") && p.blocks.some((b) => b.type === "DETAIL" && b.table === block.table),
  );
  const title = String(row[block.titleColumn] ?? "Untitled");
  const open = () =>
    showPage
      ? navigate(pagePath(basePath, showPage, id))
      : openModal({ form: { table: block.table, mode: "edit" }, scope: { id } });
  return (
    <article
      ref={setNodeRef}
      style={transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined}
      className={`bg-card grid gap-1.5 rounded-md border p-3 text-sm shadow-xs ${isDragging ? "z-10 opacity-80 shadow-lg" : ""} ${movable ? "cursor-grab" : ""}`}
      aria-label={title}
      onPointerDown={movable ? (listeners?.onPointerDown as React.PointerEventHandler | undefined) : undefined}
    >
      <div className="flex items-start gap-1">
        <button
          type="button"
          className="min-w-0 flex-1 text-left font-medium hover:underline"
          onClick={open}
          onPointerDown={(e) => e.stopPropagation()}
        >
          {title}
        </button>
        {movable && (
          <button
            type="button"
            className="text-muted-foreground hover:text-foreground -mr-1 rounded p-0.5"
            {...attributes}
            {...listeners}
            aria-roledescription="draggable card"
            aria-label={`Drag ${title}`}
          >
            <GripVerticalIcon className="size-4" aria-hidden="true" />
          </button>
        )}
      </div>
      {block.cardColumns.map((name) => (
        <div key={name} className="text-muted-foreground flex gap-1 text-xs">
          <span>{columnLabel(table, name)}:</span>
          <Value column={findColumn(table, name)} value={row[name]} lookup={labels[name]} />
        </div>
      ))}
      {movable && (
        <label
          className="text-muted-foreground mt-1 flex items-center gap-1 text-xs"
          onPointerDown={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
        >
          Move to
          <select
            className="bg-background rounded border px-1 py-0.5"
            value={String(row[block.groupBy] ?? "")}
            onChange={(e) => onMove(id, e.target.value)}
          >
            {lanes.map((lane) => (
              <option key={lane} value={lane}>
                {humanizeEnum(lane)}
              </option>
            ))}
          </select>
        </label>
      )}
    </article>
  );
}
