/**
 * A blueprint in plain language, for the founder on the app detail page and for
 * the CLI: what is stored, who may do what, which rows each role sees, what each
 * page shows. Structured first (summarizeBlueprint), then rendered (summaryText).
 */

import type { Command } from "./resolved/access.js";
import { accessOf, resolveBlueprint } from "./resolved/resolve.js";
import type { Aggregate, Block, BlueprintV2, Column, ColumnType, Filter, PermissionAction, Scope } from "./schema.js";
import { NOW, USER_ID, USER_TEAM_IDS } from "./variables.js";

export interface FieldSummary {
  name: string;
  label: string;
  /** e.g. "money amount, required, at least 0, starts as 0". */
  description: string;
}

export interface TableSummary {
  name: string;
  label: string;
  description?: string;
  fields: FieldSummary[];
}

export interface AccessSummary {
  table: string;
  tableLabel: string;
  actions: PermissionAction[];
  /** e.g. "can list, open and add". */
  can: string;
  /** Which rows they see: "only rows where Owner is the user", "only rows whose Deal they can see", or "all rows". */
  rows: string;
  /** How writing is narrower than reading: "edits only rows where Assignee is the user", "cannot set Grade". */
  writes: string[];
}

export interface RoleSummary {
  name: string;
  label: string;
  description?: string;
  isDefault: boolean;
  access: AccessSummary[];
}

export interface BlockSummary {
  id: string;
  type: Block["type"];
  title?: string;
  description: string;
}

export interface PageSummary {
  id: string;
  title: string;
  route: string;
  inNavigation: boolean;
  layout: string;
  blocks: BlockSummary[];
}

export interface BlueprintSummary {
  name: string;
  description: string;
  /** How numbers, money and dates read, e.g. "Spanish (Spain), money in euros (€)". */
  locale: string;
  tables: TableSummary[];
  roles: RoleSummary[];
  pages: PageSummary[];
  /** Consequences worth knowing (the verifier's notices), in words. */
  notices: string[];
}

export const TYPE_WORDS: Record<ColumnType, string> = {
  uuid: "reference",
  user: "a member of the app",
  text: "text",
  int: "whole number",
  float: "number",
  bool: "yes/no",
  date: "date",
  timestamptz: "date and time",
  jsonb: "structured data",
  file: "file",
  image: "image",
};
const FORMAT_WORDS: Record<string, string> = {
  email: "email address",
  url: "web address",
  phone: "phone number",
  currency: "money amount",
  percent: "percentage",
  markdown: "formatted text",
  image_url: "image",
  color: "colour",
};
const SYSTEM_LABELS: Record<string, string> = {
  id: "ID",
  created_at: "Created",
  updated_at: "Last updated",
  created_by: "Created by",
};
const ACTION_WORDS: Record<PermissionAction, string> = {
  list: "list",
  read: "open",
  create: "add",
  update: "edit",
  delete: "delete",
};

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[], last = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${last} ${words[words.length - 1]}`;
}

const quote = (value: unknown): string => (typeof value === "string" ? `“${value}”` : String(value));

/** A label's plural for its members or rows: "Managers", "Agencies", "Sales reps". */
export function pluralLabel(label: string): string {
  if (/s$/i.test(label)) return label;
  if (/[^aeiou]y$/i.test(label)) return `${label.slice(0, -1)}ies`;
  return `${label}s`;
}

/** One of a plural label: "Companies" → "Company", "Addresses" → "Address", "Staff" stays. */
function singularLabel(label: string): string {
  if (/people$/i.test(label)) return label.replace(/eople$/i, "erson");
  if (/[^aeiou]ies$/i.test(label)) return `${label.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes)$/i.test(label)) return label.slice(0, -2);
  if (/[^su]s$/i.test(label)) return label.slice(0, -1);
  return label;
}

/** A label inside a sentence: "Deals" → "deals", acronyms ("CRM notes") kept. */
function lowered(label: string): string {
  return label.replace(/\b[A-Z][a-z]/g, (w) => w.toLowerCase());
}

/**
 * The blueprint's names as the founder knows them: labels of tables, fields and roles,
 * else their names. The one place summaries, previews and refusals turn names into words.
 */
export class Labels {
  constructor(private readonly bp: BlueprintV2) {}

  table(name: string): string {
    return this.bp.data.tables.find((t) => t.name === name)?.label ?? name;
  }

  /** Rows of a table counted in words: "1 company", "42 companies" (a plural table label). */
  rows(table: string, count: number): string {
    return `${count} ${this.rowNoun(table, count)}`;
  }

  /** The word for `count` rows of a table: "company" or "companies". */
  rowNoun(table: string, count: number): string {
    const label = lowered(this.table(table));
    return count === 1 ? singularLabel(label) : pluralLabel(label);
  }

  /** A role as its members: "Sales reps". */
  members(role: string): string {
    return pluralLabel(this.role(role));
  }

  role(name: string): string {
    return this.bp.security.roles.find((r) => r.name === name)?.label ?? name;
  }

  /** "The Website field of Companies". */
  field(table: string, column: string): string {
    return `the ${this.column(table, column)} field of ${this.table(table)}`;
  }

  column(table: string, name: string): string {
    const column = this.bp.data.tables.find((t) => t.name === table)?.columns.find((c) => c.name === name);
    return column?.label ?? SYSTEM_LABELS[name] ?? name;
  }

  columns(table: string, names: readonly string[]): string {
    return joinWords(names.map((n) => this.column(table, n)));
  }
}

/** Columns as the founder knows them: "Priority and Due date" (labels, else names). */
export function columnLabels(bp: BlueprintV2, table: string, names: readonly string[]): string {
  return new Labels(bp).columns(table, names);
}

/** Parts joined by "and" or "or"; inside another part, in parentheses so the grouping reads as it holds. */
function combined<T>(
  parts: readonly T[],
  word: "and" | "or",
  nested: boolean,
  describe: (part: T, nested: boolean) => string,
): string {
  const phrase = joinWords(
    parts.map((p) => describe(p, true)),
    word,
  );
  return nested && parts.length > 1 ? `(${phrase})` : phrase;
}

/** A filter as a phrase: "Owner is the user and Stage is one of “lead” or “won”". */
export function describeFilter(bp: BlueprintV2, table: string, filter: Filter): string {
  const labels = new Labels(bp);
  const describe = (f: Filter, nested: boolean): string => {
    if ("and" in f) return combined(f.and, "and", nested, describe);
    if ("or" in f) return combined(f.or, "or", nested, describe);
    if ("equals" in f) {
      const [column, value] = f.equals;
      const operand = value === USER_ID ? "the user" : quote(value);
      return `${labels.column(table, column)} is ${operand}`;
    }
    const [column, values] = f.in;
    if (values === USER_TEAM_IDS) return `${labels.column(table, column)} is one of the user's teams`;
    if (typeof values === "string") return `${labels.column(table, column)} is ${quote(values)}`;
    return `${labels.column(table, column)} is one of ${joinWords(values.map(quote), "or")}`;
  };
  return describe(filter, false);
}

/** A scope as a phrase that follows "rows": "where Assignee is the user", "whose Project they can see". */
export function describeScope(bp: BlueprintV2, table: string, scope: Scope): string {
  const labels = new Labels(bp);
  const describe = (sc: Scope, nested: boolean): string => {
    if (sc === "all") return "of any kind";
    if ("and" in sc) return combined(sc.and, "and", nested, describe);
    if ("or" in sc) return combined(sc.or, "or", nested, describe);
    if ("person" in sc)
      return sc.person === "created_by" ? "they added" : `where ${labels.column(table, sc.person)} is the user`;
    if ("team" in sc) return `where ${labels.column(table, sc.team)} is one of the user's teams`;
    if ("parent" in sc) return `whose ${labels.column(table, sc.parent)} they can ${sc.editable ? "edit" : "see"}`;
    return `where ${describeFilter(bp, table, sc.where)}`;
  };
  return describe(scope, false);
}

const WRITE_WORDS: Record<Exclude<Command, "select">, string> = { insert: "adds", update: "edits", delete: "deletes" };

function describeField(bp: BlueprintV2, tableName: string, column: Column): string {
  const labels = new Labels(bp);
  const parts: string[] = [];
  const fk = bp.data.relationships.find((r) =>
    r.type === "many_to_one"
      ? r.fromTable === tableName && r.fromColumn === column.name
      : r.toTable === tableName && r.toColumn === column.name,
  );
  if (fk) {
    const parent = fk.type === "many_to_one" ? fk.toTable : fk.fromTable;
    const shownBy = fk.ui?.lookupLabelColumn;
    parent === tableName
      ? parts.push(
          `link to another ${labels.table(parent)} record${shownBy ? ` (shown by ${labels.column(parent, shownBy)})` : ""}`,
        )
      : parts.push(`link to ${labels.table(parent)}${shownBy ? ` (shown by ${labels.column(parent, shownBy)})` : ""}`);
  } else if (column.enum) {
    parts.push(`one of ${joinWords(column.enum.map(quote), "or")}`);
  } else if ((column.type === "uuid" || column.type === "user") && column.default === USER_ID) {
    parts.push("a user");
  } else {
    parts.push(column.format ? (FORMAT_WORDS[column.format] ?? column.format) : TYPE_WORDS[column.type]);
  }
  if (column.required) parts.push("required");
  if (column.unique) parts.push("unique");
  if (column.min !== undefined) parts.push(`at least ${column.min}`);
  if (column.max !== undefined) parts.push(`at most ${column.max}`);
  if (column.maxLength !== undefined) parts.push(`up to ${column.maxLength} characters`);
  if (column.default !== undefined) {
    if (column.default === USER_ID) parts.push("filled in with the user who adds it");
    else if (column.default === NOW) parts.push(`starts as ${column.type === "date" ? "today" : "the current time"}`);
    else
      parts.push(
        `starts as ${quote(typeof column.default === "object" ? JSON.stringify(column.default) : column.default)}`,
      );
  }
  return parts.join(", ");
}

function describeAggregate(labels: Labels, table: string, aggregate: Aggregate): string {
  if (aggregate.fn === "count") return `number of ${labels.table(table)}`;
  const fn = { sum: "total", avg: "average", min: "lowest", max: "highest" }[aggregate.fn];
  return `${fn} ${labels.column(table, aggregate.column ?? "")} of ${labels.table(table)}`;
}

function describeBlock(bp: BlueprintV2, block: Block): string {
  const labels = new Labels(bp);
  const t = block.table;
  const table = labels.table(t);
  const where = (f: Filter | undefined) => (f ? ` where ${describeFilter(bp, t, f)}` : "");
  switch (block.type) {
    case "TABLE":
      return `a list of ${table} showing ${labels.columns(t, block.columns)}${where(block.filter)}`;
    case "FORM":
      return `a form to ${block.mode === "create" ? "add" : "edit"} ${table}: ${labels.columns(t, block.fields)}`;
    case "DETAIL": {
      const related = block.related.map((r) => labels.table(r.table));
      return `the details of one record from ${table} (${labels.columns(t, block.fields)})${related.length ? ` with its ${joinWords(related)}` : ""}`;
    }
    case "STAT-CARD":
      return `a figure: ${describeAggregate(labels, t, block.aggregate)}${where(block.filter)}`;
    case "CHART":
      return `a ${block.chartType} chart of the ${describeAggregate(labels, t, block.aggregate)} by ${labels.column(t, block.groupBy)}${where(block.filter)}`;
    case "KANBAN":
      return `a board of ${table} in lanes by ${labels.column(t, block.groupBy)}`;
    case "CALENDAR":
      return `a calendar of ${table} by ${labels.column(t, block.dateColumn)}`;
    case "TIMELINE":
      return `a timeline of ${table} by ${labels.column(t, block.timeColumn)}`;
    case "CHAT":
      return `a conversation of ${table}${block.threadColumn ? `, one thread per ${labels.column(t, block.threadColumn)}` : ""}`;
    case "GALLERY":
      return `a gallery of ${table} pictures (${labels.column(t, block.imageColumn)})`;
    case "TREE":
      return `a tree of ${table} nested by ${labels.column(t, block.parentColumn)}`;
  }
}

export function summarizeBlueprint(bp: BlueprintV2): BlueprintSummary {
  const labels = new Labels(bp);
  const tables = bp.data.tables.map((table) => ({
    name: table.name,
    label: table.label ?? table.name,
    ...(table.description ? { description: table.description } : {}),
    fields: table.columns.map((column) => ({
      name: column.name,
      label: column.label ?? column.name,
      description: describeField(bp, table.name, column),
    })),
  }));
  const resolved = resolveBlueprint(bp);
  const defaultRole = bp.security.defaultRole ?? bp.security.roles[bp.security.roles.length - 1]?.name;
  const roles = bp.security.roles.map((role) => ({
    name: role.name,
    label: role.label ?? role.name,
    ...(role.description ? { description: role.description } : {}),
    isDefault: role.name === defaultRole,
    access: bp.security.permissions
      .filter((p) => p.role === role.name)
      .map((permission) => {
        const actions = (Object.keys(ACTION_WORDS) as PermissionAction[]).filter((a) => permission.actions[a]);
        const filters = bp.security.rowFilters.filter(
          (f) => f.role === role.name && f.resource === permission.resource,
        );
        // Rows of a child of a table the role sees only some of follow their parent.
        const parents = accessOf(resolved, role.name, permission.resource)?.parents ?? [];
        const conditions = [
          ...(filters.length > 0
            ? [
                `where ${joinWords(
                  filters.map((f) => describeFilter(bp, permission.resource, f.filter)),
                  "and",
                )}`,
              ]
            : []),
          ...parents.map((fk) => `whose ${labels.column(fk.table, fk.column)} they can see`),
        ];
        const access = accessOf(resolved, role.name, permission.resource);
        if (access?.scopes.select) conditions.push(describeScope(bp, permission.resource, access.scopes.select));
        const rows = conditions.length === 0 ? "all rows" : `only rows ${joinWords(conditions, "and")}`;
        const writes: string[] = [];
        for (const command of ["insert", "update", "delete"] as const) {
          const scope = access?.[command] ? access.scopes[command] : null;
          if (scope) writes.push(`${WRITE_WORDS[command]} only rows ${describeScope(bp, permission.resource, scope)}`);
        }
        if (access && access.readOnlyColumns.length > 0)
          writes.push(`cannot set ${labels.columns(permission.resource, access.readOnlyColumns)}`);
        return {
          table: permission.resource,
          tableLabel: labels.table(permission.resource),
          actions,
          can: actions.length ? `can ${joinWords(actions.map((a) => ACTION_WORDS[a]))}` : "can do nothing",
          rows,
          writes,
        };
      }),
  }));
  const navigated = new Set(bp.ui.navigation.map((n) => n.page));
  const pages = bp.ui.pages.map((page) => ({
    id: page.id,
    title: page.title,
    route: page.route,
    inNavigation: navigated.has(page.id),
    layout: page.layout.type,
    blocks: page.blocks.map((block) => ({
      id: block.id,
      type: block.type,
      ...(block.title ? { title: block.title } : {}),
      description: describeBlock(bp, block),
    })),
  }));
  return {
    name: bp.app.name,
    description: bp.app.description,
    locale: describeLocale(bp),
    tables,
    roles,
    pages,
    notices: resolved.notices.map((n) => n.message),
  };
}

function describeLocale(bp: BlueprintV2): string {
  const { locale, currency } = bp.app;
  try {
    const language = new Intl.DisplayNames(["en"], { type: "language" }).of(locale);
    const money = new Intl.DisplayNames(["en"], { type: "currency" }).of(currency);
    const symbol = new Intl.NumberFormat(locale, { style: "currency", currency })
      .formatToParts(0)
      .find((p) => p.type === "currency")?.value;
    return `${language}, money in ${money} (${symbol})`;
  } catch {
    return `${locale}, money in ${currency}`; // the verifier reports the unknown locale or currency
  }
}

/** The summary as Markdown, readable as plain text too. */
export function summaryText(bp: BlueprintV2): string {
  const s = summarizeBlueprint(bp);
  const lines: string[] = [`# ${s.name}`, ""];
  if (s.description) lines.push(s.description, "");
  lines.push(`Numbers, money and dates: ${s.locale}.`, "");
  lines.push("## Data", "");
  for (const table of s.tables) {
    lines.push(`### ${table.label}`, "");
    if (table.description) lines.push(table.description, "");
    for (const field of table.fields) lines.push(`- **${field.label}**: ${field.description}`);
    lines.push("");
  }
  lines.push("## Who can do what", "");
  for (const role of s.roles) {
    lines.push(`### ${role.label}${role.isDefault ? " (new members get this role)" : ""}`, "");
    if (role.description) lines.push(role.description, "");
    for (const access of role.access)
      lines.push(`- **${access.tableLabel}**: ${[access.can, access.rows, ...access.writes].join("; ")}`);
    lines.push("");
  }
  if (s.notices.length > 0) {
    lines.push("## Worth knowing", "");
    for (const notice of s.notices) lines.push(`- ${notice}`);
    lines.push("");
  }
  lines.push("## Pages", "");
  for (const page of s.pages) {
    lines.push(`### ${page.title} (\`${page.route}\`${page.inNavigation ? ", in the menu" : ""})`, "");
    for (const block of page.blocks) lines.push(`- ${block.title ? `${block.title}: ` : ""}${block.description}`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
