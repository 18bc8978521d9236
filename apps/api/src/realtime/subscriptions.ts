/**
 * What a channel asks for in `config.postgres_changes`, checked against the app's tables:
 * an event, the app's schema, a table and at most one filter "column=op.value" with the
 * operators Supabase Realtime supports (eq, neq, lt, lte, gt, gte, in). Every refusal
 * says what was wrong and what to send instead.
 */
import type { SchemaModel } from "@plinth/rest";

export type ChangeEvent = "INSERT" | "UPDATE" | "DELETE";
const EVENTS = ["*", "INSERT", "UPDATE", "DELETE"] as const;
const OPERATORS = ["eq", "neq", "lt", "lte", "gt", "gte", "in"] as const;
type Operator = (typeof OPERATORS)[number];

export interface RowFilter {
  column: string;
  operator: Operator;
  /** One value, or several for `in`. */
  values: string[];
  /** How values compare: as numbers, as instants (any offset), or as text. */
  kind: "number" | "instant" | "text";
}

export interface Subscription {
  /** The id the client matches events by (the server's reply names it). */
  id: number;
  event: (typeof EVENTS)[number];
  schema: string;
  table: string;
  /** As the client sent it; the client compares the reply with its own binding. */
  filterText?: string;
  filter?: RowFilter;
}

export class SubscriptionError extends Error {
  override name = "SubscriptionError";
}

const NUMERIC_TYPES = new Set(["integer", "double precision"]);

function kindOf(pgType: string): RowFilter["kind"] {
  if (NUMERIC_TYPES.has(pgType)) return "number";
  return pgType === "timestamptz" ? "instant" : "text";
}

export function parseSubscriptions(
  requested: unknown,
  schema: string,
  model: SchemaModel,
  nextId: () => number,
): Subscription[] {
  if (requested === undefined) return [];
  if (!Array.isArray(requested)) {
    throw new SubscriptionError("config.postgres_changes must be a list of {event, schema, table, filter}.");
  }
  return requested.map((entry) => parseOne(entry, schema, model, nextId()));
}

function parseOne(entry: unknown, schema: string, model: SchemaModel, id: number): Subscription {
  const e = (entry ?? {}) as Record<string, unknown>;
  const event = EVENTS.find((known) => known === e.event);
  if (!event) {
    throw new SubscriptionError(`Unknown event ${JSON.stringify(e.event)}; listen for one of ${EVENTS.join(", ")}.`);
  }
  if (e.schema !== schema) {
    throw new SubscriptionError(
      `Your token is for the schema "${schema}", so you cannot listen to ${JSON.stringify(e.schema)}; subscribe with schema "${schema}".`,
    );
  }
  const table = model.tables.find((t) => t.name === e.table);
  if (!table) {
    throw new SubscriptionError(
      `This app has no table ${JSON.stringify(e.table)}; name one of ${model.tables.map((t) => t.name).join(", ")}.`,
    );
  }
  const subscription: Subscription = { id, event, schema, table: table.name };
  if (e.filter === undefined || e.filter === null || e.filter === "") return subscription;
  if (typeof e.filter !== "string") throw new SubscriptionError('A filter is text like "column=eq.value".');
  subscription.filterText = e.filter;
  subscription.filter = parseFilter(e.filter, table.columns);
  return subscription;
}

export function parseFilter(text: string, columns: { name: string; pgType: string }[]): RowFilter {
  const match = /^([^=]+)=([a-z]+)\.(.*)$/s.exec(text);
  if (!match) throw new SubscriptionError(`The filter "${text}" is not "column=operator.value", e.g. "id=eq.5".`);
  const [, columnName = "", op = "", raw = ""] = match;
  const column = columns.find((c) => c.name === columnName);
  if (!column) {
    throw new SubscriptionError(`The filter names the column "${columnName}", which this table does not have.`);
  }
  const operator = OPERATORS.find((known) => known === op);
  if (!operator) {
    throw new SubscriptionError(
      `The filter operator "${op}" is not supported for live changes; use one of ${OPERATORS.join(", ")}.`,
    );
  }
  let values = [raw];
  if (operator === "in") {
    const list = /^\((.*)\)$/s.exec(raw);
    if (!list)
      throw new SubscriptionError(`An "in" filter lists its values in parentheses, e.g. "${columnName}=in.(1,2)".`);
    values = (list[1] ?? "").split(",").map((v) => v.trim().replace(/^"(.*)"$/s, "$1"));
  }
  return { column: column.name, operator, values, kind: kindOf(column.pgType) };
}

/** Whether a row as read from the database holds for the filter (null never does, as in SQL). */
export function rowMatches(filter: RowFilter | undefined, row: Record<string, unknown>): boolean {
  if (!filter) return true;
  const cell = row[filter.column];
  if (cell === null || cell === undefined) return false;
  const compare = (value: string): number => {
    if (filter.kind === "number") return Number(cell) - Number(value);
    if (filter.kind === "instant") return Date.parse(String(cell)) - Date.parse(value);
    const text = typeof cell === "object" ? JSON.stringify(cell) : String(cell);
    return text < value ? -1 : text > value ? 1 : 0;
  };
  const [first = ""] = filter.values;
  switch (filter.operator) {
    case "eq":
      return compare(first) === 0;
    case "neq":
      return compare(first) !== 0;
    case "lt":
      return compare(first) < 0;
    case "lte":
      return compare(first) <= 0;
    case "gt":
      return compare(first) > 0;
    case "gte":
      return compare(first) >= 0;
    case "in":
      return filter.values.some((value) => compare(value) === 0);
  }
}

export function wantsEvent(subscription: Subscription, event: ChangeEvent): boolean {
  return subscription.event === "*" || subscription.event === event;
}
