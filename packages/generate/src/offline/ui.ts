/**
 * UI composition: for every table a list page (TABLE), a form modal (FORM) and a
 * detail page (DETAIL with its related records), plus the views its columns call
 * for — KANBAN for a status, CALENDAR for dates, GALLERY for images, TREE for a
 * parent_id hierarchy, CHAT for messages — and a dashboard of STAT-CARDs, a CHART
 * and a TIMELINE.
 */
import type { BlueprintV2Input } from "@plinth/blueprint";
import type { ColumnDef } from "./columns.js";
import { type RelationshipDef, type TableDef, titleColumn } from "./data.js";
import { ENTITIES } from "./domain.js";
import { ENGLISH_UI, type UiWords } from "./localize.js";
import { singular, titleCase } from "./words.js";

type Ui = BlueprintV2Input["ui"];
type Page = Ui["pages"][number];
type Block = Page["blocks"][number];
type Modal = NonNullable<Ui["modals"]>[number];
type NavItem = NonNullable<Ui["navigation"]>[number];

export interface UiModel {
  tables: TableDef[];
  relationships: RelationshipDef[];
}

export interface TableUi {
  pages: Page[];
  modals: Modal[];
  navigation: NavItem[];
}

const HIDDEN = new Set(["owner_id", "assignee_id", "team_id", "parent_id"]);
const CALENDAR_DATE = /(due|start|scheduled|deadline|^date$|_date$|_at$|_on$|^when$)/;
const NOT_CALENDAR =
  /(birth|hire|joined|purchased|serviced|lease|published|happened|moved|opened|taken|applied|issued|received|paid|borrowed|renews|valid|expected_on|attended|order_date|spent|work_date|close_date)/;
const LOG_TIME = /(happened|occurred|logged|moved|sent|posted)_at$/;

/** `words`: the UI's own words in the app's language (English unless the prompt was in another). */
export function composeUi(model: UiModel, words: UiWords = ENGLISH_UI): Ui {
  const parts = model.tables.map((t) => tableUi(t, model, words));
  const dashboard = dashboardPage(model, words);
  return {
    navigation: [
      ...(dashboard ? [{ label: words.dashboard, page: "dashboard", icon: "layout-dashboard" }] : []),
      ...parts.flatMap((p) => p.navigation),
    ],
    pages: [...(dashboard ? [dashboard] : []), ...parts.flatMap((p) => p.pages)],
    modals: parts.flatMap((p) => p.modals),
  };
}

/** Every page and modal one table needs; refine uses it for a table it adds. */
export function tableUi(table: TableDef, model: UiModel, words: UiWords = ENGLISH_UI): TableUi {
  const t = table.name;
  const label = table.label ?? titleCase(t);
  const one = words === ENGLISH_UI ? titleCase(singular(t)).toLowerCase() : words.one(label);
  const route = `/${t.replaceAll("_", "-")}`;
  const icon = ENTITIES.find((e) => e.table === t)?.icon ?? "table";
  const title = titleColumn(table);
  const visible = table.columns.filter((c) => !HIDDEN.has(c.name) && c.type !== "jsonb");
  const listed = visible.filter((c) => c.format !== "markdown" && c.format !== "image_url").slice(0, 6);
  const enumCol = statusColumn(table);
  const dateCol = table.columns.find(
    (c) => (c.type === "date" || c.type === "timestamptz") && CALENDAR_DATE.test(c.name) && !NOT_CALENDAR.test(c.name),
  );
  const imageCol = table.columns.find((c) => c.format === "image_url");
  const isTree = model.relationships.some((r) => r.fromTable === t && r.toTable === t && r.fromColumn === "parent_id");
  const isChat = /^(messages|comments|chat_messages)$/.test(t) && table.columns.some((c) => c.name === "body");
  const form = `${t}_form`;

  const pages: Page[] = [];
  const navigation: NavItem[] = [];
  const page = (id: string, path: string, pageTitle: string, block: Block, nav = true) => {
    pages.push({ id, route: path, title: pageTitle.slice(0, 80), icon, blocks: [block] });
    if (nav) navigation.push({ label: pageTitle.slice(0, 80), page: id, icon });
  };

  /** Another view of the table (a board, a calendar, …) on its own page below the table's route. */
  const view = (name: "board" | "calendar" | "gallery" | "tree" | "chat", block: Block) =>
    page(`${t}_${name}`, `${route}/${name}`, words[name](label), block);

  page(t, route, label, {
    id: `${t}_list`,
    type: "TABLE",
    table: t,
    columns: [title, ...listed.map((c) => c.name).filter((n) => n !== title)].slice(0, 6),
    searchColumns: visible
      .filter((c) => c.type === "text" && !c.enum && !c.format)
      .map((c) => c.name)
      .slice(0, 2),
    filterColumns: visible
      .filter((c) => c.enum || c.type === "date")
      .map((c) => c.name)
      .slice(0, 3),
    rowActions: [
      { type: "navigate", label: words.open, page: `${t}_detail` },
      { type: "edit", modal: form },
      { type: "delete" },
    ],
    toolbarActions: [{ type: "create", label: words.newRecord(one).slice(0, 80), modal: form }],
  });
  page(
    `${t}_detail`,
    `${route}/:id`,
    titleCase(one),
    {
      id: `${t}_record`,
      type: "DETAIL",
      table: t,
      fields: visible.map((c) => c.name).slice(0, 14),
      related: model.relationships
        .filter((r) => r.type === "many_to_one" && r.toTable === t && r.fromTable !== t)
        .flatMap((r) => {
          const child = model.tables.find((x) => x.name === r.fromTable);
          if (!child) return [];
          const cols = child.columns.filter(
            (c) => !HIDDEN.has(c.name) && c.name !== r.fromColumn && c.format !== "markdown",
          );
          return [
            {
              table: child.name,
              column: r.fromColumn,
              columns: cols.map((c) => c.name).slice(0, 4),
              title: child.label,
            },
          ];
        })
        .filter((r) => r.columns.length > 0),
      actions: [{ type: "edit", modal: form }, { type: "delete" }],
    },
    false,
  );
  if (enumCol) {
    view("board", {
      id: `${t}_cards`,
      type: "KANBAN",
      table: t,
      groupBy: enumCol.name,
      titleColumn: title,
      cardColumns: listed
        .map((c) => c.name)
        .filter((n) => n !== title && n !== enumCol.name)
        .slice(0, 2),
    });
  }
  if (dateCol) {
    const end = table.columns.find((c) => c.type === dateCol.type && c !== dateCol && /(end|ends)/.test(c.name));
    view("calendar", {
      id: `${t}_dates`,
      type: "CALENDAR",
      table: t,
      dateColumn: dateCol.name,
      ...(end ? { endDateColumn: end.name } : {}),
      titleColumn: title,
    });
  }
  if (imageCol) {
    view("gallery", { id: `${t}_images`, type: "GALLERY", table: t, imageColumn: imageCol.name, titleColumn: title });
  }
  if (isTree) {
    view("tree", { id: `${t}_hierarchy`, type: "TREE", table: t, parentColumn: "parent_id", labelColumn: title });
  }
  if (isChat) {
    const thread = model.relationships.find((r) => r.fromTable === t && r.toTable !== t);
    view("chat", {
      id: `${t}_thread`,
      type: "CHAT",
      table: t,
      bodyColumn: "body",
      ...(thread ? { threadColumn: thread.fromColumn } : {}),
    });
  }

  const fields = table.columns.filter((c) => !HIDDEN.has(c.name) || c.name === "parent_id").map((c) => c.name);
  const modals: Modal[] = [
    {
      id: form,
      title: titleCase(one),
      size: "md",
      blocks: [
        {
          id: `${t}_fields`,
          type: "FORM",
          table: t,
          mode: "edit",
          fields: fields.length ? fields.slice(0, 30) : [title],
        },
      ],
    },
  ];
  return { pages, modals, navigation };
}

function statusColumn(table: TableDef): ColumnDef | undefined {
  const enums = table.columns.filter((c) => c.enum && c.enum.length >= 2);
  return (
    enums.find((c) => /^(status|stage|state)$|_status$|_stage$/.test(c.name)) ??
    enums.find((c) => c.name === "priority")
  );
}

function dashboardPage(model: UiModel, words: UiWords): Page | null {
  const blocks: Block[] = [];
  for (const table of model.tables.slice(0, 3)) {
    blocks.push({
      id: `count_${table.name}`,
      type: "STAT-CARD",
      title: `${table.label ?? titleCase(table.name)}`.slice(0, 80),
      table: table.name,
      aggregate: { fn: "count" },
    });
  }
  const money = model.tables
    .flatMap((t) => t.columns.filter((c) => c.format === "currency").map((c) => ({ t, c })))
    .at(0);
  if (money) {
    blocks.push({
      id: `sum_${money.t.name}`,
      type: "STAT-CARD",
      title: words
        .total((money.c.label ?? money.c.name).toLowerCase(), (money.t.label ?? money.t.name).toLowerCase())
        .slice(0, 80),
      table: money.t.name,
      aggregate: { fn: "sum", column: money.c.name },
      format: "currency",
    });
  }
  const grouped = model.tables.map((t) => ({ t, c: statusColumn(t) })).find((x) => x.c);
  if (grouped?.c) {
    blocks.push({
      id: `chart_${grouped.t.name}`,
      type: "CHART",
      title: words
        .by(grouped.t.label ?? grouped.t.name, (grouped.c.label ?? grouped.c.name).toLowerCase())
        .slice(0, 80),
      table: grouped.t.name,
      chartType: "bar",
      groupBy: grouped.c.name,
      aggregate: { fn: "count" },
    });
  }
  const log = model.tables
    .map((t) => ({ t, c: t.columns.find((c) => c.type === "timestamptz" && LOG_TIME.test(c.name)) }))
    .find((x) => x.c);
  if (log?.c) {
    blocks.push({
      id: `timeline_${log.t.name}`,
      type: "TIMELINE",
      title: words.recent((log.t.label ?? log.t.name).toLowerCase()).slice(0, 80),
      table: log.t.name,
      timeColumn: log.c.name,
      titleColumn: titleColumn(log.t),
    });
  }
  if (blocks.length === 0) return null;
  return {
    id: "dashboard",
    route: "/",
    title: words.dashboard,
    icon: "layout-dashboard",
    layout: { type: "grid", config: { columns: 3 } },
    blocks,
  };
}
