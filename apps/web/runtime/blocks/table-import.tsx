"use client";
/**
 * Import of a CSV or XLSX file into a table: the member picks the file, says which file
 * column fills which table column, sees the first rows and every row that would fail
 * (with the form's reason), and chooses all-or-nothing or only the valid rows. The rows
 * are written in one transaction under the member's role; progress shows as they go.
 */
import type { Table } from "@plinth/blueprint";
import { useDataProvider, useInvalidate } from "@refinedev/core";
import { UploadIcon } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { NativeSelect } from "@/components/ui/native-select";
import { useAppLocale, useRuntime } from "../components/runtime-context";
import {
  autoMapping,
  type ColumnMapping,
  checkRows,
  type ImportColumn,
  lookupIds,
  mappingProblems,
} from "../config/import-rows";
import { columnLabel, foreignKeyOf, tableLabel } from "../config/model";
import { type ImportResult, useAppServices } from "../data/app-services";
import { describeDbError } from "../data/db-errors";
import { fetchAll } from "../data/fetch-all";
import { readSpreadsheet } from "../data/spreadsheet-files";

const PREVIEW_ROWS = 5;

const rowCount = (n: number) => `${n} ${n === 1 ? "row" : "rows"}`;

export function ImportButton({ table }: { table: Table }) {
  const services = useAppServices();
  const [open, setOpen] = useState(false);
  if (!services) return null;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <UploadIcon aria-hidden="true" />
          Import
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>Import {(table.label ?? table.name).toLowerCase()}</DialogTitle>
          <DialogDescription>From a CSV or Excel (.xlsx) file whose first row names its columns.</DialogDescription>
        </DialogHeader>
        {open && <ImportFlow table={table} />}
      </DialogContent>
    </Dialog>
  );
}

type Phase =
  | { step: "choose" }
  | { step: "map"; fileName: string; headers: string[]; rows: string[][] }
  | { step: "sending"; sent: number; total: number }
  | { step: "done"; result: ImportResult; lines: number[] };

function ImportFlow({ table }: { table: Table }) {
  const { blueprint } = useRuntime();
  const locale = useAppLocale();
  const services = useAppServices();
  const dataProvider = useDataProvider()();
  const invalidate = useInvalidate();
  const fileId = useId();
  const [phase, setPhase] = useState<Phase>({ step: "choose" });
  const [problem, setProblem] = useState<string>();
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [mode, setMode] = useState<"all" | "valid">("all");
  const [lookups, setLookups] = useState<Record<string, Map<string, string | null>>>({});

  const columns: ImportColumn[] = useMemo(
    () =>
      table.columns.map((column) => {
        const fk = foreignKeyOf(blueprint, table.name, column.name);
        const ids = fk ? lookups[column.name] : undefined;
        return {
          column,
          label: columnLabel(table, column.name),
          ...(fk && ids && { lookup: { tableLabel: tableLabel(blueprint, fk.refTable).toLowerCase(), ids } }),
        };
      }),
    [blueprint, table, lookups],
  );

  // A lookup column's labels are fetched once it is mapped: the file names rows by label.
  const wanted = table.columns
    .filter((c) => mapping[c.name] !== undefined && foreignKeyOf(blueprint, table.name, c.name))
    .map((c) => c.name)
    .join(",");
  const requested = useRef(new Set<string>());
  useEffect(() => {
    for (const name of wanted.split(",").filter(Boolean)) {
      const fk = foreignKeyOf(blueprint, table.name, name);
      if (!fk || requested.current.has(name)) continue;
      requested.current.add(name);
      fetchAll(dataProvider, {
        resource: fk.refTable,
        select: fk.labelColumn === "id" ? "id" : `id,${fk.labelColumn}`,
      }).then(
        (rows) =>
          setLookups((l) => ({
            ...l,
            [name]: lookupIds(rows.map((r) => ({ id: r.id, label: r[fk.labelColumn] }))),
          })),
        (error: Error) =>
          setProblem(`The ${tableLabel(blueprint, fk.refTable).toLowerCase()} could not be read: ${error.message}`),
      );
    }
  }, [wanted, blueprint, table.name, dataProvider]);
  const waiting = wanted.split(",").some((name) => name !== "" && !lookups[name]);

  const checked = useMemo(
    () => (phase.step === "map" && !waiting ? checkRows(phase.rows, columns, mapping, locale) : undefined),
    [phase, columns, mapping, waiting, locale],
  );

  async function choose(file: File | undefined) {
    setProblem(undefined);
    if (!file) return;
    try {
      const [headers, ...rows] = await readSpreadsheet(file);
      if (!headers || rows.length === 0) {
        setProblem("This file has no rows under its header row; choose another.");
        return;
      }
      setMapping(autoMapping(headers, columns));
      setPhase({ step: "map", fileName: file.name, headers, rows });
    } catch (error) {
      setProblem((error as Error).message || "This file could not be read as CSV or XLSX.");
    }
  }

  async function start() {
    if (!checked || !services) return;
    const payloads = checked.valid.map((r) => r.payload);
    setPhase({ step: "sending", sent: 0, total: payloads.length });
    try {
      const result = await services.importRows(table.name, mode, payloads, (sent) =>
        setPhase({ step: "sending", sent, total: payloads.length }),
      );
      setPhase({ step: "done", result, lines: checked.valid.map((r) => r.line) });
      if (result.inserted > 0) void invalidate({ resource: table.name, invalidates: ["list", "many"] });
    } catch (error) {
      setProblem((error as Error).message);
      setPhase({ step: "choose" });
    }
  }

  const problems = phase.step === "map" ? mappingProblems(columns, mapping) : [];
  return (
    <div className="grid gap-4">
      {problem && (
        <Alert variant="destructive">
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      )}
      {phase.step === "choose" && (
        <div className="grid gap-2">
          <label htmlFor={fileId} className="text-sm font-medium">
            File
          </label>
          <input
            id={fileId}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </div>
      )}
      {phase.step === "map" && (
        <>
          <fieldset className="grid gap-2 sm:grid-cols-2">
            <legend className="mb-2 text-sm font-medium">
              Which column of {phase.fileName} fills each field ({rowCount(phase.rows.length)})
            </legend>
            {columns.map(({ column, label }) => (
              <div key={column.name} className="grid gap-1 text-sm">
                <span>
                  {label}
                  {column.required && column.default === undefined ? " (required)" : ""}
                </span>
                <NativeSelect
                  aria-label={`File column for ${label}`}
                  value={mapping[column.name] ?? ""}
                  onChange={(e) =>
                    setMapping((m) => {
                      const next = { ...m };
                      if (e.target.value === "") delete next[column.name];
                      else next[column.name] = Number(e.target.value);
                      return next;
                    })
                  }
                >
                  <option value="">— not imported —</option>
                  {phase.headers.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: two file columns may share a header.
                    <option key={i} value={i}>
                      {h || `Column ${i + 1}`}
                    </option>
                  ))}
                </NativeSelect>
              </div>
            ))}
          </fieldset>
          {problems.map((p) => (
            <p key={p} className="text-destructive text-sm">
              {p}
            </p>
          ))}
          <Preview headers={phase.headers} rows={phase.rows.slice(0, PREVIEW_ROWS)} />
          {!checked ? (
            <p className="text-muted-foreground text-sm">Reading the lookups to match labels…</p>
          ) : (
            <>
              <p className="text-sm" aria-live="polite">
                {rowCount(checked.valid.length)} ready to import, {checked.failed.length} would fail.
              </p>
              {checked.failed.length > 0 && (
                <section aria-label="Rows that would fail" className="max-h-64 overflow-y-auto rounded-md border p-2">
                  <ol className="grid gap-1 text-sm">
                    {checked.failed.map((f) => (
                      <li key={f.line}>
                        <span className="font-medium">Line {f.line}:</span> {f.reasons.join(" ")}
                      </li>
                    ))}
                  </ol>
                </section>
              )}
              <fieldset className="grid gap-1 text-sm">
                <legend className="mb-1 font-medium">How to import</legend>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" checked={mode === "all"} onChange={() => setMode("all")} />
                  All or nothing: if any row fails, import none
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" checked={mode === "valid"} onChange={() => setMode("valid")} />
                  Import the valid rows and skip the others
                </label>
              </fieldset>
              {mode === "all" && checked.failed.length > 0 && (
                <p className="text-destructive text-sm">
                  Fix the failing rows in the file, or choose to import only the valid rows.
                </p>
              )}
              <div className="flex justify-end gap-2">
                <Button variant="ghost" onClick={() => setPhase({ step: "choose" })}>
                  Choose another file
                </Button>
                <Button
                  onClick={() => void start()}
                  disabled={
                    problems.length > 0 || checked.valid.length === 0 || (mode === "all" && checked.failed.length > 0)
                  }
                >
                  Import {rowCount(checked.valid.length)}
                </Button>
              </div>
            </>
          )}
        </>
      )}
      {phase.step === "sending" && (
        <div className="grid gap-2">
          <progress className="w-full" value={phase.sent} max={phase.total} aria-label="Import progress" />
          <p className="text-sm" aria-live="polite">
            {phase.sent < phase.total
              ? `Sent ${phase.sent} of ${rowCount(phase.total)}…`
              : `Writing ${rowCount(phase.total)}…`}
          </p>
        </div>
      )}
      {phase.step === "done" && (
        <Outcome result={phase.result} lines={phase.lines} fields={table.columns.map((c) => c.name)} />
      )}
    </div>
  );
}

function Preview({ headers, rows }: { headers: string[]; rows: string[][] }) {
  return (
    <div className="overflow-x-auto rounded-md border">
      <table className="w-full text-xs" aria-label="First rows of the file">
        <thead className="bg-muted/50 text-left">
          <tr>
            {headers.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: headers may repeat.
              <th key={i} className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a file have no id but their position.
            <tr key={i} className="border-t">
              {headers.map((_, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells of a file have no id but their position.
                <td key={j} className="px-2 py-1">
                  {r[j] ?? ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Outcome({ result, lines, fields }: { result: ImportResult; lines: number[]; fields: string[] }) {
  const refused = result.refused.map((r) => ({
    line: lines[r.index] ?? r.index + 2,
    message: describeDbError(r.refusal, fields).message,
  }));
  return (
    <div className="grid gap-2" role="status">
      <p className="font-medium">
        {result.rolledBack ? `Nothing was imported. ${result.rolledBack}` : `Imported ${rowCount(result.inserted)}.`}
      </p>
      {refused.length > 0 && (
        <section aria-label="Rows the database refused" className="max-h-64 overflow-y-auto rounded-md border p-2">
          <ol className="grid gap-1 text-sm">
            {refused.map((r) => (
              <li key={r.line}>
                <span className="font-medium">Line {r.line}:</span> {r.message}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
