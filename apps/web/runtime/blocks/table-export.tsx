"use client";
/**
 * Export of a TABLE's current view — its filters, search, sort and shown columns, every
 * page of it — as CSV or XLSX. Rows come through the data API as the member (so row
 * security applies), a page at a time, as JSON: the data API also answers text/csv, but
 * with ids in lookup columns, and a file people read and import back needs the labels
 * (XLSX needs the rows themselves anyway), so both formats are written here alike.
 */
import { type CrudFilter, type CrudSort, useDataProvider } from "@refinedev/core";
import { DownloadIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { type ExportColumn, exportTable } from "../config/export-rows";
import type { ForeignKey } from "../config/model";
import { fetchAll } from "../data/fetch-all";
import { download, type SpreadsheetFormat, spreadsheetBlob } from "../data/spreadsheet-files";

export function ExportMenu({
  table,
  fileName,
  columns,
  filters,
  sorters,
}: {
  table: string;
  fileName: string;
  columns: { name: string; label: string; foreignKey?: ForeignKey }[];
  filters: CrudFilter[];
  sorters: CrudSort[];
}) {
  const dataProvider = useDataProvider()();
  const [busy, setBusy] = useState(false);

  async function exportAs(format: SpreadsheetFormat) {
    setBusy(true);
    const progress = toast.loading("Exporting…");
    try {
      const rows = await fetchAll(dataProvider, { resource: table, filters, sorters }, (fetched, total) =>
        toast.loading(`Exporting… ${fetched} of ${total} rows`, { id: progress }),
      );
      const withLabels: ExportColumn[] = await Promise.all(
        columns.map(async ({ name, label, foreignKey }) => {
          if (!foreignKey) return { name, label };
          const referenced = await fetchAll(dataProvider, {
            resource: foreignKey.refTable,
            select: foreignKey.labelColumn === "id" ? "id" : `id,${foreignKey.labelColumn}`,
          });
          return {
            name,
            label,
            labels: new Map(referenced.map((r) => [String(r.id), String(r[foreignKey.labelColumn] ?? r.id)])),
          };
        }),
      );
      download(await spreadsheetBlob(exportTable(withLabels, rows), format, fileName), `${fileName}.${format}`);
      toast.success(`Exported ${rows.length} rows.`, { id: progress });
    } catch (error) {
      toast.error("Could not export", { id: progress, description: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button size="sm" variant="outline" disabled={busy}>
          <DownloadIcon aria-hidden="true" />
          Export
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem onSelect={() => void exportAs("csv")}>CSV (.csv)</DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void exportAs("xlsx")}>Excel (.xlsx)</DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
