/**
 * Values written in another vocabulary that have exactly one BlueprintV2 meaning:
 * SQL column types, block type spellings, Rails relationship words, action words,
 * aggregates as text, SQL defaults, route parameters and colour names. Each repair is
 * reported; a value with two possible meanings is left for the schema to report.
 */
import { z } from "zod";
import { COLUMN_FORMATS, COLUMN_TYPES as TYPES } from "../schema.js";
import type { IntakeWarning } from "./extract-json.js";
import synonyms from "./type-synonyms.json" with { type: "json" };

const COLUMN_TYPES: readonly string[] = TYPES;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** SQL and programming-language type words → [type, format]: data, in type-synonyms.json, checked at load. */
const COLUMN_TYPE_SYNONYMS: Record<string, [string, string?]> = z
  .record(z.string(), z.union([z.tuple([z.enum(TYPES)]), z.tuple([z.enum(TYPES), z.enum(COLUMN_FORMATS)])]))
  .parse(synonyms);

/** `varchar(120)`, `decimal(10,2)`, `enum('a','b')`, `String`, `email` → a column type (and format, length, values). */
export function fixColumnType(column: Json, path: string, warnings: IntakeWarning[]): void {
  if (typeof column.type !== "string" || COLUMN_TYPES.includes(column.type)) return;
  const written = column.type;
  const match = /^\s*([A-Za-z][\w ]*?)\s*(?:\((.*)\))?\s*(\[\])?\s*$/.exec(written);
  if (!match || match[3]) return;
  const word = (match[1] as string).toLowerCase().replace(/\s+/g, "_");
  const args = match[2];
  const known = COLUMN_TYPES.includes(word) ? ([word] as [string]) : COLUMN_TYPE_SYNONYMS[word];
  if (!known) return;
  const [type, format] = known;
  column.type = type;
  const notes: string[] = [];
  if (format && column.format === undefined) {
    column.format = format;
    notes.push(`format "${format}"`);
  }
  if (args && type === "text" && /^\s*\d+\s*$/.test(args) && column.maxLength === undefined) {
    column.maxLength = Number(args);
    notes.push(`maxLength ${args.trim()}`);
  }
  if (args && (word === "enum" || word === "select") && column.enum === undefined) {
    const values = [...args.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? "");
    if (values.length > 0) {
      column.enum = values;
      notes.push(`enum ${JSON.stringify(values)}`);
    }
  }
  warnings.push({
    path: `${path}/type`,
    message: `Changed column type "${written}" to "${type}"${notes.length ? ` with ${notes.join(" and ")}` : ""}.`,
  });
}

const BLOCK_TYPE_SYNONYMS: Record<string, [string, Json?]> = {
  table: ["TABLE"],
  datatable: ["TABLE"],
  datagrid: ["TABLE"],
  list: ["TABLE"],
  listview: ["TABLE"],
  tableview: ["TABLE"],
  form: ["FORM"],
  formview: ["FORM"],
  detail: ["DETAIL"],
  details: ["DETAIL"],
  detailview: ["DETAIL"],
  recorddetail: ["DETAIL"],
  statcard: ["STAT-CARD"],
  stat: ["STAT-CARD"],
  stats: ["STAT-CARD"],
  metric: ["STAT-CARD"],
  metriccard: ["STAT-CARD"],
  kpi: ["STAT-CARD"],
  kpicard: ["STAT-CARD"],
  chart: ["CHART"],
  barchart: ["CHART", { chartType: "bar" }],
  linechart: ["CHART", { chartType: "line" }],
  piechart: ["CHART", { chartType: "pie" }],
  areachart: ["CHART", { chartType: "area" }],
  kanban: ["KANBAN"],
  kanbanboard: ["KANBAN"],
  board: ["KANBAN"],
  calendar: ["CALENDAR"],
  calendarview: ["CALENDAR"],
  timeline: ["TIMELINE"],
  chat: ["CHAT"],
  gallery: ["GALLERY"],
  imagegallery: ["GALLERY"],
  tree: ["TREE"],
  treeview: ["TREE"],
};

export function fixBlockType(block: Json, path: string, warnings: IntakeWarning[]): void {
  if (typeof block.type !== "string") return;
  const written = block.type;
  const found = BLOCK_TYPE_SYNONYMS[written.replace(/[-_\s]/g, "").toLowerCase()];
  if (!found || found[0] === written) return;
  const [type, extra] = found;
  block.type = type;
  const added = Object.entries(extra ?? {}).filter(([k]) => block[k] === undefined);
  for (const [k, v] of added) block[k] = v;
  warnings.push({
    path: `${path}/type`,
    message: `Changed block type "${written}" to "${type}"${added.map(([k, v]) => ` with ${k} "${String(v)}"`).join("")}.`,
  });
}

/** TABLE lists "columns"; FORM and DETAIL list "fields". Models mix them up. */
export function fixBlockColumnKey(block: Json, path: string, warnings: IntakeWarning[]): void {
  const want =
    block.type === "TABLE" ? "columns" : block.type === "FORM" || block.type === "DETAIL" ? "fields" : undefined;
  const other = want === "columns" ? "fields" : "columns";
  if (want && block[want] === undefined && Array.isArray(block[other])) {
    block[want] = block[other];
    delete block[other];
    warnings.push({
      path: `${path}/${want}`,
      message: `Renamed "${other}" to "${want}", the key a ${String(block.type)} block uses.`,
    });
  }
}

const RELATIONSHIP_TYPES: Record<string, string> = {
  many_to_one: "many_to_one",
  manytoone: "many_to_one",
  belongs_to: "many_to_one",
  belongsto: "many_to_one",
  n_1: "many_to_one",
  one_to_many: "one_to_many",
  onetomany: "one_to_many",
  has_many: "one_to_many",
  hasmany: "one_to_many",
  "1_n": "one_to_many",
};
const ON_DELETE: Record<string, string> = {
  restrict: "restrict",
  no_action: "restrict",
  cascade: "cascade",
  set_null: "set_null",
  setnull: "set_null",
  nullify: "set_null",
};
const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");

/** `belongs_to`/`has_many`, "SET NULL", and `"from": "deals.company_id"` written as one string. */
export function fixRelationship(rel: Json, path: string, warnings: IntakeWarning[]): void {
  if (typeof rel.type === "string") {
    const fixed = RELATIONSHIP_TYPES[snake(rel.type)];
    if (fixed && fixed !== rel.type) {
      warnings.push({ path: `${path}/type`, message: `Changed relationship type "${rel.type}" to "${fixed}".` });
      rel.type = fixed;
    }
  }
  if (typeof rel.onDelete === "string") {
    const fixed = ON_DELETE[snake(rel.onDelete)];
    if (fixed && fixed !== rel.onDelete) {
      warnings.push({ path: `${path}/onDelete`, message: `Changed onDelete "${rel.onDelete}" to "${fixed}".` });
      rel.onDelete = fixed;
    }
  }
  for (const [key, table, column] of [
    ["from", "fromTable", "fromColumn"],
    ["to", "toTable", "toColumn"],
  ] as const) {
    const dotted = rel[key];
    if (typeof dotted !== "string") continue;
    const parts = dotted.split(".");
    if (parts.length !== 2 || rel[table] !== undefined || rel[column] !== undefined) continue;
    rel[table] = parts[0];
    rel[column] = parts[1];
    delete rel[key];
    warnings.push({
      path: `${path}/${table}`,
      message: `Split "${key}": "${dotted}" into ${table} "${parts[0]}" and ${column} "${parts[1]}".`,
    });
  }
}

const ACTIONS = ["list", "read", "create", "update", "delete"] as const;
/** Action words → the flags they mean. "view" is seeing (listing and opening); "crud"/"all"/"manage" is everything. */
const ACTION_WORDS: Record<string, readonly string[]> = {
  list: ["list"],
  read: ["read"],
  create: ["create"],
  update: ["update"],
  delete: ["delete"],
  view: ["list", "read"],
  edit: ["update"],
  insert: ["create"],
  add: ["create"],
  remove: ["delete"],
  select: ["list", "read"],
  crud: ACTIONS,
  all: ACTIONS,
  "*": ACTIONS,
  manage: ACTIONS,
  full: ACTIONS,
  full_access: ACTIONS,
};
const BOOLEAN_TEXT: Record<string, boolean> = { true: true, yes: true, "1": true, false: false, no: false, "0": false };

/** The flags an action word or list of words grants, or undefined when a word has no one meaning. */
function granted(words: readonly string[]): Set<string> | undefined {
  const flags = new Set<string>();
  for (const word of words) {
    const meaning = ACTION_WORDS[word.toLowerCase()];
    if (!meaning) return undefined;
    for (const action of meaning) flags.add(action);
  }
  return flags;
}

/**
 * Actions as a list, a string, "crud", or flags named with other words (or written as
 * "true") → the five flags. Flags that contradict each other ({"crud": true,
 * "delete": false}) are left for the schema to report.
 */
export function fixActions(permission: Json, path: string, warnings: IntakeWarning[]): void {
  const actions = permission.actions;
  let wanted: Set<string> | undefined;
  if (typeof actions === "string") wanted = granted(actions.split(/[\s,|/]+/).filter(Boolean));
  else if (Array.isArray(actions) && actions.every((a) => typeof a === "string")) wanted = granted(actions);
  else if (isRecord(actions)) {
    const flags = Object.entries(actions).map(([k, v]) => [
      k,
      typeof v === "string" ? BOOLEAN_TEXT[v.toLowerCase()] : v,
    ]);
    if (!flags.every(([, v]) => typeof v === "boolean")) return;
    const on = granted(flags.filter(([, v]) => v).map(([k]) => k as string));
    const off = granted(flags.filter(([, v]) => !v).map(([k]) => k as string));
    if (!on || !off || [...on].some((a) => off.has(a))) return;
    wanted = on;
  }
  if (!wanted) return;
  const fixed = Object.fromEntries(ACTIONS.map((a) => [a, (wanted as Set<string>).has(a)]));
  // Flags already written as BlueprintV2 writes them are left as they are.
  const same = isRecord(actions) && Object.entries(actions).every(([k, v]) => fixed[k] === v);
  if (same) return;
  permission.actions = fixed;
  warnings.push({
    path: `${path}/actions`,
    message: `Turned the actions ${JSON.stringify(actions)} into ${JSON.stringify(fixed)}.`,
  });
}

/** `"count"`, `"sum(total)"`, `{"function": "sum", "field": "total"}` → {fn, column}. */
export function fixAggregate(block: Json, path: string, warnings: IntakeWarning[]): void {
  const aggregate = block.aggregate;
  let fixed: Json | undefined;
  if (typeof aggregate === "string") {
    const m = /^\s*(count|sum|avg|average|min|max)\s*(?:\(\s*([\w*]*)\s*\))?\s*$/i.exec(aggregate);
    if (!m) return;
    const fn = (m[1] as string).toLowerCase().replace("average", "avg");
    fixed = { fn, ...(m[2] && m[2] !== "*" ? { column: m[2] } : {}) };
  } else if (isRecord(aggregate)) {
    const fn = aggregate.fn ?? aggregate.function ?? aggregate.type ?? aggregate.op ?? aggregate.operation;
    const column = aggregate.column ?? aggregate.field ?? aggregate.of;
    if (typeof fn !== "string" || (column !== undefined && typeof column !== "string")) return;
    const keys = Object.keys(aggregate);
    if (keys.length > 2) return;
    const name = fn.toLowerCase().replace("average", "avg");
    if (name === aggregate.fn && column === aggregate.column) return;
    fixed = { fn: name, ...(column ? { column } : {}) };
  } else return;
  block.aggregate = fixed;
  warnings.push({
    path: `${path}/aggregate`,
    message: `Wrote the aggregate ${JSON.stringify(aggregate)} as ${JSON.stringify(fixed)}.`,
  });
}

const NOW_WORDS = /^(now\(\)|current_timestamp(\(\))?|current_date|today|now|\$today|\{\{\s*now\s*\}\})$/i;
const USER_WORDS =
  /^(auth\.uid\(\)|current_user|current_user_id|\$user_?id|\$current_?user(\.id|_id)?|\$user\.uid|\{\{\s*(current_?)?user\.?_?id\s*\}\}|\$auth\.uid|user\.id)$/i;

export function userVariable(value: unknown): boolean {
  return typeof value === "string" && (USER_WORDS.test(value.trim()) || value.trim() === "$user.id");
}

/** SQL-ish defaults, literals written as text, and enum defaults in another case. */
export function fixDefault(column: Json, path: string, warnings: IntakeWarning[]): void {
  const value = column.default;
  if (value === undefined) return;
  let fixed: unknown = value;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (NOW_WORDS.test(trimmed) && (column.type === "date" || column.type === "timestamptz")) fixed = "$now";
    else if (USER_WORDS.test(trimmed) && (column.type === "uuid" || column.type === "user")) fixed = "$user.id";
    else if (column.type === "int" && /^-?\d+$/.test(trimmed)) fixed = Number(trimmed);
    else if (column.type === "float" && /^-?\d+(\.\d+)?$/.test(trimmed)) fixed = Number(trimmed);
    else if (column.type === "bool" && trimmed.toLowerCase() in BOOLEAN_TEXT)
      fixed = BOOLEAN_TEXT[trimmed.toLowerCase()];
    else if (Array.isArray(column.enum) && !column.enum.includes(value)) {
      const same = column.enum.filter((e) => typeof e === "string" && e.toLowerCase() === trimmed.toLowerCase());
      if (same.length === 1) fixed = same[0];
    }
  }
  if (fixed === value) return;
  column.default = fixed;
  warnings.push({
    path: `${path}/default`,
    message: `Changed the default ${JSON.stringify(value)} to ${JSON.stringify(fixed)}.`,
  });
}

/** `/deals/{id}`, `/deals/[id]`, `/deals/:dealId`, `/Deals` → `/deals/:id`. */
export function fixRoute(page: Json, path: string, warnings: IntakeWarning[]): void {
  if (typeof page.route !== "string") return;
  const written = page.route;
  let route = written.trim();
  if (!route.startsWith("/")) route = `/${route}`;
  route = route
    .split("/")
    .map((part) => (/^(\{[\w]*\}|\[[\w]*\]|:[A-Za-z_]\w*)$/.test(part) ? ":id" : part.toLowerCase()))
    .join("/");
  if (route.length > 1) route = route.replace(/\/+$/, "");
  if (route === written) return;
  page.route = route;
  warnings.push({ path: `${path}/route`, message: `Changed the route "${written}" to "${route}".` });
}

const COLOURS: Record<string, string> = {
  blue: "#2563eb",
  indigo: "#4f46e5",
  purple: "#7c3aed",
  violet: "#7c3aed",
  pink: "#db2777",
  red: "#dc2626",
  orange: "#ea580c",
  amber: "#d97706",
  yellow: "#ca8a04",
  green: "#16a34a",
  emerald: "#059669",
  teal: "#0d9488",
  cyan: "#0891b2",
  sky: "#0284c7",
  gray: "#4b5563",
  grey: "#4b5563",
  slate: "#475569",
  black: "#111827",
  navy: "#1e3a8a",
  brown: "#92400e",
};

export function fixColour(app: Json, warnings: IntakeWarning[]): void {
  const theme = app.theme;
  if (!isRecord(theme) || typeof theme.primaryColor !== "string") return;
  const written = theme.primaryColor;
  const short = /^#?([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$/.exec(written);
  const fixed = short
    ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`
    : /^[0-9a-fA-F]{6}$/.test(written)
      ? `#${written}`
      : COLOURS[written.trim().toLowerCase()];
  if (!fixed || fixed === written) return;
  theme.primaryColor = fixed;
  warnings.push({ path: "/app/theme/primaryColor", message: `Changed the colour "${written}" to "${fixed}".` });
}

const NUMERIC_KEYS = new Set(["maxLength", "pageSize", "pollSeconds", "ratio", "version"]);
const BOOLEAN_KEYS = new Set(["required", "unique", "indexed", "bulkDelete"]);

/** Numbers and booleans written as strings, where the schema wants a number or a boolean. */
export function coerceScalars(owner: Json, path: string, warnings: IntakeWarning[]): void {
  for (const [key, value] of Object.entries(owner)) {
    if (typeof value !== "string") continue;
    const text = value.trim();
    let fixed: unknown;
    if (NUMERIC_KEYS.has(key) && /^-?\d+(\.\d+)?$/.test(text)) fixed = Number(text);
    else if (BOOLEAN_KEYS.has(key) && text.toLowerCase() in BOOLEAN_TEXT) fixed = BOOLEAN_TEXT[text.toLowerCase()];
    if (fixed === undefined) continue;
    owner[key] = fixed;
    warnings.push({ path: `${path}/${key}`, message: `Changed ${key} ${JSON.stringify(value)} to ${String(fixed)}.` });
  }
}
