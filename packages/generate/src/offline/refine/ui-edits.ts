/** Pages and blocks: add a board, chart, calendar or list; remove a page or a block; move a page in the menu. */
import { tableBlockSchema, toIdentifier } from "@plinth/blueprint";
import { titleColumn } from "../data.js";
import { titleCase } from "../words.js";
import { bare, findColumn, findTable, noColumn, noTable } from "./find.js";
import { pruneEmpty } from "./references.js";
import { applied, type Block, type Blueprint, type Outcome, refused, type Table } from "./types.js";

type Page = Blueprint["ui"]["pages"][number];

function findPage(bp: Blueprint, words: string): Page | undefined {
  const w = bare(words);
  return (
    bp.ui.pages.find(
      (p) =>
        p.id === toIdentifier(w) ||
        p.title.toLowerCase() === w ||
        bp.ui.navigation.some((n) => n.page === p.id && n.label.toLowerCase() === w),
    ) ?? (/^(?:dashboard|home|overview|start|front)(?: page)?$/.test(w) ? dashboard(bp) : undefined)
  );
}

/** The page founders call "the dashboard": the one named so, or the one with the most figures. */
function dashboard(bp: Blueprint): Page | undefined {
  const named = bp.ui.pages.find((p) => ["dashboard", "home", "overview", "insights"].includes(p.id));
  if (named) return named;
  const figures = (p: Page) => p.blocks.filter((b) => b.type === "STAT-CARD" || b.type === "CHART").length;
  return [...bp.ui.pages].sort((a, b) => figures(b) - figures(a)).find((p) => figures(p) > 0);
}

function uniqueId(taken: string[], base: string): string {
  let id = base.slice(0, 50);
  for (let i = 2; taken.includes(id); i++) id = `${base.slice(0, 46)}_${i}`;
  return id;
}

const blockIds = (bp: Blueprint) => [...bp.ui.pages, ...bp.ui.modals].flatMap((p) => p.blocks.map((b) => b.id));

function dateColumn(table: Table): string | undefined {
  return table.columns.find((c) => c.type === "date" || c.type === "timestamptz")?.name;
}
function moneyColumn(table: Table): string | undefined {
  return (
    table.columns.find((c) => c.format === "currency")?.name ??
    table.columns.find((c) => c.type === "float" || c.type === "int")?.name
  );
}

/** The grouping column in "by status", "by month", "per category". */
function groupColumn(table: Table, words: string): string | { problem: string } {
  const w = bare(words);
  if (/^(?:month|week|day|date|year|time)$/.test(w)) {
    return (
      dateColumn(table) ?? {
        problem: `${table.name} has no date field to group by ${w}; add one first ("add a date to ${table.name}")`,
      }
    );
  }
  const column = findColumn(table, w);
  return column ? column.name : { problem: noColumn(table, w) };
}

/**
 * "add a board of tickets by status", "put a chart of expenses by month on the dashboard",
 * "add a calendar of tasks", "add a list of suppliers".
 */
export function addBlock(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    /^(?:please\s+)?(?:add|put|show|create|include)\s+(?:a\s+|an\s+)?(kanban(?: board)?|board|(?:bar |line |pie |area )?(?:chart|graph)|calendar|table|list|timeline)\s+(?:of|for|with|showing)\s+(?:the\s+|all\s+)?(.+?)(?:\s+(?:by|per|grouped by|over)\s+(.+?))?(?:\s+(?:on|to|in)\s+(?:the\s+)?(.+?))?$/,
  );
  if (!m?.[1] || !m[2]) return null;
  const kind = m[1];
  // "a chart of the amount of expenses": the value charted, then the table.
  const charted = m[2].match(/^(?:total\s+|sum of\s+)?(.+?)\s+of\s+(?:the\s+)?(.+)$/);
  const table = findTable(bp, charted?.[2] ?? m[2]) ?? findTable(bp, m[2]);
  if (!table) return refused(`${noTable(bp, m[2])}.`);
  const title = titleCase(`${table.label ?? table.name}${m[3] ? ` by ${bare(m[3])}` : ""}`).slice(0, 80);
  const ids = blockIds(bp);
  let block: Block;
  if (/kanban|board/.test(kind)) {
    const by = m[3] ? groupColumn(table, m[3]) : table.columns.find((c) => c.enum)?.name;
    if (!by)
      return refused(
        `a board groups ${table.name} by a field with choices, and it has none; add one first ("add a status field with choices a, b, c to ${table.name}").`,
      );
    if (typeof by !== "string") return refused(`${by.problem}.`);
    if (!table.columns.find((c) => c.name === by)?.enum) {
      return refused(
        `a board's columns are the choices of a field; ${table.name}.${by} has none. Nearest: a chart of ${table.name} by ${by} ("add a chart of ${table.name} by ${by}").`,
      );
    }
    block = {
      id: uniqueId(ids, `${table.name}_by_${by}_board`),
      type: "KANBAN",
      title,
      table: table.name,
      groupBy: by,
      titleColumn: titleColumn(table),
      cardColumns: [],
    };
  } else if (/chart|graph/.test(kind)) {
    if (!m[3])
      return refused(
        `say what to group the chart by, e.g. "a chart of ${table.name} by ${table.columns.find((c) => c.enum)?.name ?? "month"}".`,
      );
    const by = groupColumn(table, m[3]);
    if (typeof by !== "string") return refused(`${by.problem}.`);
    const valueColumn = charted ? findColumn(table, charted[1] ?? "")?.name : undefined;
    const sum =
      valueColumn ??
      (/expense|spend|revenue|sales|cost|amount|value|budget/.test(m[2]) ? moneyColumn(table) : undefined);
    const chartType = (kind.match(/^(bar|line|pie|area)/)?.[1] ??
      (/month|week|day|date|year|time/.test(m[3]) ? "line" : "bar")) as "bar" | "line" | "pie" | "area";
    block = {
      id: uniqueId(ids, `${table.name}_by_${by}_chart`),
      type: "CHART",
      title,
      table: table.name,
      chartType,
      groupBy: by,
      aggregate: sum ? { fn: "sum", column: sum } : { fn: "count" },
    };
  } else if (kind === "calendar" || kind === "timeline") {
    const date = dateColumn(table);
    if (!date)
      return refused(
        `${table.name} has no date field for a ${kind}; add one first ("add a due date to ${table.name}").`,
      );
    const dated = {
      id: uniqueId(ids, `${table.name}_${kind}`),
      title,
      table: table.name,
      titleColumn: titleColumn(table),
    };
    block =
      kind === "calendar"
        ? { ...dated, type: "CALENDAR", dateColumn: date, defaultView: "month" }
        : { ...dated, type: "TIMELINE", timeColumn: date };
  } else {
    // Paging, search, filters and actions: the blueprint's own defaults for a list.
    block = tableBlockSchema.parse({
      id: uniqueId(ids, `${table.name}_list`),
      type: "TABLE",
      title,
      table: table.name,
      columns: table.columns.slice(0, 6).map((c) => c.name),
    });
  }
  if (m[4]) {
    const page = findPage(bp, m[4]);
    if (!page)
      return refused(
        `there is no page called "${bare(m[4])}"; the pages are ${bp.ui.pages.map((p) => p.id).join(", ")}.`,
      );
    if (page.blocks.length >= 20)
      return refused(`the ${page.id} page already has 20 blocks; put it on a new page instead.`);
    page.blocks.push(block);
    if (page.layout.type === "tabs") page.layout.config.tabs = [...(page.layout.config.tabs ?? []), title];
    return applied(`Added "${title}" (${block.type.toLowerCase()}) to the ${page.id} page.`);
  }
  if (bp.ui.pages.length >= 60) return refused("the app already has 60 pages; add it to an existing page instead.");
  const pageId = uniqueId(
    bp.ui.pages.map((p) => p.id),
    block.id,
  );
  const route = `/${pageId.replaceAll("_", "-")}`;
  bp.ui.pages.push({ id: pageId, route, title, layout: { type: "single", config: {} }, blocks: [block] });
  bp.ui.navigation.push({ label: title, page: pageId });
  return applied(`Added the page "${title}" with a ${block.type.toLowerCase()} of ${table.name}.`);
}

/** "remove the board page", "remove the tickets by category chart", "remove the gallery from the candidates page". */
export function removeUi(bp: Blueprint, clause: string): Outcome {
  const page = clause.match(
    /^(?:please\s+)?(?:remove|delete|drop|hide)\s+(?:the\s+)?(.+?)\s+page(?:\s+from\s+the\s+(?:menu|navigation))?$/,
  );
  if (page?.[1]) {
    const found = findPage(bp, page[1]);
    if (!found)
      return refused(
        `there is no page called "${bare(page[1])}"; the pages are ${bp.ui.pages.map((p) => p.id).join(", ")}.`,
      );
    if (bp.ui.pages.length === 1) return refused("this is the app's only page; add another page first.");
    found.blocks = [];
    pruneEmpty(bp);
    return applied(`Removed the ${found.id} page and its menu entry; no data changes.`);
  }
  const block = clause.match(
    /^(?:please\s+)?(?:remove|delete|drop|hide)\s+(?:the\s+)?(.+?)(?:\s+(?:chart|graph|board|block|card|calendar|gallery|list|timeline|tree|form))?(?:\s+from\s+(?:the\s+)?(.+?)(?:\s+page)?)?$/,
  );
  if (!block?.[1]) return null;
  const pages = block[2] ? [findPage(bp, block[2])] : [...bp.ui.pages, ...bp.ui.modals];
  if (pages.some((p) => !p)) return null;
  const w = bare(block[1]);
  for (const p of pages as (Page | Blueprint["ui"]["modals"][number])[]) {
    const hit = p.blocks.find((b) => b.id === toIdentifier(w) || (b.title ?? "").toLowerCase() === w);
    if (!hit) continue;
    const index = p.blocks.indexOf(hit);
    p.blocks = p.blocks.filter((b) => b !== hit);
    if ("layout" in p && p.layout.type === "tabs" && p.layout.config.tabs)
      p.layout.config.tabs = p.layout.config.tabs.filter((_, i) => i !== index);
    if (p.blocks.length === 0 && bp.ui.pages.length === 1 && "route" in p)
      return refused("that block is all the app's only page shows; add another block first.");
    pruneEmpty(bp);
    return applied(`Removed "${hit.title ?? hit.id}" from ${p.id}; no data changes.`);
  }
  return null;
}

/** "move the board page to the top", "put calendar first in the menu". */
export function movePage(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    /^(?:please\s+)?(?:move|put)\s+(?:the\s+)?(.+?)(?:\s+page)?\s+(?:to the top|first|to the start|to the bottom|last|to the end)(?:\s+(?:of|in)\s+the\s+(?:menu|navigation))?$/,
  );
  if (!m?.[1]) return null;
  const page = findPage(bp, m[1]);
  if (!page)
    return refused(
      `there is no page called "${bare(m[1])}"; the pages are ${bp.ui.pages.map((p) => p.id).join(", ")}.`,
    );
  const item = bp.ui.navigation.find((n) => n.page === page.id);
  if (!item) return refused(`the ${page.id} page is not in the menu (it opens from another page).`);
  const rest = bp.ui.navigation.filter((n) => n !== item);
  const last = /bottom|last|end/.test(clause);
  bp.ui.navigation = last ? [...rest, item] : [item, ...rest];
  return applied(`Moved ${item.label} to the ${last ? "end" : "top"} of the menu.`);
}

const COLOURS: Record<string, string> = {
  blue: "#2563eb",
  red: "#dc2626",
  green: "#16a34a",
  teal: "#0f766e",
  purple: "#7c3aed",
  violet: "#7c3aed",
  orange: "#ea580c",
  yellow: "#ca8a04",
  pink: "#db2777",
  indigo: "#4f46e5",
  gray: "#4b5563",
  grey: "#4b5563",
  black: "#111827",
  brown: "#92400e",
  cyan: "#0891b2",
};

/** "make the colour green", "use #0f766e", "switch to dark mode", "light theme". */
export function changeTheme(bp: Blueprint, clause: string): Outcome {
  const mode = clause.match(/\b(dark|light)\s+(?:mode|theme)\b|\b(?:mode|theme)\s+(?:to\s+)?(dark|light)\b/);
  if (mode) {
    const value = (mode[1] ?? mode[2]) as "dark" | "light";
    bp.app.theme.mode = value;
    return applied(`The app now uses ${value} mode.`);
  }
  const colour = clause.match(
    /^(?:please\s+)?(?:make|change|set|use|switch)\s+(?:the\s+)?(?:(?:primary|main|brand|theme|app)\s+)?(?:colou?r\s+)?(?:of the app\s+)?(?:to\s+|into\s+)?(#?[0-9a-f]{6}|[a-z]+)(?:\s+(?:as the\s+)?(?:primary\s+)?colou?r)?$/,
  );
  if (!colour?.[1] || !/colou?r|#/.test(clause)) return null;
  const hex = /^#?[0-9a-f]{6}$/.test(colour[1]) ? `#${colour[1].replace("#", "")}` : COLOURS[colour[1]];
  if (!hex)
    return refused(
      `"${colour[1]}" is not a colour Plinth knows; use a hex code such as #2563eb, or one of ${Object.keys(COLOURS).join(", ")}.`,
    );
  bp.app.theme.primaryColor = hex;
  return applied(`The app's main colour is now ${hex}.`);
}
