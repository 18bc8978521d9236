/**
 * Pages, modals and navigation: unique ids and routes, layouts that fit their
 * blocks, navigation that leads to real list pages, and every table on screen.
 */
import type { Block } from "../schema.js";
import { checkBlock } from "./blocks.js";
import { type BlueprintModel, listNames, type Problems } from "./model.js";

export function checkUi(model: BlueprintModel, out: Problems): void {
  const { ui } = model.bp;
  const blockIds = new Set<string>();
  const shown = new Set<string>();
  const createModals = new Set<string>();
  forEachBlock(model, (block) => {
    for (const action of actionsOf(block)) if (action.type === "create" && action.modal) createModals.add(action.modal);
  });

  const noteBlock = (block: Block, path: string) => {
    if (blockIds.has(block.id)) {
      out.add(
        `${path}/id`,
        "duplicate_block",
        `Two blocks are called "${block.id}".`,
        "Give every block in the app its own id.",
      );
    }
    blockIds.add(block.id);
    shown.add(block.table);
    if (block.type === "DETAIL") for (const r of block.related) shown.add(r.table);
  };

  const pageIds = new Set<string>();
  const routes = new Map<string, string>();
  ui.pages.forEach((page, p) => {
    const path = `/ui/pages/${p}`;
    if (pageIds.has(page.id)) {
      out.add(`${path}/id`, "duplicate_page", `Two pages are called "${page.id}".`, "Give every page its own id.");
    }
    pageIds.add(page.id);
    const route = page.route.replace(/\/+$/, "") || "/";
    const other = routes.get(route);
    if (other !== undefined) {
      out.add(
        `${path}/route`,
        "duplicate_route",
        `Pages "${other}" and "${page.id}" both live at "${page.route}", so one could never be reached.`,
        "Give each page its own route.",
      );
    } else routes.set(route, page.id);
    if ((page.route.match(/:id/g) ?? []).length > 1) {
      out.add(
        `${path}/route`,
        "route_repeats_id",
        `Page "${page.id}" has ":id" more than once in its route "${page.route}".`,
        `Keep one ":id", at the end of the route (for example "/deals/:id").`,
      );
    }
    checkLayout(page.layout, page.blocks.length, `Page "${page.id}"`, `${path}/layout`, out);
    const hasRecord = page.route.includes(":id");
    page.blocks.forEach((block, b) => {
      noteBlock(block, `${path}/blocks/${b}`);
      checkBlock(model, block, `${path}/blocks/${b}`, { hasRecord, onPage: true, createModals }, out);
    });
  });

  const modalIds = new Set<string>();
  ui.modals.forEach((modal, m) => {
    const path = `/ui/modals/${m}`;
    if (modalIds.has(modal.id)) {
      out.add(`${path}/id`, "duplicate_modal", `Two modals are called "${modal.id}".`, "Give every modal its own id.");
    }
    modalIds.add(modal.id);
    modal.blocks.forEach((block, b) => {
      noteBlock(block, `${path}/blocks/${b}`);
      checkBlock(
        model,
        block,
        `${path}/blocks/${b}`,
        { hasRecord: true, onPage: false, createModals, modalId: modal.id },
        out,
      );
    });
  });

  ui.navigation.forEach((item, i) => {
    const page = ui.pages.find((p) => p.id === item.page);
    if (!page) {
      out.add(
        `/ui/navigation/${i}/page`,
        "unknown_page",
        `The menu entry "${item.label}" opens a page "${item.page}" that does not exist.`,
        `Use one of the pages ${listNames([...pageIds])}.`,
      );
    } else if (page.route.includes(":id")) {
      out.add(
        `/ui/navigation/${i}/page`,
        "navigation_to_record_page",
        `The menu entry "${item.label}" opens "${page.route}", a page for one record, but a menu entry cannot say which record.`,
        "Point the menu at a list page and reach the record page through a navigate row action.",
      );
    }
  });

  model.bp.data.tables.forEach((table, t) => {
    if (!shown.has(table.name)) {
      out.add(
        `/data/tables/${t}`,
        "table_not_shown",
        `No page or modal shows "${table.name}", so its records could never be seen or entered in the app.`,
        `Add a block (for example a TABLE) with "table": "${table.name}" to a page, or remove the table.`,
      );
    }
  });
}

function checkLayout(
  layout: { type: string; config: { tabs?: string[] | undefined } },
  blockCount: number,
  where: string,
  path: string,
  out: Problems,
): void {
  if (layout.type !== "tabs") return;
  const tabs = layout.config.tabs;
  if (tabs?.length !== blockCount) {
    out.add(
      tabs ? `${path}/config/tabs` : path,
      "tabs_count_mismatch",
      `${where} uses tabs with ${tabs ? tabs.length : "no"} tab label${tabs?.length === 1 ? "" : "s"} for ${blockCount} block${blockCount === 1 ? "" : "s"}; each tab shows one block.`,
      `Give "config.tabs" exactly ${blockCount} label${blockCount === 1 ? "" : "s"}, one per block in order.`,
    );
  }
}

function forEachBlock(model: BlueprintModel, visit: (block: Block) => void): void {
  for (const page of model.bp.ui.pages) page.blocks.forEach(visit);
  for (const modal of model.bp.ui.modals) modal.blocks.forEach(visit);
}

function actionsOf(block: Block) {
  switch (block.type) {
    case "TABLE":
      return [...block.rowActions, ...block.toolbarActions];
    case "DETAIL":
      return block.actions;
    case "FORM":
      return block.onSuccess ? [block.onSuccess] : [];
    default:
      return [];
  }
}
