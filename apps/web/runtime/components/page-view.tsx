"use client";
/** A page of the app: its title and blocks in the page's layout (single, split, grid or tabs). */
import type { Page } from "@plinth/blueprint";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { blockVisible } from "../config/refine-config";
import { BlockCard } from "./block-view";
import { RecordScopeProvider, useRuntime } from "./runtime-context";

const GRID_COLUMNS: Record<number, string> = {
  1: "",
  2: "md:grid-cols-2",
  3: "md:grid-cols-2 lg:grid-cols-3",
  4: "md:grid-cols-2 lg:grid-cols-4",
};

/** Stat cards sit side by side in a grid; wider blocks (tables, charts, boards) take a full row. */
const NARROW = new Set(["STAT-CARD"]);

export function PageView({ page, id }: { page: Page; id?: string }) {
  const { blueprint, user } = useRuntime();
  const { layout } = page;
  // Tabs are labelled by their place in the blueprint, so the position is kept through the filter.
  const shown = page.blocks
    .map((block, index) => ({ block, index }))
    .filter(({ block }) => blockVisible(blueprint, user.role, block));
  const blocks = shown.map(({ block }) => block);
  let body: React.ReactNode;
  if (layout.type === "tabs") {
    const labels = shown.map(({ block, index }) => layout.config.tabs?.[index] ?? block.title ?? `Tab ${index + 1}`);
    body = (
      <Tabs defaultValue={blocks[0]?.id}>
        <TabsList className="max-w-full overflow-x-auto">
          {blocks.map((b, i) => (
            <TabsTrigger key={b.id} value={b.id}>
              {labels[i]}
            </TabsTrigger>
          ))}
        </TabsList>
        {blocks.map((b) => (
          <TabsContent key={b.id} value={b.id} className="mt-3">
            <BlockCard block={b} />
          </TabsContent>
        ))}
      </Tabs>
    );
  } else if (layout.type === "split") {
    const ratio = layout.config.ratio ?? 50;
    const [first, ...rest] = blocks;
    body = (
      <div
        className="grid grid-cols-1 gap-4 lg:grid-cols-[var(--split-a)_var(--split-b)]"
        style={
          { "--split-a": `minmax(0,${ratio}fr)`, "--split-b": `minmax(0,${100 - ratio}fr)` } as React.CSSProperties
        }
      >
        <div className="grid min-w-0 content-start gap-4">{first && <BlockCard block={first} />}</div>
        <div className="grid min-w-0 content-start gap-4">
          {rest.map((b) => (
            <BlockCard key={b.id} block={b} />
          ))}
        </div>
      </div>
    );
  } else if (layout.type === "grid") {
    const columns = GRID_COLUMNS[layout.config.columns ?? 2] ?? GRID_COLUMNS[2];
    body = (
      <div className={`grid grid-cols-1 gap-4 ${columns}`}>
        {blocks.map((b) => (
          <div key={b.id} className={NARROW.has(b.type) ? "min-w-0" : "col-span-full min-w-0"}>
            <BlockCard block={b} />
          </div>
        ))}
      </div>
    );
  } else {
    body = (
      <div className="grid grid-cols-1 gap-4">
        {blocks.map((b) => (
          <BlockCard key={b.id} block={b} />
        ))}
      </div>
    );
  }
  return (
    <RecordScopeProvider value={{ id }}>
      <section aria-labelledby="page-title" className="grid min-w-0 grid-cols-1 gap-4">
        <h1 id="page-title" className="text-2xl font-semibold tracking-tight">
          {page.title}
        </h1>
        {body}
      </section>
    </RecordScopeProvider>
  );
}
