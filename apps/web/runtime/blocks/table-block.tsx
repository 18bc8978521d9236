"use client";
/**
 * TABLE: one page of a table at a time from the server, sortable by any shown column,
 * searchable, filterable per column type, lookup columns by their label, row actions
 * and bulk delete when the role may delete. What it shows (search, filters, sort, hidden
 * columns, page) lives in the URL and can be saved as a view; the view exports as CSV or
 * XLSX, a file imports into it, and a cell edits in place (Enter or a click; Escape
 * cancels; arrows and Tab move) with the form's rules, saved optimistically and rolled
 * back with the database's reason when it refuses.
 */
import type { Block, Column } from "@plinth/blueprint";
import { type BaseRecord, type HttpError, useCan, useDeleteMany, useList, useUpdate } from "@refinedev/core";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, SearchIcon, Trash2Icon } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { ActionBar } from "../components/actions";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { useAppLocale, useRuntime } from "../components/runtime-context";
import { Value } from "../components/value";
import { describeRefusal, readOnlyColumns } from "../config/access";
import { toCrudFilters } from "../config/filters";
import { type FormValue, toInputValue, toPayload } from "../config/form-values";
import { humanizeEnum } from "../config/format";
import { columnLabel, findColumn, findTable, foreignKeyOf, SYSTEM_COLUMN_NAMES } from "../config/model";
import { can } from "../config/refine-config";
import { type ColumnFilterValue, type TableViewState, viewStateFrom } from "../config/view-state";
import { describeDbError } from "../data/db-errors";
import { useLookupLabels } from "../data/use-lookups";
import { useMembers } from "../data/use-members";
import { CellEditor, type EditEnd } from "./editable-cell";
import { ExportMenu } from "./table-export";
import { columnFilter, ME, NOBODY, searchFilter } from "./table-filters";
import { ImportButton } from "./table-import";
import { ColumnsMenu, SavedViews } from "./table-views";
import { useTableView } from "./use-table-view";

type TableBlock = Extract<Block, { type: "TABLE" }>;

/** A cell's edit the database has not confirmed yet, or confirmed before the page is read again. */
type Pending = Record<string, Record<string, { value: unknown; saved: boolean }>>;

export function TableBlockView({ block }: { block: TableBlock }) {
  const { blueprint, user } = useRuntime();
  const table = findTable(blueprint, block.table);
  const defaults = useMemo<TableViewState>(
    () => ({
      search: "",
      filters: {},
      sort: block.defaultSort
        ? { field: block.defaultSort.column, order: block.defaultSort.direction }
        : { field: "created_at", order: "desc" },
      hidden: [],
      page: 1,
    }),
    [block.defaultSort],
  );
  const [view, setView] = useTableView(block.id, defaults);
  const { search, filters: chosen, page } = view;
  const sort = useMemo(() => [view.sort], [view.sort]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const filterColumns = block.filterColumns.flatMap((name) => findColumn(table, name) ?? []);
  // People columns the table shows or filters by get "mine" and "nobody's" quick filters.
  const personColumns = [...new Set([...block.columns, ...block.filterColumns])].flatMap((name) => {
    const column = findColumn(table, name);
    return column?.type === "user" && !SYSTEM_COLUMN_NAMES.has(name) ? [column] : [];
  });
  const filters = useMemo(
    () => [
      ...toCrudFilters(block.filter, user),
      ...searchFilter(block.searchColumns, search),
      ...[...new Set([...filterColumns, ...personColumns])].flatMap((c) =>
        columnFilter(c, Boolean(foreignKeyOf(blueprint, block.table, c.name)), chosen[c.name], user.id),
      ),
    ],
    [block.filter, block.searchColumns, block.table, blueprint, user, search, chosen, filterColumns, personColumns],
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
  const { data: canEdit } = useCan({ resource: block.table, action: "edit" });
  const { data: canCreate } = useCan({ resource: block.table, action: "create" });
  const bulk = block.bulkDelete && canDelete?.can === true;
  const { mutate: deleteMany, mutation: deleting } = useDeleteMany();
  const total = result.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / block.pageSize));
  const allColumns = block.columns.map((name) => ({
    name,
    label: columnLabel(table, name),
    column: findColumn(table, name),
  }));
  const columns = allColumns.filter((c) => !view.hidden.includes(c.name));
  const labelColumn = block.columns[0] ?? "id";
  const locked = readOnlyColumns(blueprint, user.role, block.table);
  const editable = (column: Column | undefined, row: BaseRecord) =>
    canEdit?.can === true &&
    column !== undefined &&
    !SYSTEM_COLUMN_NAMES.has(column.name) &&
    !locked.includes(column.name) &&
    table?.columns.includes(column) === true &&
    can(blueprint, user.role, block.table, "edit", { row, user });
  const deletable = (row: BaseRecord) => can(blueprint, user.role, block.table, "delete", { row, user });

  const change = (next: Partial<TableViewState>) => setView((v) => ({ ...v, page: 1, ...next }));
  const toggleSort = (field: string) => {
    const current = view.sort.field === field ? view.sort.order : undefined;
    change({ sort: { field, order: current === "asc" ? "desc" : "asc" } });
  };
  const setFilter = (name: string, value: ColumnFilterValue) =>
    change({ filters: { ...chosen, [name]: { ...chosen[name], ...value } } });
  const filtered = search !== "" || Object.values(chosen).some((c) => c.value || c.from || c.to);

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
              onChange={(e) => change({ search: e.target.value })}
            />
          </div>
        )}
        {personColumns.map((column) => (
          <QuickFilters
            key={column.name}
            label={personColumns.length === 1 ? undefined : columnLabel(table, column.name)}
            value={chosen[column.name]?.value}
            onChange={(value) => setFilter(column.name, { value })}
          />
        ))}
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
      <div className="flex flex-wrap items-center gap-2">
        <SavedViews viewKey={block.id} current={view} onOpen={(state) => setView(viewStateFrom(state, defaults))} />
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <ColumnsMenu
            columns={allColumns}
            hidden={view.hidden}
            onChange={(hidden) => setView((v) => ({ ...v, hidden }))}
          />
          <ExportMenu
            table={block.table}
            fileName={table?.label ?? block.table}
            columns={columns.map(({ name, label }) => ({
              name,
              label,
              foreignKey: foreignKeyOf(blueprint, block.table, name),
            }))}
            filters={filters}
            sorters={sort}
          />
          {canCreate?.can === true && table && <ImportButton table={table} />}
        </div>
      </div>
      {query.isLoading ? (
        <BlockLoading rows={5} />
      ) : query.isError ? (
        <BlockError error={query.error} onRetry={() => query.refetch()} />
      ) : rows.length === 0 ? (
        <BlockEmpty
          title={filtered ? "Nothing matches" : `No ${(table?.label ?? block.table).toLowerCase()} yet`}
          description={filtered ? "Try another search or clear the filters." : undefined}
        />
      ) : (
        <Grid
          block={block}
          rows={rows}
          columns={columns}
          labels={labels}
          bulk={bulk}
          selected={selected}
          setSelected={setSelected}
          labelColumn={labelColumn}
          sort={view.sort}
          onSort={toggleSort}
          editable={editable}
          deletable={deletable}
        />
      )}
      <nav className="text-muted-foreground flex items-center justify-between gap-2 text-sm" aria-label="Pages">
        <span>
          {total === 0
            ? "0 records"
            : `${(page - 1) * block.pageSize + 1}–${Math.min(page * block.pageSize, total)} of ${total}`}
        </span>
        <div className="flex items-center gap-2">
          <Button
            size="sm"
            variant="outline"
            disabled={page <= 1}
            onClick={() => setView((v) => ({ ...v, page: v.page - 1 }))}
          >
            Previous
          </Button>
          <span aria-live="polite">
            Page {page} of {pages}
          </span>
          <Button
            size="sm"
            variant="outline"
            disabled={page >= pages}
            onClick={() => setView((v) => ({ ...v, page: v.page + 1 }))}
          >
            Next
          </Button>
        </div>
      </nav>
    </div>
  );
}

interface GridColumn {
  name: string;
  label: string;
  column: Column | undefined;
}

function Grid({
  block,
  rows,
  columns,
  labels,
  bulk,
  selected,
  setSelected,
  labelColumn,
  sort,
  onSort,
  editable,
  deletable,
}: {
  block: TableBlock;
  rows: BaseRecord[];
  columns: GridColumn[];
  labels: Record<string, Map<string, string>>;
  bulk: boolean;
  selected: Set<string>;
  setSelected: React.Dispatch<React.SetStateAction<Set<string>>>;
  labelColumn: string;
  sort: { field: string; order: "asc" | "desc" };
  onSort: (field: string) => void;
  editable: (column: Column | undefined, row: BaseRecord) => boolean;
  deletable: (row: BaseRecord) => boolean;
}) {
  const { blueprint, user } = useRuntime();
  const locale = useAppLocale();
  const gridRef = useRef<HTMLTableElement>(null);
  const [chosenCell, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  // Another page or fewer columns may leave the chosen cell outside the grid; the nearest one takes its place.
  const active = {
    row: Math.max(0, Math.min(chosenCell.row, rows.length - 1)),
    col: Math.max(0, Math.min(chosenCell.col, columns.length - 1)),
  };
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState<Pending>({});
  const [refusal, setRefusal] = useState<string>();
  const { mutate: update } = useUpdate();

  // A fresh read of the page shows what the database holds: confirmed edits are in it now.
  const [readRows, setReadRows] = useState(rows);
  if (readRows !== rows) {
    setReadRows(rows);
    setPending(dropSaved);
  }

  // Focus follows the active cell only once the user moves in the grid: never on a (re)load.
  const moved = useRef(false);
  useEffect(() => {
    if (!editing && moved.current)
      gridRef.current?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`)?.focus();
  }, [active.row, active.col, editing]);

  const shownValue = (row: BaseRecord, name: string) => {
    const edit = pending[String(row.id)]?.[name];
    return edit ? edit.value : row[name];
  };

  const move = (row: number, col: number) => {
    moved.current = true;
    setActive({
      row: Math.max(0, Math.min(rows.length - 1, row)),
      col: Math.max(0, Math.min(columns.length - 1, col)),
    });
  };

  function save(row: BaseRecord, { name, label, column }: GridColumn, value: FormValue) {
    if (!column) return;
    const id = String(row.id);
    const payload = toPayload([column], { [name]: value }, "edit", locale);
    if (payload[name] === row[name] || (payload[name] === null && (row[name] ?? null) === null)) return;
    setRefusal(undefined);
    setPending((p) => ({ ...p, [id]: { ...p[id], [name]: { value: payload[name], saved: false } } }));
    update(
      { resource: block.table, id, values: payload, successNotification: false, errorNotification: false },
      {
        onSuccess: () =>
          setPending((p) => {
            const edit = p[id]?.[name];
            return edit ? { ...p, [id]: { ...p[id], [name]: { ...edit, saved: true } } } : p;
          }),
        onError: (error) => {
          setPending((p) => withoutEdit(p, id, name));
          const refusal = describeRefusal(blueprint, user.role, block.table, "update", [name]);
          const reason = describeDbError(error as HttpError, [name], refusal).message;
          setRefusal(`${label} of "${String(row[labelColumn] ?? id)}" was not saved: ${reason}`);
        },
      },
    );
  }

  function endEdit(row: BaseRecord, rowIndex: number, colIndex: number, how: EditEnd, value: FormValue) {
    const col = columns[colIndex];
    if (how !== "cancel" && col) save(row, col, value);
    moved.current = true;
    setEditing(false);
    if (how === "save-next") move(rowIndex, colIndex + 1);
    if (how === "save-previous") move(rowIndex, colIndex - 1);
  }

  function onGridKey(event: React.KeyboardEvent) {
    if (editing) return;
    const { row, col } = active;
    if (!(event.target as HTMLElement).dataset.cell) return;
    const startEdit = () => rows[row] && editable(columns[col]?.column, rows[row]) && setEditing(true);
    switch (event.key) {
      case "ArrowDown":
        move(row + 1, col);
        break;
      case "ArrowUp":
        move(row - 1, col);
        break;
      case "ArrowRight":
        move(row, col + 1);
        break;
      case "ArrowLeft":
        move(row, col - 1);
        break;
      case "Home":
        move(row, 0);
        break;
      case "End":
        move(row, columns.length - 1);
        break;
      case "Enter":
      case "F2":
        startEdit();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <div className="grid gap-2">
      {refusal && (
        <Alert variant="destructive">
          <AlertDescription role="alert">{refusal}</AlertDescription>
        </Alert>
      )}
      <div className="relative overflow-x-auto rounded-lg border">
        <table ref={gridRef} className="w-full text-sm" aria-label={block.title ?? block.table} onKeyDown={onGridKey}>
          <thead className="bg-muted/50 text-left">
            <tr>
              {bulk && (
                <th className="w-10 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    className="accent-primary size-4"
                    checked={rows.some(deletable) && rows.filter(deletable).every((r) => selected.has(String(r.id)))}
                    onChange={(e) =>
                      setSelected(
                        e.target.checked ? new Set(rows.filter(deletable).map((r) => String(r.id))) : new Set(),
                      )
                    }
                  />
                </th>
              )}
              {columns.map(({ name, label }) => {
                const order = sort.field === name ? sort.order : undefined;
                return (
                  <th
                    key={name}
                    className="px-3 py-2 font-medium"
                    aria-sort={order === "asc" ? "ascending" : order === "desc" ? "descending" : "none"}
                  >
                    <button
                      type="button"
                      className="hover:text-foreground inline-flex items-center gap-1 rounded focus-visible:ring-2 focus-visible:ring-ring outline-none"
                      onClick={() => onSort(name)}
                    >
                      {label}
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
            {rows.map((row, rowIndex) => {
              const id = String(row.id);
              return (
                <tr key={id} className="border-t hover:bg-muted/30">
                  {bulk && (
                    <td className="px-3 py-2">
                      {deletable(row) && (
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
                      )}
                    </td>
                  )}
                  {columns.map((col, colIndex) => {
                    const here = active.row === rowIndex && active.col === colIndex;
                    const canEdit = editable(col.column, row);
                    const value = shownValue(row, col.name);
                    return (
                      // biome-ignore lint/a11y/useKeyWithClickEvents: the grid's keys (arrows, Enter, F2) are handled on the table.
                      <td
                        key={col.name}
                        data-cell={`${rowIndex}:${colIndex}`}
                        tabIndex={here && !editing ? 0 : -1}
                        aria-busy={pending[id]?.[col.name]?.saved === false || undefined}
                        className="max-w-72 px-3 py-2 align-middle outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
                        onClick={(event) => {
                          if ((event.target as HTMLElement).closest("a, button, input, select, textarea")) return;
                          setActive({ row: rowIndex, col: colIndex });
                          if (canEdit) setEditing(true);
                        }}
                      >
                        {here && editing && canEdit && col.column ? (
                          <CellEditor
                            column={col.column}
                            label={col.label}
                            initial={toInputValue(col.column, value, locale)}
                            foreignKey={foreignKeyOf(blueprint, block.table, col.name)}
                            onEnd={(how, next) => endEdit(row, rowIndex, colIndex, how, next)}
                          />
                        ) : (
                          <Value column={col.column} value={value} lookup={labels[col.name]} />
                        )}
                      </td>
                    );
                  })}
                  {block.rowActions.length > 0 && (
                    <td className="px-3 py-2">
                      <div className="flex justify-end">
                        <ActionBar
                          wrap={false}
                          actions={block.rowActions}
                          table={block.table}
                          recordId={id}
                          recordLabel={String(row[labelColumn] ?? "")}
                          record={row}
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
    </div>
  );
}

function withoutEdit(pending: Pending, id: string, name: string): Pending {
  const { [name]: _dropped, ...rest } = pending[id] ?? {};
  return { ...pending, [id]: rest };
}

function dropSaved(pending: Pending): Pending {
  const next: Pending = {};
  for (const [id, edits] of Object.entries(pending)) {
    const open = Object.fromEntries(Object.entries(edits).filter(([, e]) => !e.saved));
    if (Object.keys(open).length > 0) next[id] = open;
  }
  return next;
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
  if (column.type === "user") return <MemberFilter label={label} value={value?.value} onChange={onChange} />;
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
    const end = (which: "from" | "to") => (
      <Input
        type={type}
        aria-label={`${label} ${which}`}
        className="w-36"
        value={value?.[which] ?? ""}
        onChange={(e) => onChange({ [which]: e.target.value })}
      />
    );
    return (
      <fieldset className="flex items-center gap-1">
        <legend className="sr-only">{label} range</legend>
        {end("from")}
        <span className="text-muted-foreground text-xs">to</span>
        {end("to")}
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

/** "Assigned to me" and "Unassigned" for a people column. */
function QuickFilters({
  label,
  value,
  onChange,
}: {
  /** The column's label where the table has several people columns; one needs no name. */
  label?: string;
  value: string | undefined;
  onChange: (value: string) => void;
}) {
  const options = [
    { value: ME, text: label ? `${label}: me` : "Assigned to me" },
    { value: NOBODY, text: label ? `No ${label.toLowerCase()}` : "Unassigned" },
  ];
  return (
    <fieldset className="flex gap-1">
      <legend className="sr-only">{label ?? "Assignment"}</legend>
      {options.map((option) => (
        <Button
          key={option.value}
          type="button"
          size="sm"
          variant={value === option.value ? "secondary" : "outline"}
          aria-pressed={value === option.value}
          onClick={() => onChange(value === option.value ? "" : option.value)}
        >
          {option.text}
        </Button>
      ))}
    </fieldset>
  );
}

/** A people column's filter: anyone, me, nobody, or one member by name. */
function MemberFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: ColumnFilterValue) => void;
}) {
  const { user } = useRuntime();
  const members = useMembers();
  return (
    <div className="w-44">
      <NativeSelect
        aria-label={`Filter by ${label}`}
        value={value ?? ""}
        onChange={(e) => onChange({ value: e.target.value })}
      >
        <option value="">{label}: anyone</option>
        <option value={ME}>{label}: me</option>
        <option value={NOBODY}>{label}: nobody</option>
        {members.list
          .filter((m) => m.id !== user.id)
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </NativeSelect>
    </div>
  );
}
