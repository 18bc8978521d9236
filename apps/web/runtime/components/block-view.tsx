"use client";
/** One block of a page or modal: its title, a card around it, and the renderer for its type. */
import type { Block } from "@plinth/blueprint";
import dynamic from "next/dynamic";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ChatBlockView } from "../blocks/chat-block";
import { DetailBlockView } from "../blocks/detail-block";
import { FormBlockView } from "../blocks/form-block";
import { GalleryBlockView } from "../blocks/gallery-block";
import { StatCardBlockView } from "../blocks/stat-card-block";
import { TableBlockView } from "../blocks/table-block";
import { TimelineBlockView } from "../blocks/timeline-block";
import { TreeBlockView } from "../blocks/tree-block";
import { blockVisible } from "../config/refine-config";
import { BlockLoading } from "./block-states";
import { useRuntime } from "./runtime-context";

/*
 * The blocks with heavy libraries (recharts with its d3 parts, dnd-kit) and the calendar
 * load when a page shows one, not with the runtime: an app's first page that has none
 * of them paints without waiting for them (measured by `npm run bench -- runtime-render`).
 */
const ChartBlockView = dynamic(() => import("../blocks/chart-block").then((m) => m.ChartBlockView), {
  ssr: false,
  loading: () => <BlockLoading />,
});
const KanbanBlockView = dynamic(() => import("../blocks/kanban-block").then((m) => m.KanbanBlockView), {
  ssr: false,
  loading: () => <BlockLoading />,
});
const CalendarBlockView = dynamic(() => import("../blocks/calendar-block").then((m) => m.CalendarBlockView), {
  ssr: false,
  loading: () => <BlockLoading />,
});

export function BlockBody({ block }: { block: Block }) {
  switch (block.type) {
    case "TABLE":
      return <TableBlockView block={block} />;
    case "FORM":
      return <FormBlockView block={block} />;
    case "DETAIL":
      return <DetailBlockView block={block} />;
    case "STAT-CARD":
      return <StatCardBlockView block={block} />;
    case "CHART":
      return <ChartBlockView block={block} />;
    case "KANBAN":
      return <KanbanBlockView block={block} />;
    case "CALENDAR":
      return <CalendarBlockView block={block} />;
    case "TIMELINE":
      return <TimelineBlockView block={block} />;
    case "CHAT":
      return <ChatBlockView block={block} />;
    case "GALLERY":
      return <GalleryBlockView block={block} />;
    case "TREE":
      return <TreeBlockView block={block} />;
  }
}

export function BlockCard({ block, bare = false }: { block: Block; bare?: boolean }) {
  const { blueprint, user } = useRuntime();
  if (!blockVisible(blueprint, user.role, block)) return null;
  if (bare) return <BlockBody block={block} />;
  return (
    <Card data-block={block.id} data-block-type={block.type} className="min-w-0 gap-3">
      {block.title && (
        <CardHeader>
          <CardTitle className={block.type === "STAT-CARD" ? "text-muted-foreground text-sm font-medium" : undefined}>
            <h2>{block.title}</h2>
          </CardTitle>
        </CardHeader>
      )}
      <CardContent className="min-w-0">
        <BlockBody block={block} />
      </CardContent>
    </Card>
  );
}
