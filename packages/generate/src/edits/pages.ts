/**
 * A page added by hand in the app page's editor: a list, a board or a chart of one
 * table, with its menu entry. Pure: it changes the blueprint it is given.
 */
import { type BlueprintV2, tableBlockSchema } from "@plinth/blueprint";

type Page = BlueprintV2["ui"]["pages"][number];
type Block = Page["blocks"][number];
type ListBlock = Extract<Block, { type: "TABLE" }>;
type Table = BlueprintV2["data"]["tables"][number];

export type NewPageKind = "TABLE" | "KANBAN" | "CHART";

/** A list of a table's first six fields, with the schema's defaults for the rest (no search, filters or actions). */
function listBlock(table: Table, id: string, title: string): ListBlock {
  const columns = table.columns.slice(0, 6).map((c) => c.name);
  return tableBlockSchema.parse({ id, type: "TABLE", title, table: table.name, columns });
}

/** The fields a new page of `kind` can group by: a board needs one with choices. */
export function groupableColumns(table: Table, kind: NewPageKind): string[] {
  return table.columns.filter((c) => (kind === "KANBAN" ? c.enum : true)).map((c) => c.name);
}

/** An id no page or block has yet, built from `base`. */
function freeId(bp: BlueprintV2, base: string): string {
  const taken = new Set([...bp.ui.pages.map((p) => p.id), ...bp.ui.pages.flatMap((p) => p.blocks.map((b) => b.id))]);
  let id = base.slice(0, 50);
  for (let i = 2; taken.has(id); i++) id = `${base.slice(0, 46)}_${i}`;
  return id;
}

/** Adds a page with one list, board or chart of `tableName` and puts it in the menu; says why not when it cannot. */
export function addPage(bp: BlueprintV2, kind: NewPageKind, tableName: string, groupBy?: string): string | null {
  const table = bp.data.tables.find((t) => t.name === tableName);
  if (!table) return `There is no table called ${tableName}.`;
  const by = groupBy || groupableColumns(table, kind)[0];
  if (kind !== "TABLE" && !by) return "This table has no field with choices to group by.";
  const id = freeId(
    bp,
    `${table.name}_${kind === "TABLE" ? "list" : kind === "KANBAN" ? `by_${by}_board` : `by_${by}_chart`}`,
  );
  const name = table.label ?? table.name.replaceAll("_", " ");
  const title = `${name}${kind === "TABLE" ? "" : ` by ${by?.replaceAll("_", " ")}`}`.slice(0, 80);
  const titleColumn = table.columns.find((c) => c.type === "text" && !c.enum)?.name ?? table.columns[0]?.name ?? "id";
  const block: Block =
    kind === "TABLE"
      ? listBlock(table, id, title)
      : kind === "KANBAN"
        ? { id, type: "KANBAN", title, table: table.name, groupBy: by as string, titleColumn, cardColumns: [] }
        : {
            id,
            type: "CHART",
            title,
            table: table.name,
            chartType: "bar",
            groupBy: by as string,
            aggregate: { fn: "count" },
          };
  bp.ui.pages.push({
    id,
    route: `/${id.replaceAll("_", "-")}`,
    title,
    layout: { type: "single", config: {} },
    blocks: [block],
  });
  bp.ui.navigation.push({ label: title, page: id });
  return null;
}
