"use client";
/**
 * TABLE: one page of a table at a time from the server, sortable by any shown column,
 * searchable, filterable per column type, lookup columns by their label, row actions
 * and bulk delete when the role may delete.
 */
import type { Block, Column } from "@plinth/blueprint";
import { type CrudSort, useCan, useDeleteMany, useList } from "@refinedev/core";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, SearchIcon, Trash2Icon } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { ActionBar } from "../components/actions";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { useRuntime } from "../components/runtime-context";
import { Value } from "../components/value";
import { toCrudFilters } from "../config/filters";
import { humanizeEnum } from "../config/format";
import { columnLabel, findColumn, findTable, foreignKeyOf } from "../config/model";
import { useLookupLabels } from "../data/use-lookups";
import { type ColumnFilterValue, columnFilter, searchFilter } from "./table-filters";

type TableBlock = Extract<Block, { type: "TABLE" }>;

export function TableBlockView({ block }: { block: TableBlock }) {
  const { blueprint, user } = useRuntime();
  const table = findTable(blueprint, block.table);
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<CrudSort[]>(
    block.defaultSort
      ? [{ field: block.defaultSort.column, order: block.defaultSort.direction }]
      : [{ field: "created_at", order: "desc" }],
  );
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<Record<string, ColumnFilterValue>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const filterColumns = block.filterColumns.flatMap((name) => findColumn(table, name) ?? []);
  const filters = useMemo(
    () => [
      ...toCrudFilters(block.filter, user),
      ...searchFilter(block.searchColumns, search),
      ...filterColumns.flatMap((c) =>
        columnFilter(c, Boolean(foreignKeyOf(blueprint, block.table, c.name)), chosen[c.name]),
      ),
    ],
    [block.filter, block.searchColumns, block.table, blueprint, user, search, chosen, filterColumns],
  );
  const { result, query } = useList({
    resource: block.table,
    pagination: { currentPage: page, pageSize: block.pageSize, mode: "server" },
    sorters: sort,
    filters,
  });
  const rows = result.data;
  const labels = useLookupLabels(block.table, block.columns, rows);
  const { data: canDelete } = useCan({
    resource: block.table,
    action: "delete",
    queryOptions: { enabled: block.bulkDelete },
  });
  const bulk = block.bulkDelete && canDelete?.can === true;
  const { mutate: deleteMany, mutation: deleting } = useDeleteMany();
  const total = result.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / block.pageSize));
  const columns = block.columns.map((name) => ({ name, column: findColumn(table, name) }));
  const labelColumn = block.columns[0] ?? "id";

  const toggleSort = (field: string) => {
    const current = sort[0]?.field === field ? sort[0].order : undefined;
    setSort([{ field, order: current === "asc" ? "desc" : "asc" }]);
    setPage(1);
  };
  const setFilter = (name: string, value: ColumnFilterValue) => {
    setChosen((c) => ({ ...c, [name]: { ...c[name], ...value } }));
    setPage(1);
  };

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-end gap-2">
        {block.searchColumns.length > 0 && (
          <div className="relative min-w-48 flex-1">
            <SearchIcon
              aria-hidden="true"
              className="text-muted-foreground absolute top-1/2 left-3 size-4 -translate-y-1/2"
            />
            <Input
              type="search"
              aria-label={`Search ${block.searchColumns.map((c) => columnLabel(table, c)).join(", ")}`}
              placeholder={`Search ${block.searchColumns.map((c) => columnLabel(table, c).toLowerCase()).join(", ")}…`}
              className="pl-9"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
          </div>
        )}
        {filterColumns.map((column) => (
          <ColumnFilter
            key={column.name}
            column={column}
            label={columnLabel(table, column.name)}
            isLookup={Boolean(foreignKeyOf(blueprint, block.table, column.name))}
            value={chosen[column.name]}
            onChange={(v) => setFilter(column.name, v)}
          />
        ))}
        <div className="ml-auto flex flex-wrap gap-2">
          {bulk && selected.size > 0 && (
            <Button
              size="sm"
              variant="destructive"
              disabled={deleting.isPending}
              onClick={() =>
                deleteMany(
                  {
                    resource: block.table,
                    ids: [...selected],
                    successNotification: () => ({ type: "success", message: `Deleted ${selected.size}.` }),
                    errorNotification: (error) => ({
                      type: "error",
                      message: "Could not delete",
                      description: error?.message,
                    }),
                  },
                  { onSuccess: () => setSelected(new Set()) },
                )
              }
            >
              <Trash2Icon aria-hidden="true" />
              Delete {selected.size} selected
            </Button>
          )}
          <ActionBar actions={block.toolbarActions} table={block.table} />
        </div>
      </div>
      {query.isLoading ? (
        <BlockLoading rows={5} />
      ) : query.isError ? (
        <BlockError error={query.error} onRetry={() => query.refetch()} />
      ) : rows.length === 0 ? (
        <BlockEmpty
          title={
            search || Object.keys(chosen).length > 0
              ? "Nothing matches"
              : `No ${(table?.label ?? block.table).toLowerCase()} yet`
          }
          description={
            search || Object.keys(chosen).length > 0 ? "Try another search or clear the filters." : undefined
          }
        />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left">
              <tr>
                {bulk && (
                  <th className="w-10 px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      className="accent-primary size-4"
                      checked={rows.length > 0 && rows.every((r) => selected.has(String(r.id)))}
                      onChange={(e) =>
                        setSelected(e.target.checked ? new Set(rows.map((r) => String(r.id))) : new Set())
                      }
                    />
                  </th>
                )}
                {columns.map(({ name }) => {
                  const order = sort[0]?.field === name ? sort[0].order : undefined;
                  return (
                    <th
                      key={name}
                      className="px-3 py-2 font-medium"
                      aria-sort={order === "asc" ? "ascending" : order === "desc" ? "descending" : "none"}
                    >
                      <button
                        type="button"
                        className="hover:text-foreground inline-flex items-center gap-1 rounded focus-visible:ring-2 focus-visible:ring-ring outline-none"
                        onClick={() => toggleSort(name)}
                      >
                        {columnLabel(table, name)}
                        {order === "asc" ? (
                          <ArrowUpIcon className="size-3.5" aria-hidden="true" />
                        ) : order === "desc" ? (
                          <ArrowDownIcon className="size-3.5" aria-hidden="true" />
                        ) : (
                          <ArrowUpDownIcon className="text-muted-foreground size-3.5" aria-hidden="true" />
                        )}
                      </button>
                    </th>
                  );
                })}
                {block.rowActions.length > 0 && (
                  <th className="px-3 py-2 text-right font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const id = String(row.id);
                return (
                  <tr key={id} className="border-t hover:bg-muted/30">
                    {bulk && (
                      <td className="px-3 py-2">
                        <input
                          type="checkbox"
                          aria-label={`Select ${String(row[labelColumn] ?? id)}`}
                          className="accent-primary size-4"
                          checked={selected.has(id)}
                          onChange={(e) =>
                            setSelected((s) => {
                              const next = new Set(s);
                              if (e.target.checked) next.add(id);
                              else next.delete(id);
                              return next;
                            })
                          }
                        />
                      </td>
                    )}
                    {columns.map(({ name, column }) => (
                      <td key={name} className="max-w-72 px-3 py-2 align-middle">
                        <Value column={column} value={row[name]} lookup={labels[name]} />
                      </td>
                    ))}
                    {block.rowActions.length > 0 && (
                      <td className="px-3 py-2">
                        <div className="flex justify-end">
                          <ActionBar
                            wrap={false}
                            actions={block.rowActions}
                            table={block.table}
                            recordId={id}
                            recordLabel={String(row[labelColumn] ?? "")}
                          />
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <nav className="text-muted-foreground flex items-center justify-between gap-2 text-sm" aria-label="Pages">
        <span>
          {total === 0
            ? "0 records"
            : `${(page - 1) * block.pageSize + 1}–${Math.min(page * block.pageSize, total)} of ${total}`}
        </span>
        <div className="flex items-center gap-2">
          <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </Button>
          <span aria-live="polite">
            Page {page} of {pages}
          </span>
          <Button size="sm" variant="outline" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            Next
          </Button>
        </div>
      </nav>
    </div>
  );
}

function ColumnFilter({
  column,
  label,
  isLookup,
  value,
  onChange,
}: {
  column: Column;
  label: string;
  isLookup: boolean;
  value: ColumnFilterValue | undefined;
  onChange: (value: ColumnFilterValue) => void;
}) {
  if (column.enum || column.type === "bool") {
    const options = column.enum ?? ["true", "false"];
    return (
      <div className="w-40">
        <NativeSelect
          aria-label={`Filter by ${label}`}
          value={value?.value ?? ""}
          onChange={(e) => onChange({ value: e.target.value })}
        >
          <option value="">{label}: all</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {column.type === "bool" ? (o === "true" ? "Yes" : "No") : humanizeEnum(o)}
            </option>
          ))}
        </NativeSelect>
      </div>
    );
  }
  if (column.type === "int" || column.type === "float" || column.type === "date" || column.type === "timestamptz") {
    const type = column.type === "int" || column.type === "float" ? "number" : "date";
    return (
      <fieldset className="flex items-center gap-1">
        <legend className="sr-only">{label} range</legend>
        <Input
          type={type}
          aria-label={`${label} from`}
          className="w-36"
          value={value?.from ?? ""}
          onChange={(e) => onChange({ from: e.target.value })}
        />
        <span className="text-muted-foreground text-xs">to</span>
        <Input
          type={type}
          aria-label={`${label} to`}
          className="w-36"
          value={value?.to ?? ""}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </fieldset>
    );
  }
  return (
    <Input
      aria-label={`Filter by ${label}`}
      placeholder={isLookup ? `${label} id` : `${label} contains…`}
      className="w-40"
      value={value?.value ?? ""}
      onChange={(e) => onChange({ value: e.target.value })}
    />
  );
}
