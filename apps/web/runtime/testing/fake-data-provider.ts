/**
 * A data provider for tests that records every call and answers with rows shaped from
 * the blueprint: each table gets a few rows whose values fit their columns (enums,
 * numbers within min/max, dates, image urls) and whose foreign keys point at rows of
 * the referenced table. Filters eq/in/nnull are applied so related lists and kanban
 * lanes hold the right rows; sorting and other operators are ignored. Aggregate selects
 * are answered as PostgREST answers them, one row per group.
 */
import type { BlueprintV2, Column } from "@plinth/blueprint";
import type { BaseRecord, CrudFilter, DataProvider } from "@refinedev/core";
import { foreignKeys } from "../config/model";

export interface RecordedCall {
  method: string;
  resource: string;
  params: Record<string, unknown>;
}

const ROWS_PER_TABLE = 3;
const rowId = (table: string, i: number) =>
  `00000000-0000-4000-8000-${String(i + 1).padStart(4, "0")}${table.length.toString(16).padStart(8, "0")}`;

function sampleValue(column: Column, table: string, i: number): unknown {
  if (column.enum) return column.enum[i % column.enum.length];
  switch (column.type) {
    case "bool":
      return i % 2 === 0;
    case "int":
    case "float": {
      const min = typeof column.min === "number" ? column.min : 0;
      const max = typeof column.max === "number" ? column.max : min + 1000;
      return Math.min(max, min + (i + 1) * (column.type === "int" ? 1 : 10.5));
    }
    case "date":
      return `2030-01-${String(10 + i).padStart(2, "0")}`;
    case "timestamptz":
      return new Date(Date.UTC(2030, 0, 10 + i, 9)).toISOString();
    case "uuid":
      return rowId(table, i);
    case "user":
      return `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
    case "jsonb":
      return { n: i };
    case "file":
      return `${column.name}/sample-${i + 1}/document-${i + 1}.pdf`;
    case "image":
      return `${column.name}/sample-${i + 1}/picture-${i + 1}.png`;
  }
  switch (column.format) {
    case "email":
      return `person${i}@example.com`;
    case "url":
      return `https://example.com/${i}`;
    case "image_url":
      return `https://example.com/${table}/${i}.png`;
    case "color":
      return "#2563eb";
    case "phone":
      return `+1 555 010${i}`;
  }
  return `${column.label ?? column.name} ${i + 1}`;
}

export function sampleRows(blueprint: BlueprintV2): Map<string, BaseRecord[]> {
  const fks = foreignKeys(blueprint);
  const rows = new Map<string, BaseRecord[]>();
  for (const table of blueprint.data.tables) {
    rows.set(
      table.name,
      Array.from({ length: ROWS_PER_TABLE }, (_, i) => {
        const row: BaseRecord = {
          id: rowId(table.name, i),
          created_at: new Date(Date.UTC(2030, 0, 1 + i)).toISOString(),
          updated_at: new Date(Date.UTC(2030, 0, 1 + i)).toISOString(),
          created_by: "user-1",
        };
        for (const column of table.columns) {
          const fk = fks.find((f) => f.table === table.name && f.column === column.name);
          // A self-reference makes row 0 the root and the others its children.
          row[column.name] = fk
            ? fk.refTable === table.name && i === 0
              ? null
              : rowId(fk.refTable, 0)
            : sampleValue(column, table.name, i);
        }
        return row;
      }),
    );
  }
  return rows;
}

function matches(row: BaseRecord, filter: CrudFilter): boolean {
  if (!("field" in filter)) return true;
  const value = row[filter.field];
  switch (filter.operator) {
    case "eq":
      return String(value) === String(filter.value);
    case "in":
      return (filter.value as unknown[]).map(String).includes(String(value));
    case "nnull":
      return value !== null && value !== undefined;
    default:
      return true;
  }
}

/**
 * PostgREST's aggregate selects (`stage,value:amount.sum()`, `value:count()`) over the
 * filtered rows: the plain columns group them, each aggregate is computed per group.
 */
function aggregated(rows: BaseRecord[], select: string): BaseRecord[] {
  const items = select.split(",").map((item) => {
    const [, alias, column, name = "", call] = /^(?:(\w+):)?(?:(\w+)\.)?(\w+)(\(\))?$/.exec(item.trim()) ?? [];
    return call ? { key: alias ?? name, column, fn: name } : { key: alias ?? name, column: name, fn: undefined };
  });
  const groups = new Map<string, BaseRecord[]>();
  for (const row of rows) {
    const key = JSON.stringify(items.filter((i) => !i.fn).map((i) => row[i.column as string]));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  if (groups.size === 0 && items.every((i) => i.fn)) groups.set("[]", []);
  return [...groups.values()].map((group) => {
    const out: BaseRecord = {};
    for (const item of items) {
      const values = item.column ? group.map((r) => r[item.column as string]).filter((v) => v !== null) : group;
      const nums = values.map(Number);
      out[item.key] = !item.fn
        ? group[0]?.[item.column as string]
        : item.fn === "count"
          ? values.length
          : nums.length === 0
            ? null
            : item.fn === "sum"
              ? nums.reduce((a, b) => a + b, 0)
              : item.fn === "avg"
                ? nums.reduce((a, b) => a + b, 0) / nums.length
                : Math[item.fn as "min" | "max"](...nums);
    }
    return out;
  });
}

export function createFakeDataProvider(
  blueprint: BlueprintV2,
  options: { fail?: (call: RecordedCall) => unknown } = {},
) {
  const tables = sampleRows(blueprint);
  const calls: RecordedCall[] = [];
  const record = (method: string, resource: string, params: Record<string, unknown>) => {
    const call = { method, resource, params };
    calls.push(call);
    const error = options.fail?.(call);
    if (error) return Promise.reject(error);
    return undefined;
  };
  const rowsOf = (resource: string) => tables.get(resource) ?? [];
  const provider: DataProvider = {
    getApiUrl: () => "http://fake",
    getList: async ({ resource, pagination, filters, sorters, meta }) => {
      await record("getList", resource, { pagination, filters, sorters, meta });
      const matching = rowsOf(resource).filter((r) => (filters ?? []).every((f) => matches(r, f)));
      const select = typeof meta?.select === "string" ? meta.select : "*";
      const all = select.includes("()") ? aggregated(matching, select) : matching;
      const { currentPage = 1, pageSize = 10 } = pagination ?? {};
      return { data: all.slice((currentPage - 1) * pageSize, currentPage * pageSize) as never, total: all.length };
    },
    getOne: async ({ resource, id, meta }) => {
      await record("getOne", resource, { id, meta });
      return { data: rowsOf(resource).find((r) => r.id === id) as never };
    },
    getMany: async ({ resource, ids, meta }) => {
      await record("getMany", resource, { ids, meta });
      return { data: rowsOf(resource).filter((r) => ids.includes(r.id as string)) as never };
    },
    create: async ({ resource, variables }) => {
      await record("create", resource, { variables });
      const row = { id: `new-${calls.length}`, ...(variables as object) };
      rowsOf(resource).push(row);
      return { data: row as never };
    },
    update: async ({ resource, id, variables }) => {
      await record("update", resource, { id, variables });
      const row = rowsOf(resource).find((r) => r.id === id);
      if (row) Object.assign(row, variables);
      return { data: row as never };
    },
    deleteOne: async ({ resource, id }) => {
      await record("deleteOne", resource, { id });
      const list = rowsOf(resource);
      const index = list.findIndex((r) => r.id === id);
      if (index >= 0) list.splice(index, 1);
      return { data: { id } as never };
    },
    deleteMany: async ({ resource, ids }) => {
      await record("deleteMany", resource, { ids });
      return { data: ids.map((id) => ({ id })) as never };
    },
  };
  return { provider, calls, tables };
}
