/**
 * The blueprint → Refine mapping, as pure functions: resources from tables, routes
 * from ui.pages (under /apps/<slug>), the menu from ui.navigation, and access
 * control from security.permissions for the signed-in user's role (and, given a row,
 * the scope of rows each action reaches).
 */
import type { Block, BlueprintV2, Page, PermissionAction } from "@plinth/blueprint";
import type { AccessControlProvider, ResourceProps } from "@refinedev/core";
import { COMMAND_OF, describeRefusal, rowAllowed } from "./access";
import type { RuntimeUser } from "./filters";
import { tableLabel } from "./model";

/** Refine's action names → the blueprint's permission flags. */
const REFINE_TO_BLUEPRINT: Record<string, PermissionAction> = {
  list: "list",
  show: "read",
  read: "read",
  create: "create",
  edit: "update",
  update: "update",
  delete: "delete",
};

/** One row the action is about, and who asks: the row must be inside the action's scope too. */
export interface RowTarget {
  row: Record<string, unknown>;
  user: Pick<RuntimeUser, "id" | "team_ids">;
}

/**
 * Whether `role` may do `action` on `table` (on `target`'s row, when given). A row whose
 * scope only its parent decides counts as allowed: the database decides, and the
 * refusal is explained if it comes.
 */
export function can(blueprint: BlueprintV2, role: string, table: string, action: string, target?: RowTarget): boolean {
  const flag = REFINE_TO_BLUEPRINT[action];
  const command = COMMAND_OF[action];
  if (!flag || !command) return false;
  if (!blueprint.security.permissions.some((p) => p.role === role && p.resource === table && p.actions[flag]))
    return false;
  return !target || rowAllowed(blueprint, role, table, command, target.row, target.user) !== false;
}

/** Refine's access control; a `row` in the params narrows the answer to that row. */
export function accessControlFor(blueprint: BlueprintV2, user: RuntimeUser): AccessControlProvider {
  return {
    can: async ({ resource, action, params }) => {
      const row = params?.row as Record<string, unknown> | undefined;
      const command = COMMAND_OF[action];
      if (!resource || !command) return { can: false, reason: `Your role may not ${action} this.` };
      return can(blueprint, user.role, resource, action, row ? { row, user } : undefined)
        ? { can: true }
        : { can: false, reason: describeRefusal(blueprint, user.role, resource, command) };
    },
    options: { buttons: { hideIfUnauthorized: true } },
  };
}

export function pagePath(basePath: string, page: Page, id?: string): string {
  const route = id === undefined ? page.route : page.route.replace(":id", encodeURIComponent(id));
  return route === "/" ? basePath : `${basePath}${route}`;
}

const hasId = (page: Page) => page.route.split("/").includes(":id");
const onTable = (page: Page, table: string, types: Block["type"][]) =>
  page.blocks.some((b) => b.table === table && types.includes(b.type));

/** One Refine resource per table, pointing at the pages that list, show, create and edit it. */
export function resourcesFor(blueprint: BlueprintV2, basePath: string): ResourceProps[] {
  const pages = blueprint.ui.pages;
  return blueprint.data.tables.map((table) => {
    const list = pages.find((p) => !hasId(p) && onTable(p, table.name, ["TABLE"]));
    const show = pages.find((p) => hasId(p) && onTable(p, table.name, ["DETAIL"]));
    const create = pages.find((p) =>
      p.blocks.some((b) => b.type === "FORM" && b.table === table.name && b.mode === "create"),
    );
    const edit = pages.find(
      (p) => hasId(p) && p.blocks.some((b) => b.type === "FORM" && b.table === table.name && b.mode === "edit"),
    );
    const resource: ResourceProps = {
      name: table.name,
      meta: { label: tableLabel(blueprint, table.name) },
    };
    if (list) resource.list = pagePath(basePath, list);
    if (show) resource.show = `${basePath}${show.route}`;
    if (create) resource.create = pagePath(basePath, create);
    if (edit) resource.edit = `${basePath}${edit.route}`;
    return resource;
  });
}

export interface RouteMatch {
  page: Page;
  params: { id?: string };
}

/**
 * The page a path under the app shows. Literal segments win over `:id`, so
 * /deals/new reaches a "new" page before /deals/:id would take "new" as an id.
 */
export function matchRoute(pages: Page[], subPath: string): RouteMatch | undefined {
  const segments = subPath.split("/").filter(Boolean).map(decodeURIComponent);
  let best: { match: RouteMatch; literals: number } | undefined;
  for (const page of pages) {
    const pattern = page.route.split("/").filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: { id?: string } = {};
    let literals = 0;
    const fits = pattern.every((part, i) => {
      if (part === ":id") {
        params.id = segments[i];
        return true;
      }
      literals++;
      return part === segments[i];
    });
    if (fits && (!best || literals > best.literals)) best = { match: { page, params }, literals };
  }
  return best?.match;
}

export interface MenuItem {
  key: string;
  label: string;
  icon?: string;
  href: string;
  pageId: string;
}

/** Tables a page reads; a role that may list none of them has no reason to see the page. */
function pageTables(page: Page): string[] {
  return [...new Set(page.blocks.filter((b) => !(b.type === "FORM" && b.mode === "create")).map((b) => b.table))];
}

/**
 * Whether a role has any use for a block: a create form needs create, every other block
 * reads its table. A block the role may not read would only show the database's refusal.
 */
export function blockVisible(blueprint: BlueprintV2, role: string, block: Block): boolean {
  if (block.type === "FORM" && block.mode === "create") return can(blueprint, role, block.table, "create");
  return can(blueprint, role, block.table, "list") || can(blueprint, role, block.table, "read");
}

export function pageVisible(blueprint: BlueprintV2, role: string, page: Page): boolean {
  const read = pageTables(page);
  if (read.length === 0) {
    return page.blocks.some((b) => can(blueprint, role, b.table, "create"));
  }
  return read.some((t) => can(blueprint, role, t, "list") || can(blueprint, role, t, "read"));
}

/** ui.navigation in order, without pages the role cannot use or that need a record id. */
export function menuFor(blueprint: BlueprintV2, role: string, basePath: string): MenuItem[] {
  return blueprint.ui.navigation.flatMap((item) => {
    const page = blueprint.ui.pages.find((p) => p.id === item.page);
    if (!page || hasId(page) || !pageVisible(blueprint, role, page)) return [];
    return [
      {
        key: item.page,
        label: item.label,
        icon: item.icon ?? page.icon,
        href: pagePath(basePath, page),
        pageId: page.id,
      },
    ];
  });
}

/** Where the app opens: the first menu entry, else the "/" page, else the first page without an id. */
export function homePath(blueprint: BlueprintV2, role: string, basePath: string): string {
  const first = menuFor(blueprint, role, basePath)[0];
  if (first) return first.href;
  const page = blueprint.ui.pages.find((p) => p.route === "/") ?? blueprint.ui.pages.find((p) => !hasId(p));
  return page ? pagePath(basePath, page) : basePath;
}
