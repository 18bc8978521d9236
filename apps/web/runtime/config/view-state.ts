/**
 * What a TABLE block shows — search, filters, sort, hidden columns, page — as URL query
 * parameters (so a view is a link that survives a reload and can be shared) and as the
 * state a saved view keeps. Parameters are prefixed with the block's id so two tables on
 * one page keep their own; values equal to the block's defaults stay out of the URL.
 */
import type { CrudSort } from "@refinedev/core";

/** What the user chose for one filter column: a value (enum, bool, lookup, text) or a range (numbers, dates). */
export type ColumnFilterValue = { value?: string; from?: string; to?: string };

export interface TableViewState {
  search: string;
  filters: Record<string, ColumnFilterValue>;
  sort: CrudSort;
  hidden: string[];
  page: number;
}

const FILTER_PARTS = ["value", "from", "to"] as const;

export function readViewState(params: URLSearchParams, key: string, defaults: TableViewState): TableViewState {
  const get = (name: string) => params.get(`${key}.${name}`);
  const sort = get("sort");
  const page = Number(get("page"));
  const filters: Record<string, ColumnFilterValue> = {};
  const prefix = `${key}.f.`;
  for (const [name, value] of params) {
    if (!name.startsWith(prefix) || value === "") continue;
    const [column, part = "value"] = name.slice(prefix.length).split(".");
    if (!column || !FILTER_PARTS.includes(part as (typeof FILTER_PARTS)[number])) continue;
    filters[column] = { ...filters[column], [part]: value };
  }
  return {
    search: get("q") ?? defaults.search,
    filters: Object.keys(filters).length > 0 ? filters : defaults.filters,
    sort: sort ? { field: sort.replace(/^-/, ""), order: sort.startsWith("-") ? "desc" : "asc" } : defaults.sort,
    hidden: get("hide")?.split(",").filter(Boolean) ?? defaults.hidden,
    page: Number.isInteger(page) && page >= 1 ? page : defaults.page,
  };
}

/** The URL's parameters with this block's state written in (others' parameters kept as they are). */
export function writeViewState(
  params: URLSearchParams,
  key: string,
  state: TableViewState,
  defaults: TableViewState,
): URLSearchParams {
  const next = new URLSearchParams();
  for (const [name, value] of params) if (!name.startsWith(`${key}.`)) next.append(name, value);
  if (state.search) next.set(`${key}.q`, state.search);
  for (const [column, chosen] of Object.entries(state.filters)) {
    for (const part of FILTER_PARTS) {
      const value = chosen[part];
      if (value) next.set(part === "value" ? `${key}.f.${column}` : `${key}.f.${column}.${part}`, value);
    }
  }
  if (state.sort.field !== defaults.sort.field || state.sort.order !== defaults.sort.order)
    next.set(`${key}.sort`, `${state.sort.order === "desc" ? "-" : ""}${state.sort.field}`);
  if (state.hidden.length > 0) next.set(`${key}.hide`, state.hidden.join(","));
  if (state.page !== 1) next.set(`${key}.page`, String(state.page));
  return next;
}

/** A saved view's state as stored by someone (maybe an older runtime): anything unreadable takes the default. */
export function viewStateFrom(saved: unknown, defaults: TableViewState): TableViewState {
  const s = (typeof saved === "object" && saved !== null ? saved : {}) as Partial<
    Record<keyof TableViewState, unknown>
  >;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const filters: Record<string, ColumnFilterValue> = {};
  if (typeof s.filters === "object" && s.filters !== null) {
    for (const [column, chosen] of Object.entries(s.filters)) {
      if (typeof chosen !== "object" || chosen === null) continue;
      const c = chosen as Record<string, unknown>;
      filters[column] = Object.fromEntries(FILTER_PARTS.flatMap((p) => (text(c[p]) ? [[p, text(c[p])]] : [])));
    }
  }
  const sort = s.sort as Partial<CrudSort> | undefined;
  return {
    search: text(s.search) ?? defaults.search,
    filters,
    sort:
      sort && typeof sort.field === "string" && (sort.order === "asc" || sort.order === "desc")
        ? { field: sort.field, order: sort.order }
        : defaults.sort,
    hidden: Array.isArray(s.hidden) ? s.hidden.filter((h): h is string => typeof h === "string") : defaults.hidden,
    page: typeof s.page === "number" && Number.isInteger(s.page) && s.page >= 1 ? s.page : defaults.page,
  };
}
