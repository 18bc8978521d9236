/**
 * Repairs the harmless mistakes models make in otherwise sound blueprints, in order:
 * the shape (intake/shape.ts), then names — "Sales Rep" where an identifier belongs
 * and every reference to it, roles as plain strings, declared system columns and
 * references to them in any spelling — then values in other vocabularies
 * (intake/values.ts, intake/filters.ts), and missing version, labels, slug and routes.
 * Every fix becomes a warning. Nothing is invented: a table, role, page or column
 * that is not in the answer is never added.
 */
import { IDENTIFIER_PATTERN, SYSTEM_COLUMNS, toIdentifier } from "../identifiers.js";
import type { Problem } from "../problems.js";
import type { IntakeWarning } from "./extract-json.js";
import { fixFilter } from "./filters.js";
import { fixShape } from "./shape.js";
import {
  coerceScalars,
  fixActions,
  fixAggregate,
  fixBlockColumnKey,
  fixBlockType,
  fixColour,
  fixColumnType,
  fixDefault,
  fixRelationship,
  fixRoute,
} from "./values.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const records = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);
/** Iterates an array keeping original indexes, so warning paths point at the right element. */
const each = (v: unknown, visit: (item: Json, index: number) => void): void => {
  if (!Array.isArray(v)) return;
  v.forEach((item, i) => {
    if (isRecord(item)) visit(item, i);
  });
};

const SINGLE_COLUMN_KEYS = [
  "groupBy",
  "titleColumn",
  "dateColumn",
  "endDateColumn",
  "timeColumn",
  "descriptionColumn",
  "threadColumn",
  "bodyColumn",
  "imageColumn",
  "captionColumn",
  "parentColumn",
  "labelColumn",
] as const;
const COLUMN_LIST_KEYS = ["columns", "searchColumns", "filterColumns", "fields", "cardColumns"] as const;

/** "sales_rep" → "Sales rep". */
const humanize = (name: string): string => {
  const words = name.replace(/_/g, " ").trim();
  return (words.charAt(0).toUpperCase() + words.slice(1)).slice(0, 80);
};

/** Names known for one kind of thing (tables, roles, …) and the renames made to them. */
class Names {
  readonly known = new Set<string>();
  readonly renamed = new Map<string, string>();

  /** Makes `owner[key]` an identifier if it is text that is not one; returns the (new) name. */
  declare(owner: Json, key: string, kind: string, path: string, warnings: IntakeWarning[]): string | undefined {
    const value = owner[key];
    if (typeof value !== "string") return undefined;
    let name = value;
    if (!IDENTIFIER_PATTERN.test(value)) {
      const fixed = toIdentifier(value);
      if (IDENTIFIER_PATTERN.test(fixed)) {
        name = fixed;
        owner[key] = fixed;
        this.renamed.set(value, fixed);
        warnings.push({
          path: `${path}/${key}`,
          message: `Renamed ${kind} "${value}" to "${fixed}" (identifiers are lowercase words joined by underscores) and updated references to it.`,
        });
      }
    }
    this.known.add(name);
    return name;
  }

  /** Points `owner[key]` at a declared name when it is written the way the declaration was before a rename. */
  resolve(owner: Json, key: string, kind: string, path: string, warnings: IntakeWarning[]): string | undefined {
    const value = owner[key];
    if (typeof value !== "string") return undefined;
    if (this.known.has(value)) return value;
    const target = this.renamed.get(value) ?? toIdentifier(value);
    if (target !== value && this.known.has(target)) {
      owner[key] = target;
      warnings.push({ path: `${path}/${key}`, message: `Changed the ${kind} reference "${value}" to "${target}".` });
      return target;
    }
    return value;
  }

  resolveList(list: unknown, kind: string, path: string, warnings: IntakeWarning[]): void {
    if (!Array.isArray(list)) return;
    list.forEach((_, i) => {
      this.resolve(list as unknown as Json, String(i), kind, path, warnings);
    });
  }
}

/**
 * Repairs `input` (a parsed answer) into the blueprint it means. Repairs are pushed to
 * `warnings`; a filter that cannot be read is pushed to `problems`.
 */
export function normalizeBlueprint(input: unknown, warnings: IntakeWarning[], problems: Problem[] = []): unknown {
  const bp = fixShape(input, warnings);
  if (!isRecord(bp)) return bp;

  if (bp.version === undefined || bp.version === "2" || bp.version === "2.0") {
    warnings.push({
      path: "/version",
      message: `Set "version" to 2 (it was ${JSON.stringify(bp.version ?? "missing")}).`,
    });
    bp.version = 2;
  }
  normalizeApp(bp.app, warnings);
  if (isRecord(bp.app)) fixColour(bp.app, warnings);

  const tables = new Names();
  const columns = new Map<string, Names>();
  const data = isRecord(bp.data) ? bp.data : {};
  each(data.tables, (table, t) => {
    const path = `/data/tables/${t}`;
    const original = table.name;
    const name = tables.declare(table, "name", "table", path, warnings);
    fillLabel(table, "label", original, path, warnings);
    const names = new Names();
    if (name) columns.set(name, names);
    dropSystemColumns(table, path, warnings);
    const unlabelled: string[] = [];
    each(table.columns, (column, c) => {
      const columnPath = `${path}/columns/${c}`;
      const before = column.name;
      names.declare(column, "name", "column", columnPath, warnings);
      if (column.label === undefined && typeof before === "string") {
        column.label = labelFrom(before);
        unlabelled.push(String(column.name));
      }
      fixColumnType(column, columnPath, warnings);
      fixNullable(column, columnPath, warnings);
      coerceScalars(column, columnPath, warnings);
      fixDefault(column, columnPath, warnings);
    });
    for (const system of SYSTEM_COLUMNS) names.known.add(system);
    if (unlabelled.length > 0) {
      warnings.push({ path, message: `Gave labels to columns without one: ${unlabelled.join(", ")}.` });
    }
  });

  const columnRef = (table: unknown, owner: Json, key: string, path: string) => {
    if (typeof table === "string") columns.get(table)?.resolve(owner, key, "column", path, warnings);
  };
  const columnRefs = (table: unknown, owner: Json, key: string, path: string) => {
    if (typeof table === "string") columns.get(table)?.resolveList(owner[key], "column", `${path}/${key}`, warnings);
  };

  each(data.relationships, (rel, r) => {
    const path = `/data/relationships/${r}`;
    fixRelationship(rel, path, warnings);
    const from = tables.resolve(rel, "fromTable", "table", path, warnings);
    const to = tables.resolve(rel, "toTable", "table", path, warnings);
    columnRef(from, rel, "fromColumn", path);
    columnRef(to, rel, "toColumn", path);
    if (isRecord(rel.ui)) columnRef(rel.type === "one_to_many" ? from : to, rel.ui, "lookupLabelColumn", `${path}/ui`);
  });

  const roles = new Names();
  const security = isRecord(bp.security) ? bp.security : undefined;
  if (security && Array.isArray(security.roles)) {
    security.roles = security.roles.map((role, i) => {
      if (typeof role !== "string") return role;
      const name = toIdentifier(role);
      warnings.push({
        path: `/security/roles/${i}`,
        message: `Turned the role "${role}" into {"name": "${name}", "label": "${role}"}.`,
      });
      if (name !== role) roles.renamed.set(role, name);
      return { name, label: labelFrom(role) };
    });
    each(security.roles, (role, i) => {
      const original = role.name;
      roles.declare(role, "name", "role", `/security/roles/${i}`, warnings);
      fillLabel(role, "label", original, `/security/roles/${i}`, warnings);
    });
    roles.resolve(security, "defaultRole", "role", "/security", warnings);
    each(security.permissions, (permission, i) => {
      const path = `/security/permissions/${i}`;
      roles.resolve(permission, "role", "role", path, warnings);
      tables.resolve(permission, "resource", "table", path, warnings);
      fixActions(permission, path, warnings);
    });
    each(security.rowFilters, (rowFilter, i) => {
      const path = `/security/rowFilters/${i}`;
      roles.resolve(rowFilter, "role", "role", path, warnings);
      const table = tables.resolve(rowFilter, "resource", "table", path, warnings);
      fixFilter(rowFilter, "filter", `${path}/filter`, warnings, problems);
      normalizeFilter(rowFilter.filter, `${path}/filter`, (owner, key, at) => columnRef(table, owner, key, at));
    });
  }

  const ui = isRecord(bp.ui) ? bp.ui : undefined;
  if (!ui) return bp;
  const pages = new Names();
  const modals = new Names();
  each(ui.pages, (page, p) => {
    const path = `/ui/pages/${p}`;
    const original = page.id;
    const id = pages.declare(page, "id", "page", path, warnings);
    fillLabel(page, "title", original, path, warnings);
    if (page.route === undefined && id) {
      page.route = `/${id.replace(/_/g, "-")}`;
      warnings.push({ path: `${path}/route`, message: `Gave page "${id}" the route "${page.route}".` });
    } else fixRoute(page, path, warnings);
    if (typeof page.layout === "string") {
      warnings.push({
        path: `${path}/layout`,
        message: `Turned the layout "${page.layout}" into {"type": "${page.layout}"}.`,
      });
      page.layout = { type: page.layout };
    }
  });
  each(ui.modals, (modal, m) => {
    const original = modal.id;
    modals.declare(modal, "id", "modal", `/ui/modals/${m}`, warnings);
    fillLabel(modal, "title", original, `/ui/modals/${m}`, warnings);
  });
  if (Array.isArray(ui.navigation)) {
    ui.navigation = navigationEntries(ui.navigation, pages, records(ui.pages), warnings);
  }
  each(ui.navigation, (item, i) => {
    const path = `/ui/navigation/${i}`;
    const page = pages.resolve(item, "page", "page", path, warnings);
    if (item.label === undefined && page) {
      const title = records(ui.pages).find((p) => p.id === page)?.title;
      item.label = typeof title === "string" ? title : humanize(page);
      warnings.push({ path: `${path}/label`, message: `Labelled the menu entry for "${page}" "${item.label}".` });
    }
  });

  const blockIds = new Names();
  const normalizeBlock = (block: Json, path: string) => {
    blockIds.declare(block, "id", "block", path, warnings);
    fixBlockType(block, path, warnings);
    fixBlockColumnKey(block, path, warnings);
    coerceScalars(block, path, warnings);
    fixAggregate(block, path, warnings);
    const table = tables.resolve(block, "table", "table", path, warnings);
    for (const key of SINGLE_COLUMN_KEYS) columnRef(table, block, key, path);
    for (const key of COLUMN_LIST_KEYS) columnRefs(table, block, key, path);
    if (isRecord(block.defaultSort)) columnRef(table, block.defaultSort, "column", `${path}/defaultSort`);
    if (isRecord(block.aggregate)) columnRef(table, block.aggregate, "column", `${path}/aggregate`);
    fixFilter(block, "filter", `${path}/filter`, warnings, []);
    normalizeFilter(block.filter, `${path}/filter`, (owner, key, at) => columnRef(table, owner, key, at));
    each(block.related, (related, r) => {
      const relatedPath = `${path}/related/${r}`;
      const relatedTable = tables.resolve(related, "table", "table", relatedPath, warnings);
      columnRef(relatedTable, related, "column", relatedPath);
      columnRefs(relatedTable, related, "columns", relatedPath);
    });
    for (const key of ["rowActions", "toolbarActions", "actions"]) {
      each(block[key], (action, a) => {
        pages.resolve(action, "page", "page", `${path}/${key}/${a}`, warnings);
        modals.resolve(action, "modal", "modal", `${path}/${key}/${a}`, warnings);
      });
    }
    if (isRecord(block.onSuccess)) {
      pages.resolve(block.onSuccess, "page", "page", `${path}/onSuccess`, warnings);
      modals.resolve(block.onSuccess, "modal", "modal", `${path}/onSuccess`, warnings);
    }
  };
  each(ui.pages, (page, p) => {
    each(page.blocks, (block, b) => {
      normalizeBlock(block, `/ui/pages/${p}/blocks/${b}`);
    });
  });
  each(ui.modals, (modal, m) => {
    each(modal.blocks, (block, b) => {
      normalizeBlock(block, `/ui/modals/${m}/blocks/${b}`);
    });
  });
  return bp;
}

function labelFrom(original: string): string {
  return /\s/.test(original.trim()) ? original.trim().slice(0, 80) : humanize(toIdentifier(original));
}

/** Fills a missing label or title from the name the model wrote ("Sales Rep") or the identifier. */
function fillLabel(owner: Json, key: string, original: unknown, path: string, warnings: IntakeWarning[]): void {
  if (owner[key] !== undefined || typeof original !== "string") return;
  owner[key] = labelFrom(original);
  warnings.push({ path: `${path}/${key}`, message: `Set the missing ${key} to "${owner[key]}".` });
}

function normalizeApp(app: unknown, warnings: IntakeWarning[]): void {
  if (!isRecord(app) || typeof app.name !== "string") return;
  const valid = typeof app.slug === "string" && /^[a-z][a-z0-9-]{1,47}$/.test(app.slug);
  if (valid) return;
  const source = typeof app.slug === "string" ? app.slug : app.name;
  const slug = toIdentifier(source).replace(/_/g, "-").slice(0, 48).replace(/-+$/, "");
  if (!/^[a-z][a-z0-9-]{1,47}$/.test(slug)) return;
  warnings.push({
    path: "/app/slug",
    message: `${app.slug === undefined ? "Made" : `Replaced "${String(app.slug)}" with`} the app slug "${slug}".`,
  });
  app.slug = slug;
}

function normalizeFilter(
  filter: unknown,
  path: string,
  columnRef: (owner: Json, key: string, path: string) => void,
): void {
  if (!isRecord(filter)) return;
  for (const op of ["and", "or"]) {
    if (Array.isArray(filter[op])) {
      (filter[op] as unknown[]).forEach((f, i) => {
        normalizeFilter(f, `${path}/${op}/${i}`, columnRef);
      });
    }
  }
  for (const op of ["equals", "in"]) {
    const operands = filter[op];
    if (Array.isArray(operands)) columnRef(operands as unknown as Json, "0", `${path}/${op}`);
  }
}

/** Columns every table already has (id, created_at, …), declared anyway in any spelling, are dropped. */
function dropSystemColumns(table: Json, path: string, warnings: IntakeWarning[]): void {
  if (!Array.isArray(table.columns)) return;
  const dropped: string[] = [];
  table.columns = table.columns.filter((column) => {
    const name = isRecord(column) ? column.name : undefined;
    const identifier = typeof name === "string" && IDENTIFIER_PATTERN.test(name) ? name : toIdentifier(String(name));
    const system = typeof name === "string" && (SYSTEM_COLUMNS as readonly string[]).includes(identifier);
    if (system) dropped.push(String(name));
    return !system;
  });
  if (dropped.length > 0) {
    warnings.push({
      path: `${path}/columns`,
      message: `Dropped ${dropped.map((d) => `"${d}"`).join(", ")}: every table already has the system columns ${SYSTEM_COLUMNS.join(", ")}.`,
    });
  }
}

/** `"nullable": false` says the column is required. */
function fixNullable(column: Json, path: string, warnings: IntakeWarning[]): void {
  const nullable = column.nullable ?? column.optional;
  if (typeof nullable !== "boolean" || column.required !== undefined) return;
  const key = column.nullable !== undefined ? "nullable" : "optional";
  delete column[key];
  column.required = !nullable;
  warnings.push({ path: `${path}/required`, message: `Wrote "${key}": ${nullable} as "required": ${!nullable}.` });
}

/** Menu entries as page ids or routes become entries; entries leading to no page are dropped. */
function navigationEntries(items: unknown[], pages: Names, declared: Json[], warnings: IntakeWarning[]): unknown[] {
  const byRoute = new Map(declared.map((p) => [p.route, p.id]));
  const kept: unknown[] = [];
  items.forEach((item, i) => {
    const path = `/ui/navigation/${i}`;
    const entry: Json | undefined =
      typeof item === "string" ? { page: byRoute.get(item) ?? item } : isRecord(item) ? item : undefined;
    if (!entry) return;
    if (typeof item === "string")
      warnings.push({ path, message: `Turned the menu entry "${item}" into {"page": "${String(entry.page)}"}.` });
    const route = entry.route ?? entry.path ?? entry.href;
    if (entry.page === undefined && typeof route === "string" && byRoute.has(route)) {
      entry.page = byRoute.get(route);
      delete entry.route;
      delete entry.path;
      delete entry.href;
      warnings.push({
        path: `${path}/page`,
        message: `Pointed the menu entry for the route "${route}" at page "${String(entry.page)}".`,
      });
    }
    const page = entry.page;
    const exists =
      typeof page === "string" &&
      (pages.known.has(page) || pages.known.has(pages.renamed.get(page) ?? toIdentifier(page)));
    if (!exists) {
      warnings.push({ path, message: `Dropped the menu entry ${JSON.stringify(item)}: it leads to no page.` });
      return;
    }
    kept.push(entry);
  });
  return kept;
}
